"""The relatives' questionnaire as an ordinary form: a section per page, saved as answered."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.config import Settings
from app.storage.tables import answers_table, comments_table, responses_table
from app.web.app import create_app
from tests.support.entering import enter_round, to_first_form

BASE = "/s/parorende/side"


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A relative who opened the demo round's link."""
    with TestClient(app) as client:
        enter_round(client, "relative")
        yield client


def stored(app: FastAPI) -> dict[str, str | None]:
    with app.state.services.engine.connect() as connection:
        return {a.question_id: a.value for a in connection.execute(select(answers_table)).all()}


def test_a_section_is_one_page_with_all_its_questions(client: TestClient) -> None:
    to_first_form(client)
    page = client.get(f"{BASE}/om_deg").text
    assert "side 3 av 14" in page
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
    assert reply.url.path == f"{BASE}/bolig"
    assert stored(app) == {"relasjon": "forelder", "kontakt": None, "tjeneste": None}
    assert client.get("/s/parorende").url.path == f"{BASE}/bolig"


def test_a_question_inside_a_section_opens_its_section(client: TestClient) -> None:
    to_first_form(client)
    client.post(f"{BASE}/om_deg", data={})
    client.post(f"{BASE}/bolig", data={})
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


def finish_sections(client: TestClient, first: dict[str, str] | None = None) -> str:
    """Send every screen from "Om deg" as it is (the first with `first`) until the one with
    the comment box; returns that screen's id."""
    to_first_form(client)
    at, given = "om_deg", first or {}
    while True:
        reply = client.post(f"{BASE}/{at}", data=given)
        at, given = str(reply.url.path).rsplit("/", 1)[1], {}
        if 'name="tekst-kommentar"' in reply.text:
            return at


def comments(app: FastAPI) -> dict[str, str]:
    with app.state.services.engine.connect() as connection:
        return {c.question_id: c.text for c in connection.execute(select(comments_table)).all()}


def test_the_free_text_comment_warns_against_names_and_is_kept_apart(
    client: TestClient, app: FastAPI
) -> None:
    last = finish_sections(client)
    page = client.get(f"{BASE}/{last}").text
    assert '<h1 id="heading" tabindex="-1">Personalet (del 3 av 3)</h1>' in page
    assert '<label for="tekst-kommentar">Vil du si noe mer om tjenestene' in page
    assert "Ikke skriv navn eller andre opplysninger" in page
    assert 'aria-describedby="hint-kommentar"' in page

    client.post(f"/s/parorende/lagre/{last}", data={"tekst-kommentar": " Bra hjelp. "})
    assert comments(app) == {"kommentar": "Bra hjelp."}
    assert ">Bra hjelp.</textarea>" in client.get(f"{BASE}/{last}").text
    assert "kommentar" not in stored(app)  # not an answer on a scale

    too_long = client.post(f"{BASE}/{last}", data={"tekst-kommentar": "x" * 2001})
    assert too_long.status_code == 422
    assert "Teksten er for lang. Skriv høyst 2000 tegn." in too_long.text
    assert "x" * 2001 + "</textarea>" in too_long.text  # what was typed is not lost
    assert comments(app) == {"kommentar": "Bra hjelp."}

    done = client.post(f"{BASE}/{last}", data={"tekst-kommentar": ""})
    assert done.url.path == f"{BASE}/oppsummering"
    assert comments(app) == {}


def test_a_comment_with_control_characters_is_kept_without_them(
    any_database_settings: Settings,
) -> None:
    """A NUL byte (pasted from another program, or sent on purpose) made PostgreSQL refuse the
    whole comment with a server error; the text is kept, without the characters no one can
    see. Line breaks (as \\n) and tabs stay."""
    app = create_app(any_database_settings)
    with TestClient(app) as client:
        enter_round(client, "relative")
        last = finish_sections(client)
        sent = "Bra\x00 hjelp.\r\nTakk\x07\tfor\x1b alt."
        saved = client.post(f"/s/parorende/lagre/{last}", data={"tekst-kommentar": sent})
        assert saved.status_code == 204
        assert comments(app) == {"kommentar": "Bra hjelp.\nTakk\tfor alt."}


def test_a_section_sent_with_questions_open_says_how_many_and_offers_the_way_back(
    client: TestClient,
) -> None:
    """Every question is optional, but a relative who pressed "Neste" with questions left open
    is told how many, on the next screen, with a link back; a full section says nothing."""
    to_first_form(client)
    reply = client.post(f"{BASE}/om_deg", data={"svar-relasjon": "forelder"})
    assert reply.url.path == f"{BASE}/bolig"
    page = reply.text
    about = "Om deg og din pårørende (del 1 av 2)"
    assert f"Du svarte ikke på 2 av 3 spørsmål i «{about}». Alle spørsmålene er frivillige." in page
    assert f'<a href="{BASE}/om_deg">Tilbake til «{about}»</a>' in page
    assert "Du svarte ikke" not in client.get(f"{BASE}/bolig").text  # said once
    # Back, answer the others too: nothing to say.
    everything = {
        "svar-relasjon": "forelder",
        "svar-kontakt": "ukentlig",
        "svar-tjeneste": "avlastning",
    }
    full = client.post(f"{BASE}/om_deg", data=everything)
    assert full.url.path == f"{BASE}/bolig" and "Du svarte ikke" not in full.text
    client.post(f"{BASE}/bolig", data={"svar-bolig": "vet_ikke", "svar-varighet": "1_3_ar"})
    # With htmx the next screen comes in the answer itself, saying the same.
    fragment = client.post(f"{BASE}/hjemmet", data={}, headers={"HX-Request": "true"})
    assert "<title>Hjemmet (del 2 av 2)" in fragment.text
    assert "Du svarte ikke på 3 av 3 spørsmål i «Hjemmet (del 1 av 2)»" in fragment.text


def test_the_summary_lists_each_section_and_what_is_left_before_sending(
    client: TestClient, app: FastAPI
) -> None:
    everything = {
        "svar-relasjon": "forelder",
        "svar-kontakt": "ukentlig",
        "svar-tjeneste": "annen_tjeneste",
    }
    last = finish_sections(client, everything)
    client.post(f"{BASE}/{last}", data={"svar-pers_innspill": "5"})
    summary = client.get(f"{BASE}/oppsummering")
    assert summary.status_code == 200
    page = summary.text
    assert "<h1" in page and "Før du sender" in page
    about = "Om deg og din pårørende (del 1 av 2)"
    assert (
        f'<a href="{BASE}/om_deg">{about}</a><span class="summary-state">alle er svart på' in page
    )
    last_part = f'<a href="{BASE}/{last}">Personalet (del 3 av 3)</a><span class="summary-state">'
    assert f"{last_part}3 av 4 er ikke svart på" in page
    first_part = f'<a href="{BASE}/personalet">Personalet (del 1 av 3)</a>'
    assert f'{first_part}<span class="summary-state">4 av 4 er ikke svart på' in page
    assert "Send svarene" in page
    assert not finished(app)
    done = client.post(f"{BASE}/oppsummering", data={"next": "1"})
    assert done.url.path == f"{BASE}/takk"
    assert finished(app)


def finished(app: FastAPI) -> bool:
    with app.state.services.engine.connect() as connection:
        return all(r.finished_at for r in connection.execute(select(responses_table)).all())
