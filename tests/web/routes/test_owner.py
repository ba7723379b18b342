"""Owners manage rounds in the browser: a round made, closed, and refused with a message a
person can act on."""

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import clock, urls
from app.rounds.rounds import all_rounds, require_round, units_of, unused_codes
from tests.support.signing_in import add_user, form_token, sign_in

LETTER = {
    "kontaktperson": "Kari Nordmann",
    "kontakt": "900 00 000",
    "avsender": "Bo og habilitering",
}
MADE = {
    "kommune": "Testby",
    "kommunenummer": "9931",
    "periode": "2030",
    "apner": "2030-03-01",
    "stenger": "2030-04-30",
}


@pytest.fixture
def token(app: FastAPI, client: TestClient) -> str:
    """An owner signed in on the rounds page: the form token its forms send."""
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    return form_token(client.get(urls.ROUNDS).text)


def test_an_owner_closes_a_round_and_its_close_button_is_gone(
    app: FastAPI, client: TestClient, token: str
) -> None:
    client.post(urls.ROUNDS, data=MADE | LETTER | {"koder": "3", "csrf": token})
    with app.state.services.connect() as connection:
        made = next(r for r in all_rounds(connection) if r.municipality_name == "Testby")
    page = client.get(urls.ROUNDS).text
    assert f'action="{urls.close_round(made.id)}"' in page

    asked = client.post(urls.close_round(made.id), data={"csrf": token})
    assert "Avslutte runden Testby 2030?" in asked.text and "avsluttet ved en feil" in asked.text
    assert f'action="{urls.close_round(made.id)}"' in client.get(urls.ROUNDS).text  # open
    closed = client.post(urls.close_round(made.id), data={"csrf": token, "bekreft": "ja"})
    assert "Runden er avsluttet. Lenkene virker ikke lenger." in closed.text
    assert f'action="{urls.close_round(made.id)}"' not in closed.text
    assert f'href="{urls.poster(made.id)}"' in closed.text  # the letters can still be printed


def test_the_owner_sees_the_staff_code_that_starts_a_tablet_and_it_does(
    app: FastAPI, client: TestClient, token: str
) -> None:
    """The staff code is on the rounds page (not on the poster); typed on the residents' link
    it starts a tablet. The try-out round has none."""
    today = clock.today()
    running = {"periode": str(today.year), "apner": str(today), "stenger": f"{today.year}-12-31"}
    client.post(urls.ROUNDS, data=MADE | running | {"koder": "0", "csrf": token})
    page = client.get(urls.ROUNDS).text
    codes = re.findall(r"Personalets kode: <code>([^<]+)</code>", page)
    assert len(codes) == 1  # the round made, not the try-out round
    with app.state.services.connect() as connection:
        made = next(r for r in all_rounds(connection) if r.municipality_name == "Testby")
    assert codes[0] not in client.get(urls.poster(made.id)).text
    with TestClient(app) as tablet:
        link = f"/r/{made.resident_token}"
        started = tablet.post(link, data={"enhet": "", "personalkode": codes[0]})
        assert started.url.path == "/s/beboer/side/velkommen", started.text


def test_letters_name_whom_to_ask_and_a_round_with_letters_needs_it(
    app: FastAPI, client: TestClient, token: str
) -> None:
    refused = client.post(urls.ROUNDS, data=MADE | {"koder": "3", "csrf": token})
    assert refused.status_code == 400
    assert "Brevene til pårørende sier hvem de kan spørre" in refused.text
    client.post(urls.ROUNDS, data=MADE | LETTER | {"koder": "3", "csrf": token})
    with app.state.services.connect() as connection:
        made = next(r for r in all_rounds(connection) if r.municipality_name == "Testby")
    letters = client.get(urls.poster(made.id)).text.split('aria-label="Brev 1"')[1]
    assert "Fra Bo og habilitering, Testby kommune" in letters
    assert "Spør Kari Nordmann: 900 00 000." in letters
    # Printed in the language the relatives read: a nynorsk municipality writes in nynorsk.
    rounds = client.get(urls.ROUNDS).text
    for language, name in (("nn", "nynorsk"), ("en", "engelsk")):
        assert f'href="{urls.poster(made.id, language)}"' in rounds
        assert f"Plakat og brev </span>på {name}<span" in rounds
    letters = client.get(urls.poster(made.id, "nn")).text.split('aria-label="Brev 1"')[1]
    assert "Frå Bo og habilitering, Testby kommune" in letters
    assert "Spør Kari Nordmann: 900 00 000." in letters and "Kva blir lagra?" in letters
    assert client.get(urls.poster(made.id, "sv")).status_code == 404


def test_an_owner_gives_a_running_round_more_time_codes_and_homes_but_not_a_closed_one(
    app: FastAPI, client: TestClient, token: str
) -> None:
    client.post(urls.ROUNDS, data=MADE | LETTER | {"koder": "2", "csrf": token})
    with app.state.services.connect() as connection:
        made = next(r for r in all_rounds(connection) if r.municipality_name == "Testby")
    change = urls.change_round(made.id)
    changed = client.post(
        change,
        data={
            "csrf": token,
            "stenger": "2030-05-31",
            "flere_koder": "3",
            "nye_enheter": "Lia bolig\nSjøgata",
        },
    )
    assert "Runden er endret." in changed.text
    with app.state.services.connect() as connection:
        now = require_round(connection, made.id)
        assert now.closes_on.isoformat() == "2030-05-31"
        assert units_of(now) == ["Lia bolig", "Sjøgata"]
        assert len(unused_codes(connection, made.id)) == 5

    early = client.post(change, data={"csrf": token, "stenger": "2030-02-01"})
    assert (
        early.status_code == 400
        and "må være i dag eller senere, og etter startdatoen" in early.text
    )

    client.post(urls.close_round(made.id), data={"csrf": token, "bekreft": "ja"})
    refused = client.post(change, data={"csrf": token, "stenger": "2030-06-30"})
    assert refused.status_code == 400 and "kan ikke endres. Åpne den igjen først" in refused.text
    assert f'action="{change}"' not in client.get(urls.ROUNDS).text


def test_an_owner_opens_a_round_closed_by_mistake_again_after_being_told_what_it_means(
    app: FastAPI, client: TestClient, token: str
) -> None:
    client.post(urls.ROUNDS, data=MADE | LETTER | {"csrf": token})
    with app.state.services.connect() as connection:
        made = next(r for r in all_rounds(connection) if r.municipality_name == "Testby")
    reopen = urls.reopen_round(made.id)
    assert f'action="{reopen}"' not in client.get(urls.ROUNDS).text  # it runs
    client.post(urls.close_round(made.id), data={"csrf": token, "bekreft": "ja"})
    assert f'action="{reopen}"' in client.get(urls.ROUNDS).text

    asked = client.post(reopen, data={"csrf": token, "stenger": "2030-05-31"})
    assert "Åpne runden Testby 2030 igjen?" in asked.text
    assert "Runden blir åpen til og med 31. mai 2030." in asked.text
    assert "Svar som var begynt før, fortsetter ikke" in asked.text
    with app.state.services.connect() as connection:
        assert require_round(connection, made.id).closed_at is not None  # not yet
    opened = client.post(reopen, data={"csrf": token, "stenger": "2030-05-31", "bekreft": "ja"})
    assert "Runden er åpnet igjen." in opened.text
    assert f'action="{urls.close_round(made.id)}"' in opened.text
    with app.state.services.connect() as connection:
        now = require_round(connection, made.id)
    assert now.closed_at is None and now.closes_on.isoformat() == "2030-05-31"

    again = client.post(reopen, data={"csrf": token, "stenger": "2030-05-31", "bekreft": "ja"})
    assert again.status_code == 400 and "Runden er ikke avsluttet" in again.text
    client.post(urls.close_round(made.id), data={"csrf": token, "bekreft": "ja"})
    unreadable = client.post(reopen, data={"csrf": token, "stenger": "31.05", "bekreft": "ja"})
    assert unreadable.status_code == 400 and "er ikke en dato" in unreadable.text


def test_a_round_that_does_not_exist_says_so_and_leads_back(
    app: FastAPI, client: TestClient, token: str
) -> None:
    missing = client.post(urls.close_round(999), data={"csrf": token})
    assert missing.status_code == 404
    assert "Fant ikke runden" in missing.text
    assert re.search(rf'<a[^>]*href="{urls.ROUNDS}"[^>]*>Til rundene</a>', missing.text)
    assert client.get(urls.poster(999)).status_code == 404


def test_a_code_count_that_is_no_number_is_explained_and_the_form_kept(
    app: FastAPI, client: TestClient, token: str
) -> None:
    refused = client.post(urls.ROUNDS, data=MADE | {"koder": "ti", "csrf": token})
    assert refused.status_code == 400
    assert "Antall koder skal være et tall, for eksempel 0 eller 40." in refused.text
    assert 'value="Testby"' in refused.text


@pytest.mark.parametrize("round_id", [2**63, 2**64, -(2**63) - 1])
def test_a_round_number_too_large_for_the_database_is_a_round_not_found(
    client: TestClient, token: str, round_id: int
) -> None:
    for answer in (
        client.get(urls.report(round_id)),
        client.get(urls.round_file(round_id, "beboere", "csv")),
        client.get(urls.poster(round_id)),
        client.post(urls.close_round(round_id), data={"csrf": token}),
        client.post(urls.change_round(round_id), data={"csrf": token}),
    ):
        assert answer.status_code == 404, answer.url
        assert "Fant ikke runden" in answer.text


def test_an_owner_says_how_many_were_invited_and_the_report_shows_participation(
    app: FastAPI, client: TestClient, token: str
) -> None:
    client.post(urls.ROUNDS, data=MADE | {"enheter": "Lia\nBerg", "csrf": token})
    with app.state.services.connect() as connection:
        made = next(r for r in all_rounds(connection) if r.municipality_name == "Testby")
    page = client.get(urls.ROUNDS).text
    assert f'action="{urls.invited(made.id)}"' in page
    assert "Beboere invitert i Lia" in page and "Pårørende invitert" in page
    saved = client.post(
        urls.invited(made.id),
        data={"csrf": token, "bolig": ["12", "8"], "parorende": "30"},
    )
    assert "Antall inviterte er lagret." in saved.text
    assert 'value="12"' in saved.text and 'value="30"' in saved.text  # shown again to change
    report = client.get(urls.report(made.id)).text
    assert "Svarprosent" in report and "<td>20</td>" in report and "<td>30</td>" in report
    refused = client.post(urls.invited(made.id), data={"csrf": token, "parorende": "mange"})
    assert refused.status_code == 400 and "«mange» er ikke et antall" in refused.text
    assert client.post(urls.invited(made.id), data={"parorende": "3"}).status_code == 403


def test_an_owner_gives_each_home_its_service_and_form_of_housing(
    app: FastAPI, client: TestClient, token: str
) -> None:
    client.post(urls.ROUNDS, data=MADE | {"enheter": "Lia\nBerg", "csrf": token})
    with app.state.services.connect() as connection:
        made = next(r for r in all_rounds(connection) if r.municipality_name == "Testby")
    address = urls.home_tags(made.id)
    page = client.get(urls.ROUNDS).text
    assert f'action="{address}"' in page and "<legend>Lia</legend>" in page
    assert '<option value="bolig_med_personale">Bolig med personale</option>' in page
    assert '<option value="samlokalisert">Samlokaliserte boliger</option>' in page
    saved = client.post(
        address,
        data={
            "csrf": token,
            "tjeneste": ["bolig_med_personale", "avlastning"],
            "boform": ["bofellesskap", ""],
        },
    )
    assert "Boligenes tjeneste og boform er lagret." in saved.text
    assert '<option value="avlastning" selected>Avlastning</option>' in saved.text
    assert '<option value="bofellesskap" selected>Bofellesskap</option>' in saved.text
    refused = client.post(
        address, data={"csrf": token, "tjeneste": ["bpa", "tull"], "boform": ["", ""]}
    )
    assert refused.status_code == 400 and "«tull» er ingen tjeneste" in refused.text
    short = client.post(address, data={"csrf": token, "tjeneste": ["bpa"], "boform": [""]})
    assert short.status_code == 400 and "passet ikke til rundens boliger" in short.text
    assert client.post(address, data={"tjeneste": ["", ""], "boform": ["", ""]}).status_code == 403
    # Closed with its tags: they are shown, no longer asked.
    client.post(urls.close_round(made.id), data={"csrf": token, "bekreft": "ja"})
    closed = client.get(urls.ROUNDS).text
    assert "Lia: Bolig med personale, bofellesskap" in closed
    assert f'action="{address}"' not in closed
    again = client.post(
        address, data={"csrf": token, "tjeneste": ["bpa", "bpa"], "boform": ["", ""]}
    )
    assert again.status_code == 400 and "kan ikke endres nå" in again.text


def test_a_new_round_already_over_is_refused_with_what_was_typed_kept(
    client: TestClient, token: str
) -> None:
    over = MADE | {"periode": "2020", "apner": "2020-03-01", "stenger": "2020-04-30"}
    refused = client.post(urls.ROUNDS, data=over | {"csrf": token})
    assert refused.status_code == 400
    assert "Sluttdatoen 2020-04-30 har allerede vært." in refused.text
    assert 'value="Testby"' in refused.text
