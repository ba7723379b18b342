"""A questionnaire offered in bokmål and nynorsk: the respondent (or staff starting the tablet)
chooses on the first page, everything after is in that language, the response keeps it, and a
pause taken on one tablet goes on in it on another."""

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from app import PROJECT_ROOT, urls
from app.config import Settings
from app.questionnaires.catalog import Catalog
from app.rounds.rounds import create_round
from app.web.app import create_app
from tests.support.entering import enter_round, round_links, to_first_form

INTRO = "/s/beboer/side/velkommen"
FIRST = "/s/beboer/side/hjem_trives"


def _replace(path: Path, old: str, new: str) -> None:
    written = path.read_text(encoding="utf-8")
    assert old in written
    path.write_text(written.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def bilingual(settings: Settings, tmp_path: Path) -> Iterator[TestClient]:
    """The residents' questionnaire as shipped, in nb and nn; a scale's label written in each
    language too."""
    questions = tmp_path / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", questions)
    _replace(
        questions / "scales.yaml",
        "label: Både ja og nei",
        "label: {nb: Både ja og nei, nn: Både ja og nei, en: Both yes and no}",
    )
    app = create_app(settings.model_copy(update={"questions_dir": questions}))
    with TestClient(app) as client:
        yield client


def _lang(page: str) -> str:
    found = re.search(r'<html lang="(\w+)"', page)
    assert found, page[:200]
    return found.group(1)


def _to_first_question(client: TestClient) -> None:
    for text_page in ("velkommen", "eir", "frivillig", "hjemme"):
        client.post(f"/s/beboer/side/{text_page}", data={"next": "1"})
    chosen = client.post("/s/beboer/hvem", data={"hvem": "selv", "neste": "hjem_trives"})
    assert chosen.url.path == FIRST


def _stored_language(app: FastAPI) -> list[str | None]:
    with app.state.services.engine.connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT language FROM response"))]


def test_a_resident_chooses_nynorsk_on_the_first_page_and_every_page_after_is_in_it(
    bilingual: TestClient,
) -> None:
    enter_round(bilingual)
    intro = bilingual.get(INTRO).text
    assert _lang(intro) == "nb"
    assert 'lang="nn"' in intro and ">Nynorsk</button>" in intro and ">Bokmål</button>" in intro

    chosen = bilingual.post(urls.LANGUAGE, data={"sprak": "nn", "tilbake": INTRO})
    assert chosen.url.path == INTRO
    assert _lang(chosen.text) == "nn"
    assert 'value="nn"' in chosen.text and 'aria-pressed="true"' in chosen.text

    _to_first_question(bilingual)
    question = bilingual.get(FIRST).text
    assert _lang(question) == "nn"
    assert "Trivst du der du bur?" in question and "Trives du" not in question
    assert "Vil ikkje svare" in question and "Vil ikke svare" not in question
    assert re.search(r"side \d+ av \d+", question)
    assert _stored_language(bilingual.app) == ["nn"]  # type: ignore[arg-type]

    helper = bilingual.get("/s/beboer/hvem?neste=hjem_trives").text
    assert _lang(helper) == "nn"
    assert "Kven er med deg no?" in helper and "Eg svarar sjølv" in helper
    helped = bilingual.post("/s/beboer/hvem", data={"hvem": "personale", "neste": "hjem_trives"})
    assert "Berre du skal svare" in helped.text  # the resident-only note, in nynorsk


def test_the_choice_is_kept_with_the_response_and_goes_on_with_its_code(
    bilingual: TestClient, settings: Settings
) -> None:
    enter_round(bilingual)
    bilingual.post(urls.LANGUAGE, data={"sprak": "nn", "tilbake": INTRO})
    _to_first_question(bilingual)
    bilingual.post(FIRST, data={"svar-hjem_trives": "ja"})
    pause = bilingual.get("/s/beboer/pause").text
    assert _lang(pause) == "nn" and "Ta ein pause" in pause
    code = re.search(r'class="resume-code">.*?<strong>([^<]+)</strong>', pause, re.S)
    assert code

    with TestClient(bilingual.app) as other:  # another tablet, never told a language
        resumed = other.post(urls.RESUME, data={"kode": code.group(1)})
        assert resumed.url.path == "/s/beboer/side/hjem_leilighet"
        assert _lang(resumed.text) == "nn" and "Vil ikkje svare" in resumed.text


def test_the_language_is_chosen_again_on_the_first_page_and_the_response_follows(
    bilingual: TestClient,
) -> None:
    enter_round(bilingual)
    bilingual.post(urls.LANGUAGE, data={"sprak": "nn", "tilbake": INTRO})
    _to_first_question(bilingual)
    bilingual.post(urls.LANGUAGE, data={"sprak": "nb", "tilbake": INTRO})
    assert "Trives du der du bor?" in bilingual.get(FIRST).text
    assert _stored_language(bilingual.app) == ["nb"]  # type: ignore[arg-type]


def test_staff_choose_the_language_on_the_start_page(bilingual: TestClient) -> None:
    resident, _ = round_links(bilingual.get("/").text)
    start = bilingual.get(resident).text
    assert ">Nynorsk</button>" in start
    bilingual.post(urls.LANGUAGE, data={"sprak": "nn", "tilbake": resident})
    # The start page itself is in the language chosen: no page mixes two.
    start = bilingual.get(resident).text
    assert _lang(start) == "nn" and "Denne sida er for personalet." in start
    assert "Kva bustad eller avdeling?" in start and "Svært sakte – 5 sekund<" in start
    assert "Ingen namn blir lagra." in start and "Ikkje vald" in start
    refused = bilingual.post(resident, data={"enhet": "", "skanning": "9"})
    assert refused.status_code == 422 and "Vel ei av fartane for skanning" in refused.text
    refused = bilingual.post(resident, data={"enhet": "99"})
    assert refused.status_code == 422 and "Vel ein av bustadene på lista." in refused.text
    enter_round(bilingual)
    assert _lang(bilingual.get(INTRO).text) == "nn"


def test_a_language_the_questionnaire_is_not_written_in_shows_its_own(
    bilingual: TestClient,
) -> None:
    """English exists for the interface; a questionnaire without English stays in bokmål,
    interface included (no page mixes languages)."""
    enter_round(bilingual)
    bilingual.post(urls.LANGUAGE, data={"sprak": "en", "tilbake": INTRO})
    _to_first_question(bilingual)
    question = bilingual.get(FIRST).text
    assert _lang(question) == "nb" and "Vil ikke svare" in question
    assert ">English</button>" not in bilingual.get(INTRO).text


def test_error_pages_and_the_front_page_are_in_the_chosen_language(client: TestClient) -> None:
    front = client.get("/").text
    assert ">English</button>" in front and ">Nynorsk</button>" in front
    client.post(urls.LANGUAGE, data={"sprak": "en", "tilbake": "/"})
    assert "Try the survey" in client.get("/").text
    missing = client.get("/s/finnes_ikke")
    assert missing.status_code == 404
    assert _lang(missing.text) == "en" and "Form not found" in missing.text
    client.post(urls.LANGUAGE, data={"sprak": "nn", "tilbake": "/"})
    resume = client.post(urls.RESUME, data={"kode": "ABCD-EFGH"}).text
    assert _lang(resume) == "nn" and "Vi fann ingen svar med denne koden" in resume


def test_the_front_page_says_plainly_when_the_questions_are_not_in_the_chosen_language(
    client: TestClient,
) -> None:
    """English is offered for the site; the survey then came in bokmål without a word."""
    client.post(urls.LANGUAGE, data={"sprak": "en", "tilbake": "/"})
    assert "The questions are in Norwegian (Bokmål, Nynorsk)." in client.get("/").text
    client.post(urls.LANGUAGE, data={"sprak": "nn", "tilbake": "/"})
    assert "Spørsmåla er på" not in client.get("/").text


def test_the_day_a_round_opens_is_said_in_the_readers_language(
    app: FastAPI, client: TestClient, catalog: Catalog
) -> None:
    """The "not open yet" page said "1. mars 2030" to an English reader."""
    with app.state.services.connect() as connection:
        later = create_round(
            connection,
            catalog,
            municipality_name="Fjordby",
            municipality_number="9946",
            period="2030",
            opens_on=date(2030, 3, 1),
            closes_on=date(2030, 4, 30),
        )
    client.post(urls.LANGUAGE, data={"sprak": "en", "tilbake": "/"})
    page = client.get(f"/r/{later.relative_token}")
    assert page.status_code == 403 and "The survey in Fjordby opens 1 March 2030." in page.text


@pytest.mark.parametrize(
    ("sent", "status", "where"),
    [
        ({"sprak": "sv", "tilbake": "/"}, 400, None),
        ({"sprak": "nn", "tilbake": "//evil.example/"}, 303, "/"),
        ({"sprak": "nn", "tilbake": "https://evil.example/"}, 303, "/"),
        ({"sprak": "nn", "tilbake": "/\\evil.example/"}, 303, "/"),
        ({"sprak": "nn", "tilbake": "/fortsett"}, 303, "/fortsett"),
    ],
)
def test_a_language_choice_goes_only_to_this_site(
    client: TestClient, sent: dict[str, str], status: int, where: str | None
) -> None:
    reply = client.post(urls.LANGUAGE, data=sent, follow_redirects=False)
    assert reply.status_code == status
    if where is not None:
        assert reply.headers["location"] == where


def test_a_response_begun_in_nynorsk_keeps_its_versions_nynorsk_words(
    bilingual: TestClient,
) -> None:
    """A new version (4) changes the nynorsk wording: a response begun under the shipped one (3)
    goes on with its nynorsk words (stored with the version), a new one gets version 4's."""
    enter_round(bilingual)
    bilingual.post(urls.LANGUAGE, data={"sprak": "nn", "tilbake": INTRO})
    _to_first_question(bilingual)
    bilingual.post(FIRST, data={"svar-hjem_trives": "ja"})

    app = bilingual.app
    questions = app.state.services.settings.questions_dir  # type: ignore[attr-defined]
    _replace(questions / "beboer.yaml", "version: 3", "version: 4")
    _replace(
        questions / "beboer.yaml", 'nn: "Trivst du der du bur?"', 'nn: "Likar du deg der du bur?"'
    )
    _replace(questions / "scales.yaml", "nn: Både ja og nei", "nn: Litt av kvart")
    assert app.state.publishing.publish(by_whom="eier").published  # type: ignore[attr-defined]

    begun = bilingual.get(FIRST).text
    assert "Trivst du der du bur?" in begun and "Likar du" not in begun
    assert "Litt av kvart" not in begun and "Både ja og nei" in begun
    with TestClient(app) as newcomer:
        newcomer.post(urls.LANGUAGE, data={"sprak": "nn", "tilbake": "/"})
        enter_round(newcomer)
        _to_first_question(newcomer)
        fresh = newcomer.get(FIRST).text
        assert "Likar du deg der du bur?" in fresh and "Litt av kvart" in fresh


def test_a_relative_answers_the_whole_form_in_nynorsk(client: TestClient) -> None:
    enter_round(client, audience="relative")
    first = client.get("/s/parorende/side/velkommen").text
    assert ">Nynorsk</button>" in first and ">Bokmål</button>" in first
    client.post(urls.LANGUAGE, data={"sprak": "nn", "tilbake": "/s/parorende/side/velkommen"})
    intro = client.get("/s/parorende/side/velkommen").text
    assert _lang(intro) == "nn" and "Pårørande" in intro and "den pårørande din" in intro
    to_first_form(client)
    about = client.get("/s/parorende/side/om_deg").text
    assert "Kva er relasjonen din til personen som får tenestene?" in about
    assert "Kvar veke eller oftare" in about and "Anna familie" in about
    more = client.post(
        "/s/parorende/side/om_deg", data={"svar-relasjon": "verge", "svar-kontakt": "manedlig"}
    ).text
    assert "I kva bustad eller avdeling får den pårørande din tenester?" in more
    assert "Ein annan stad" in more and "Meir enn 10 år" in more and "Du kan velje fleire." in about
    home = client.post("/s/parorende/side/bolig", data={"svar-varighet": "4_10_ar"}).text
    assert "I kva grad trivst den pårørande din i bustaden sin?" in home
    assert "Veit ikkje" in home and "Vet ikke" not in home and "hvilken grad" not in home
