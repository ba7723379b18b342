"""The relatives' questionnaire as an ordinary form: a section per page, saved as answered."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Answer

BASE = "/s/parorende/side"


def stored(app: FastAPI) -> dict[str, str | None]:
    with Session(app.state.services.engine) as session:
        return {a.question_id: a.value for a in session.exec(select(Answer)).all()}


def to_first_form(client: TestClient) -> None:
    for text_page in ("velkommen", "frivillig"):
        reply = client.post(f"{BASE}/{text_page}", data={"next": "1"})
    assert reply.url.path == f"{BASE}/om_deg"


def test_a_section_is_one_page_with_all_its_questions(client: TestClient) -> None:
    to_first_form(client)
    page = client.get(f"{BASE}/om_deg").text
    assert "side 3 av 9" in page
    assert "<legend>Hva er din relasjon til personen som får tjenestene?</legend>" in page
    assert 'name="svar-relasjon" value="forelder"' in page
    assert 'name="svar-kontakt" value="manedlig"' in page
    assert 'hx-post="/s/parorende/lagre/om_deg"' in page
    hjemmet = client.get(f"{BASE}/hjemmet")  # not reached yet: back to where this person is
    assert hjemmet.url.path == f"{BASE}/velkommen"


def test_choices_are_saved_when_chosen_and_open_ones_count_as_skipped(
    client: TestClient, app: FastAPI
) -> None:
    to_first_form(client)
    saved = client.post("/s/parorende/lagre/om_deg", data={"svar-relasjon": "verge"})
    assert saved.status_code == 204
    assert stored(app) == {"relasjon": "verge"}
    assert 'value="verge" checked' in client.get(f"{BASE}/om_deg").text

    reply = client.post(f"{BASE}/om_deg", data={"svar-relasjon": "forelder"})
    assert reply.url.path == f"{BASE}/hjemmet"
    assert stored(app) == {"relasjon": "forelder", "kontakt": None}
    assert client.get("/s/parorende").url.path == f"{BASE}/hjemmet"


def test_a_question_inside_a_section_opens_its_section(client: TestClient) -> None:
    to_first_form(client)
    client.post(f"{BASE}/om_deg", data={})
    assert client.get(f"{BASE}/hjem_trives").url.path == f"{BASE}/hjemmet"


def test_tampered_answers_are_refused_with_the_page_shown_again(
    client: TestClient, app: FastAPI
) -> None:
    to_first_form(client)
    wrong_value = client.post(f"{BASE}/om_deg", data={"svar-relasjon": "nabo"})
    assert wrong_value.status_code == 422
    assert "Bare svarene som står på siden, kan velges." in wrong_value.text
    elsewhere = client.post(f"{BASE}/om_deg", data={"svar-hjem_trives": "6"})
    assert elsewhere.status_code == 422
    assert client.post("/s/parorende/lagre/om_deg", data={"svar-relasjon": "x"}).status_code == 422
    assert stored(app) == {}
