"""A user panel tries a draft with the owner: per page the owner notes whether they understood
it, whether the picture fits, and a note; the page and the questionnaire list them, and a
verdict on words changed since says which words were judged."""

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from app import urls
from app.config import Settings
from tests.support.owning import app_with_own_questions, edit
from tests.support.signing_in import add_user, as_owner, form_token, sign_in

ASKED = "Trives du der du bor?"


@pytest.fixture
def app(settings: Settings, tmp_path: Path) -> FastAPI:
    return app_with_own_questions(settings, tmp_path)


@pytest.fixture
def owner(app: FastAPI, client: TestClient) -> TestClient:
    return as_owner(app, client)


def note(owner: TestClient, page: str, **said: str) -> str:
    shown = owner.get(urls.preview("beboer", page)).text
    reply = owner.post(urls.verdict("beboer", page), data={"csrf": form_token(shown), **said})
    return reply.text if reply.status_code == 200 else f"{reply.status_code}: {reply.text}"


def test_the_panels_verdicts_are_noted_per_page_and_listed(app: FastAPI, owner: TestClient) -> None:
    shown = note(owner, "hjem_trives", forstatt="ja", bildet="delvis", merknad="Huset ser trist ut")
    assert "Vurderingen er lagret." in shown
    assert "Forstått: Ja. Bildet passer: Delvis. «Huset ser trist ut»" in shown
    note(owner, "hjem_trives", forstatt="delvis")
    pages = owner.get(urls.questionnaire_pages("beboer")).text
    assert "2 vurderinger. Forstått: 1 ja, 1 delvis. Bildet passer: 1 delvis." in pages

    # The words are changed after the panel saw them: the verdict says which words it judged.
    edit(app, f'"{ASKED}"', '"Liker du deg der du bor?"')
    app.state.publishing.look_at_drafts()
    later = owner.get(urls.preview("beboer", "hjem_trives")).text
    assert f"Vurdert med ordlyden før den ble endret: «{ASKED}»" in later


@pytest.mark.parametrize(
    ("said", "message"),
    [
        ({}, "Velg hva panelet sa, eller skriv en merknad."),
        ({"forstatt": "kanskje"}, "Velg Ja, Delvis eller Nei."),
        ({"merknad": "x" * 2001}, "Merknaden kan ha høyst 2000 tegn."),
    ],
)
def test_a_verdict_that_cannot_be_kept_is_said_plainly(
    app: FastAPI, owner: TestClient, said: dict[str, str], message: str
) -> None:
    assert note(owner, "hjem_trives", **said).startswith("400: ")
    assert message in note(owner, "hjem_trives", **said)
    with app.state.services.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM panelverdict")).scalar() == 0


def test_only_an_owner_with_the_forms_token_notes_a_verdict(
    app: FastAPI, client: TestClient
) -> None:
    anonymous = client.post(urls.verdict("beboer", "hjem_trives"), data={"forstatt": "ja"})
    assert "Logg inn" in anonymous.text
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    forged = client.post(
        urls.verdict("beboer", "hjem_trives"), data={"forstatt": "ja", "csrf": "gjettet"}
    )
    assert forged.status_code == 403
    with app.state.services.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM panelverdict")).scalar() == 0
