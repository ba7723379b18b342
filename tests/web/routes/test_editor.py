"""The studio in the browser: an owner makes a questionnaire, writes its questions in every
language side by side, chooses scales and themes, moves and removes pages, sees the advice as
they type, and publishes it; a hand-written file edited here keeps its comments."""

import difflib
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from app import urls
from app.config import Settings
from tests.support.owning import app_with_own_questions
from tests.support.signing_in import add_user, form_token, sign_in


@pytest.fixture
def app(settings: Settings, tmp_path: Path) -> FastAPI:
    return app_with_own_questions(settings, tmp_path)


@pytest.fixture
def owner(app: FastAPI, client: TestClient) -> TestClient:
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    return client


def folder(app: FastAPI) -> Path:
    questions: Path = app.state.services.settings.questions_dir
    return questions


def make(owner: TestClient, **typed: str) -> Response:
    page = owner.get(urls.STUDIO_NEW).text
    form = {"csrf": form_token(page), "id": "jobb", "tittel_nb": "Trives du på jobb?"}
    form |= {"tittel_nn": "Trivst du på jobb?", "sprak_nb": "1", "sprak_nn": "1"}
    form |= {"hvem": "resident", **typed}
    made: Response = owner.post(urls.STUDIO_NEW, data=form)
    return made


def act(owner: TestClient, page_id: str, action: str, **typed: str) -> str:
    shown = owner.get(urls.studio("jobb")).text
    form = {"csrf": form_token(shown), "handling": action, **typed}
    reply = owner.post(urls.studio_page("jobb", page_id), data=form)
    assert reply.status_code in (200, 400), reply.text
    return str(reply.text)


def test_an_owner_makes_writes_and_publishes_a_questionnaire(
    app: FastAPI, owner: TestClient
) -> None:
    made = make(owner)
    assert made.url.path == urls.studio("jobb")
    assert (folder(app) / "jobb.yaml").exists()
    act(owner, "del_1", "nytt_sporsmal")
    shown = owner.get(urls.studio("jobb")).text
    assert 'id="side-sporsmal_1"' in shown and "Skriv spørsmålet her." in shown

    # Bokmål written, nynorsk left empty: shown missing, and the draft cannot be published.
    saved = act(
        owner,
        "sporsmal_1",
        "lagre",
        text_nb="Liker du jobben din?",
        text_nn="",
        skala="ja_delvis_nei",
        tema="trygghet",
    )
    assert "(mangler)" in saved and "mangler nynorsk (nn)" in saved
    assert "kan ikke publiseres" in saved
    text = (folder(app) / "jobb.yaml").read_text("utf-8")
    assert "nb: Liker du jobben din?" in text and "theme: trygghet" in text
    act(
        owner,
        "sporsmal_1",
        "lagre",
        text_nb="Liker du jobben din?",
        text_nn="Likar du jobben din?",
        skala="ja_avogtil_nei",
        tema="-",
    )
    text = (folder(app) / "jobb.yaml").read_text("utf-8")
    assert "background: true" in text and "theme:" not in text.split("sporsmal_1")[1]

    listed = owner.get(urls.QUESTIONNAIRES).text
    assert "questions/jobb.yaml (ny)" in listed
    published = owner.post(urls.PUBLISH, data={"csrf": form_token(listed)}).text
    assert "jobb versjon 1" in published


def test_pages_move_and_go_but_the_first_and_last_stay(app: FastAPI, owner: TestClient) -> None:
    make(owner)
    act(owner, "del_1", "nytt_sporsmal")
    act(owner, "sporsmal_1", "nytt_sporsmal")

    def order() -> list[str]:
        return re.findall(r'id="side-(\w+)"', owner.get(urls.studio("jobb")).text)

    assert order() == ["velkommen", "del_1", "sporsmal_1", "sporsmal_2", "takk"]
    act(owner, "sporsmal_2", "opp")
    assert order() == ["velkommen", "del_1", "sporsmal_2", "sporsmal_1", "takk"]
    act(owner, "sporsmal_1", "slett")
    assert order() == ["velkommen", "del_1", "sporsmal_2", "takk"]
    assert "Første og siste side står fast." in act(owner, "del_1", "opp")
    assert "Første og siste side kan ikke fjernes." in act(owner, "takk", "slett")


def test_a_hand_written_file_keeps_its_comments(app: FastAPI, owner: TestClient) -> None:
    path = folder(app) / "beboer.yaml"
    before = path.read_text("utf-8")
    shown = owner.get(urls.studio("beboer")).text
    assert 'lang="nn"' in shown and "Trivst du der du bur?" in shown
    owner.post(
        urls.studio_page("beboer", "hjem_trives"),
        data={
            "csrf": form_token(shown),
            "handling": "lagre",
            "text_nb": "Liker du deg der du bor?",
            "text_nn": "Trivst du der du bur?",
            "explanation_nb": "",
            "explanation_nn": "",
            "skala": "ja_delvis_nei",
            "tema": "trivsel",
        },
    )
    after = path.read_text("utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        '-      nb: "Trives du der du bor?"',
        '+      nb: "Liker du deg der du bor?"',
    ]


def test_the_advice_comes_as_the_text_is_typed(owner: TestClient) -> None:
    long = "Liker du maten og personalet og synes du at de er snille med deg hver eneste dag?"
    advice = owner.post(urls.STUDIO_ADVICE, data={"tekst": long, "sprak": "nb"}).text
    assert "«og» kan gjøre dette til to spørsmål i ett" in advice
    assert owner.post(urls.STUDIO_ADVICE, data={"tekst": "Har du det bra?"}).text == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"id": "Jobb nr 1"}, "Id-en kan ha små bokstaver"),
        ({"id": "beboer"}, "Det finnes allerede et skjema med id «beboer»"),
        ({"sprak_nb": "", "sprak_nn": ""}, "Velg minst ett språk"),
        ({"tittel_nb": "", "tittel_nn": ""}, "Skriv en tittel."),
    ],
)
def test_a_new_questionnaire_that_cannot_be_made_is_said_plainly(
    owner: TestClient, typed: dict[str, str], message: str
) -> None:
    refused = make(owner, **typed)
    assert refused.status_code == 400 and message in refused.text
