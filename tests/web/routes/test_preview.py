"""Owners look through a questionnaire: every page as respondents see it, in both option
orders, with what is read aloud and the plain-language advice beside it; nothing is stored."""

import re
from html import unescape

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from app import urls
from app.storage.tables import responses_table
from app.web.routes.preview import FRAME_POLICY
from tests.support.signing_in import add_user, as_owner, sign_in


def test_every_questionnaire_with_its_readability(app: FastAPI, client: TestClient) -> None:
    as_owner(app, client)
    page = client.get(urls.QUESTIONNAIRES).text
    assert "Min stemme teller" in page and "Pårørendeundersøkelse" in page
    assert re.search(r"Lettlest, bokmål: \d+ ord, lengste setning \d+ ord, LIX \d+ \(", page)
    assert f'href="{urls.questionnaire_pages("beboer")}"' in page


def test_every_page_is_listed_with_its_advice_also_those_a_skip_rule_passes_over(
    app: FastAPI, client: TestClient
) -> None:
    as_owner(app, client)
    page = client.get(urls.questionnaire_pages("beboer")).text
    for skipped in ("hjem_nok_hjelp", "dag_onsker", "dag_liker"):  # each behind a skip rule
        assert f'href="{urls.preview("beboer", skipped)}"' in page, skipped
    assert "Vises bare hvis dag_har er nei." in page
    assert "«eller» kan gjøre dette til to spørsmål i ett" in page  # the apartment or the room


def test_a_page_is_shown_as_respondents_see_it_in_both_orders_and_nothing_is_stored(
    app: FastAPI, client: TestClient
) -> None:
    as_owner(app, client)
    shown = client.get(urls.preview("beboer", "dag_onsker")).text
    assert "«eller» kan gjøre dette til to spørsmål i ett" in shown
    frames = re.findall(r'<iframe src="([^"]+)"[^>]*sandbox="allow-same-origin"', shown)
    assert frames == [
        urls.preview_frame("beboer", "dag_onsker"),
        urls.preview_frame("beboer", "dag_onsker", reversed_options=True),
    ]
    assert len(re.findall(r"<audio controls", shown)) >= 3  # the page, and each answer

    plain, turned = (client.get(frame) for frame in frames)
    assert plain.headers["Content-Security-Policy"] == FRAME_POLICY
    assert "Vil du gjerne ha en jobb eller et dagtilbud?" in plain.text
    labels = [re.findall(r">(Ja|Nei|Både ja og nei)<", reply.text) for reply in (plain, turned)]
    assert labels[0] == list(reversed(labels[1])) and labels[0]
    with app.state.services.engine.connect() as connection:
        assert connection.execute(select(responses_table)).all() == []


def test_only_owners_look_and_a_page_that_is_not_there_is_not_found(
    app: FastAPI, client: TestClient
) -> None:
    add_user(app, "analytiker", "analyst")
    sign_in(client, "analytiker")
    assert client.get(urls.QUESTIONNAIRES).status_code == 403
    as_owner(app, client)
    assert client.get(urls.preview("beboer", "finnes_ikke")).status_code == 404
    assert client.get(urls.questionnaire_pages("finnes_ikke")).status_code == 404


def test_owners_look_at_every_language_a_questionnaire_offers(
    app: FastAPI, client: TestClient
) -> None:
    as_owner(app, client)
    every = client.get(urls.QUESTIONNAIRES).text
    assert re.search(r"Lettlest, nynorsk: \d+ ord, lengste setning \d+ ord, LIX \d+ \(", every)

    shown = client.get(urls.preview("beboer", "dag_onsker")).text
    in_nynorsk = urls.preview("beboer", "dag_onsker", language="nn")
    assert f'<a href="{in_nynorsk}" lang="nn" hreflang="nn">Nynorsk</a>' in shown
    assert 'aria-current="page" lang="nb" hreflang="nb">Bokmål</a>' in shown

    shown = client.get(in_nynorsk).text
    links = re.findall(r'hreflang="(\w+)">', shown)
    assert links == ["nb", "nn"], "the languages in the same order on every page"
    assert "«eller» kan gjøre dette til to spørsmål i ett" in shown  # "ein jobb eller eit …"
    frames = [unescape(src) for src in re.findall(r'<iframe src="([^"]+)"', shown)]
    assert frames == [
        urls.preview_frame("beboer", "dag_onsker", language="nn"),
        urls.preview_frame("beboer", "dag_onsker", reversed_options=True, language="nn"),
    ]
    heard = re.compile(r'<audio controls preload="none" src="([^"]+)"')
    in_bokmal = heard.findall(client.get(urls.preview("beboer", "dag_onsker")).text)
    clips = heard.findall(shown)
    assert len(clips) == len(in_bokmal) and clips[0] != in_bokmal[0]  # the page, read in nynorsk
    frame = client.get(frames[0]).text
    assert "Vil du gjerne ha ein jobb eller eit dagtilbod?" in frame
    assert '<html lang="nn">' in frame and "Vil ikkje svare" in frame

    pages = client.get(urls.questionnaire_pages("beboer", language="nn")).text
    assert "Trivst du der du bur?" in pages
    assert f'href="{urls.preview("beboer", "hjem_trives", language="nn")}"' in pages
    assert client.get(urls.preview("beboer", "dag_onsker", language="en")).status_code == 404


def test_a_forms_screens_are_listed_with_their_part_and_questions(
    app: FastAPI, client: TestClient
) -> None:
    """The relatives' "Personalet" is three screens: the owner sees each named as respondents
    do, with how many questions it holds."""
    as_owner(app, client)
    page = client.get(urls.questionnaire_pages("parorende")).text
    for part in (1, 2, 3):
        assert f"<strong>Personalet (del {part} av 3): 4 spørsmål</strong>" in page
    assert "<strong>Om deg og din pårørende (del 1 av 2): 3 spørsmål</strong>" in page
    assert "<strong>Om deg og din pårørende (del 2 av 2): 2 spørsmål</strong>" in page


def test_the_home_question_is_previewed_with_example_homes(
    app: FastAPI, client: TestClient
) -> None:
    """A preview belongs to no round: the question offering the round's homes shows two
    examples before its own options, so the owner sees what respondents will."""
    as_owner(app, client)
    shown = client.get(urls.preview_frame("parorende", "bolig")).text
    for label in ("Eksempel: Solsiden bolig", "Eksempel: Fjellveien bofellesskap", "Vet ikke"):
        assert f"<span>{label}</span>" in shown
    assert "Du kan velge flere." not in shown
