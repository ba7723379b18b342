"""Residents in a real Chromium, on a tablet and a phone: the whole questionnaire, the pages
around it, and the round's pages."""

from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, ConsoleMessage, expect
from playwright.sync_api import Response as PlaywrightResponse
from sqlalchemy import select

from app import clock
from app.config import Settings
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import QuestionPage
from app.rounds.links import staff_code
from app.rounds.posters import poster_html
from app.rounds.rounds import LetterFrom, close_round, create_round, unused_codes
from app.storage.tables import answers_table, responses_table
from tests.support.browser import PHONE, SCREENSHOTS, TABLET, TABLET_LANDSCAPE, assert_accessible
from tests.support.respondents import (
    GO_ON,
    ONWARD,
    SETTLED,
    answer_and_go,
    at_first_question,
    for_staff,
    page_id,
    quick_taps,
    start_tablet,
    tap_and_wait,
    to_first_question,
)

pytestmark = pytest.mark.browser


ONLY_RESIDENT = (
    "Bare du skal svare på dette spørsmålet. "
    "Den som hjelper deg, kan lese det opp, men ikke svare for deg."
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A walk through 61 pages, quick: taps are not what is measured here."""
    return quick_taps(settings)


def test_resident_completes_the_whole_questionnaire_on_a_tablet(
    browser: Browser, base_url: str, app: FastAPI, catalog: Catalog
) -> None:
    questionnaire = catalog.questionnaires["beboer"]
    questions = {q.id: q for q in questionnaire.questions}
    context = browser.new_context(**TABLET, locale="nb-NO")  # type: ignore[arg-type]
    page = context.new_page()
    requested: list[str] = []
    console_errors: list[str] = []
    failed: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    def on_response(reply: PlaywrightResponse) -> None:
        if reply.status >= 400:
            failed.append(f"{reply.status} {reply.url}")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    page.on("response", on_response)
    page.on("console", on_console)
    page.goto(base_url)
    assert_accessible(page, "front")
    page.get_by_role("link", name="Prøv som beboer", exact=True).tap()
    page.wait_for_url("**/r/*")
    assert_accessible(page, "tablet-start")
    page.get_by_label("Solsiden bolig", exact=True).check()
    page.get_by_role("button", name="Start", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_text("side 1 av 61", exact=True)).to_be_visible()
    assert_accessible(page, "tablet-intro")

    given: dict[str, str | None] = {}
    helpers: dict[str, str] = {}  # question → who was with the resident when it was answered
    helper = "personale"
    visited: list[str] = []
    went_back = reloaded = changed_helper = False
    while page_id(page) != "takk":
        current = page_id(page)
        visited.append(current)
        if current.startswith("hvem?"):  # who is with you, asked before the first question
            assert current == "hvem?neste=hjem_trives"
            assert_accessible(page, "tablet-helper")
            tap_and_wait(page, "Personale hjelper")
            continue
        question = questions.get(current)
        if question is None:
            tap_and_wait(page, ONWARD)
            continue
        expect(page.locator(".helper-now")).to_contain_text("Med deg nå:")
        only_resident = page.get_by_text(ONLY_RESIDENT, exact=True)
        if question.resident_only and helper != "selv":
            expect(only_resident).to_be_visible()
        else:
            expect(only_resident).to_have_count(0)
        if current == "pers_hyggelige" and not changed_helper:
            # The staff member leaves: the resident goes on alone, changed from this page.
            assert_accessible(page, "tablet-resident-only")
            changed_helper = True
            page.wait_for_function(SETTLED)
            for_staff(page, "Endre hvem som hjelper")
            page.wait_for_url("**/hvem?neste=pers_hyggelige")
            expect(
                page.get_by_role("button", name="Personale hjelper", exact=True)
            ).to_have_attribute("aria-pressed", "true")
            tap_and_wait(page, "Jeg svarer selv")
            assert page_id(page) == "pers_hyggelige"
            helper = "selv"
            continue
        helpers[current] = helper
        if current == "hjem_trives":
            assert_accessible(page, "tablet-question")
            image = page.locator("figure img")
            expect(image).to_be_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        if current == "hjem_natt":  # one question skipped
            answer_and_go(page, "Vil ikke svare")
            given[current] = None
            continue
        option = _choose(catalog, question, len(given))
        if current == "dag_har":
            option = ("nei", "Nei")  # triggers the skip rule
        answer_and_go(page, option[1])
        given[current] = option[0]
        if current == "hjem_leilighet" and not went_back:
            went_back = True
            page.wait_for_function(SETTLED)
            page.get_by_role("link", name="Tilbake", exact=True).tap()
            page.wait_for_url(f"**/side/{current}")
            expect(page.get_by_role("radio", name=option[1], exact=True)).to_be_checked()
            answer_and_go(page, "Nei")
            given[current] = "nei"
        if current == "fritid_venner" and not reloaded:
            reloaded = True
            page.reload()
            assert page_id(page) == "fritid_familie"
            page.goto(f"{base_url}/s/beboer")  # opening the survey again on this device
            assert page_id(page) == "fritid_familie"

    assert went_back and reloaded and changed_helper
    assert [url for url in requested if not url.startswith(base_url + "/")] == []
    assert failed == []
    assert console_errors == []  # includes anything the Content-Security-Policy blocked
    assert "dag_onsker" in visited
    assert not {"dag_liker", "dag_valgte", "dag_trygg"} & set(visited)
    expect(page.get_by_role("heading", name="Takk!", exact=True)).to_be_visible()
    assert_accessible(page, "tablet-end")
    finished_page = page.url

    with app.state.services.engine.connect() as connection:
        response = connection.execute(select(responses_table)).one()
        rows = connection.execute(
            select(answers_table).where(answers_table.c.response_id == response.id)
        ).all()
    assert response.finished_at is not None
    assert {row.question_id: row.value for row in rows} == given
    assert {row.question_id: row.helper for row in rows} == helpers
    assert (response.unit, response.helper) == ("Solsiden bolig", "selv")

    # Kiosk: the next person on this tablet starts empty and cannot reach the answers above.
    page.wait_for_function(SETTLED)
    page.get_by_role("button", name="Ny person", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    expect(page.get_by_text("side 1 av 61", exact=True)).to_be_visible()
    page.goto(f"{base_url}/s/beboer/side/hjem_trives")
    assert page_id(page) == "velkommen"
    page.goto(finished_page)
    assert page_id(page) == "velkommen"
    tap_and_wait(page, ONWARD)
    with app.state.services.engine.connect() as connection:
        responses = connection.execute(
            select(responses_table).order_by(responses_table.c.started_at)
        ).all()
    assert len(responses) == 2  # a new, empty response, in the same round and home
    assert (responses[1].round_id, responses[1].unit) == (response.round_id, "Solsiden bolig")
    assert responses[1].helper is None
    context.close()


def _choose(catalog: Catalog, question: QuestionPage, turn: int) -> tuple[str, str]:
    options = catalog.scale_of(question).options
    option = options[turn % len(options)]
    return option.value, option.label


@pytest.mark.parametrize("device", [TABLET_LANDSCAPE, PHONE], ids=["landscape", "phone"])
def test_question_page_fits_other_screens(
    browser: Browser, base_url: str, device: dict[str, object]
) -> None:
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    start_tablet(page, base_url)
    to_first_question(page)
    width = device["viewport"]["width"]  # type: ignore[index]
    assert_accessible(page, f"question-{width}")
    font_size = page.locator("#main h1").evaluate("h => parseFloat(getComputedStyle(h).fontSize)")
    assert font_size >= 24
    heights = page.locator("#main .answer").evaluate_all(
        "buttons => buttons.map(b => b.getBoundingClientRect().height)"
    )
    assert min(heights) >= 64
    page.wait_for_function(SETTLED)
    for_staff(page, "Ta en pause")
    page.wait_for_url("**/pause")
    assert_accessible(page, f"pause-{width}")
    context.close()


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_hard_word_is_explained_under_its_question(
    browser: Browser, base_url: str, device: dict[str, object]
) -> None:
    """ "Personalbase" is explained under the question, and every answer still shows without
    scrolling; its picture is no longer a health worker (read as "a doctor")."""
    page = at_first_question(browser, base_url, device)
    while page_id(page) != "hjem_personalbase":
        answer_and_go(page, page.locator("#main .answer .answer-label").first.inner_text())
        page.wait_for_function(SETTLED)
    explained = page.locator("#main p.explanation")
    expect(explained).to_have_text(
        "En personalbase er et rom i huset der personalet er når de jobber."
    )
    heading, said = page.locator("#main h1").bounding_box(), explained.bounding_box()
    assert heading is not None and said is not None and said["y"] >= heading["y"]
    expect(page.get_by_role("img", name="Et hus og en arbeidsveske.", exact=True)).to_be_visible()
    height = device["viewport"]["height"]  # type: ignore[index]
    bottoms = page.locator("#main .answer, #main .survey-nav .next").evaluate_all(
        "buttons => buttons.map(b => b.getBoundingClientRect().bottom)"
    )
    assert len(bottoms) == 4 and max(bottoms) <= height, bottoms  # Ja, Nei, Vil ikke svare, Gå…
    width = device["viewport"]["width"]  # type: ignore[index]
    assert_accessible(page, f"explained-{width}")
    page.context.close()


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_eir_goes_with_the_resident(
    browser: Browser, base_url: str, device: dict[str, object]
) -> None:
    """The intro says "Eir følger deg gjennom spørsmålene": her face is on "Les opp" on every
    page, and she says each section's intro beside it; it fits the screen."""
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    start_tablet(page, base_url)
    for _ in range(3):
        tap_and_wait(page, ONWARD)
    assert page_id(page) == "hjemme"
    listen = page.get_by_role("button", name="Les opp", exact=True)
    expect(listen.locator("img.guide-face")).to_be_visible()
    says = page.locator(".guide-says")
    expect(says.get_by_role("img", name="Eir sier:", exact=True)).to_be_visible()
    expect(says).to_contain_text("Nå kommer spørsmål om der du bor.")
    width = device["viewport"]["width"]  # type: ignore[index]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    box = listen.bounding_box()
    assert box is not None and box["width"] >= 44 and box["height"] >= 44
    assert_accessible(page, f"section-eir-{width}")
    tap_and_wait(page, ONWARD)  # who is with you: Eir is on "Les opp" there too
    expect(page.get_by_role("button", name="Les opp", exact=True).locator("img")).to_be_visible()
    tap_and_wait(page, "Jeg svarer selv")
    expect(page.get_by_role("button", name="Les opp", exact=True).locator("img")).to_be_visible()
    context.close()


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_works_without_javascript(
    browser: Browser, base_url: str, app: FastAPI, device: dict[str, object]
) -> None:
    context = browser.new_context(**device, java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    start_tablet(page, base_url, unit="Fjellveien bofellesskap")
    for _ in range(4):
        page.get_by_role("button", name=ONWARD, exact=True).click()
    assert page_id(page) == "hvem?neste=hjem_trives"
    page.get_by_role("button", name="Familie hjelper", exact=True).click()
    assert page_id(page) == "hjem_trives"
    # The browser's own player (no "Les opp" without JavaScript) sits beside the progress,
    # covering none of it, and within the screen (on a phone it ran over "side 5 av 61").
    progress = page.locator(".progress-text").bounding_box()
    player = page.locator(".read-aloud audio").bounding_box()
    assert progress is not None and player is not None
    assert progress["x"] + progress["width"] <= player["x"] or (
        progress["y"] + progress["height"] <= player["y"]
    ), (progress, player)
    assert player["x"] + player["width"] <= device["viewport"]["width"]  # type: ignore[index]
    assert progress["width"] >= 100, progress  # "side 5 av 61" needs about 95 px
    width = device["viewport"]["width"]  # type: ignore[index]
    page.screenshot(path=SCREENSHOTS / f"no-javascript-{width}.png")  # (no axe: it needs scripts)
    page.get_by_role("button", name=GO_ON, exact=True).click()  # nothing chosen: said so
    expect(page.get_by_role("alert")).to_have_text(
        "Trykk på ett av svarene, eller på «Vil ikke svare»."
    )
    page.get_by_role("radio", name="Både ja og nei", exact=True).check()
    assert page_id(page) == "hjem_trives"  # a plain form: choosing sends nothing
    page.get_by_role("button", name=GO_ON, exact=True).click()
    assert page_id(page) == "hjem_leilighet"
    page.get_by_role("link", name="Tilbake", exact=True).click()
    expect(page.get_by_role("radio", name="Både ja og nei", exact=True)).to_be_checked()
    with app.state.services.engine.connect() as connection:
        assert [
            (a.question_id, a.value, a.helper) for a in connection.execute(select(answers_table))
        ] == [("hjem_trives", "delvis", "familie")]
        assert connection.execute(select(responses_table)).one().unit == "Fjellveien bofellesskap"
    context.close()


def test_resume_form_and_error_pages_are_accessible(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**TABLET)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{base_url}/fortsett")
    assert_accessible(page, "resume-form")
    page.get_by_label("Koden din", exact=True).fill("AAAA-BBBB")
    page.get_by_role("button", name="Fortsett", exact=True).tap()
    expect(page.get_by_role("alert")).to_contain_text("Vi fant ingen svar med denne koden")
    expect(page.get_by_label("Koden din", exact=True)).to_have_value("AAAA-BBBB")
    assert_accessible(page, "resume-form-error")
    page.goto(f"{base_url}/s/beboer/side/finnes_ikke")
    assert_accessible(page, "not-found")
    page.goto(f"{base_url}/om-bildene")
    assert_accessible(page, "credits")
    context.close()


def test_the_helper_page_fits_a_phone(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    start_tablet(page, base_url)
    for _ in range(4):
        tap_and_wait(page, ONWARD)
    expect(page.get_by_role("heading", name="Hvem er med deg nå?", exact=True)).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    context.close()


def test_round_pages_and_the_printable_poster_are_accessible(
    browser: Browser, base_url: str, app: FastAPI, catalog: Catalog, tmp_path: Path
) -> None:
    today = clock.today()
    with app.state.services.connect() as connection:
        fjordby = create_round(
            connection,
            catalog,
            municipality_name="Fjordby",
            municipality_number="9946",
            period=str((today + timedelta(days=30)).year),  # the year it closes in
            opens_on=today,
            closes_on=today + timedelta(days=30),
            units=["Lia bolig", "Sjøgata"],
            relative_codes=2,
            letter_from=LetterFrom("Kari Nordmann", "900 00 000"),
        )
        codes = unused_codes(connection, fjordby.id)
    poster = tmp_path / "plakat.html"
    poster.write_text(poster_html(fjordby, base_url, codes, app.state.services.templates))

    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(poster.as_uri())
    assert_accessible(page, "round-poster")
    expect(
        page.get_by_role("img", name="QR-kode til undersøkelsen for beboere", exact=True)
    ).to_be_visible()

    # A relative scans the letter's QR code: the form opens with the code filled in.
    page.goto(f"{base_url}/r/{fjordby.relative_token}?kode={codes[0]}")
    expect(page.get_by_label("Koden fra brevet", exact=True)).to_have_value(codes[0])
    assert_accessible(page, "round-code")
    page.get_by_role("button", name="Start", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    page.goto(f"{base_url}/r/{fjordby.relative_token}")
    page.get_by_label("Koden fra brevet", exact=True).fill(codes[0])
    page.get_by_role("button", name="Start", exact=True).tap()
    expect(page.get_by_role("alert")).to_contain_text("Denne koden er allerede brukt")
    assert_accessible(page, "round-code-used")

    # Staff start a home's tablet: the residents' link asks for the round's staff code.
    page.goto(f"{base_url}/r/{fjordby.resident_token}")
    code_field = page.get_by_label("Personalets kode for runden", exact=True)
    expect(code_field).to_be_visible()
    assert_accessible(page, "round-start-staff-code")
    code_field.fill("ABCD-2345")
    page.get_by_role("button", name="Start", exact=True).tap()
    expect(page.get_by_role("alert")).to_contain_text("Skriv personalets kode for runden")
    assert_accessible(page, "round-start-staff-code-wrong")
    page.get_by_label("Personalets kode for runden", exact=True).fill(
        staff_code(app.state.services.settings.key, fjordby).lower()
    )
    page.get_by_label("Lia bolig", exact=True).check()
    page.get_by_role("button", name="Start", exact=True).tap()
    page.wait_for_url("**/s/beboer/side/velkommen")

    with app.state.services.connect() as connection:
        close_round(connection, fjordby.id)
    page.goto(f"{base_url}/r/{fjordby.resident_token}")
    expect(
        page.get_by_role("heading", name="Undersøkelsen er avsluttet", exact=True)
    ).to_be_visible()
    assert_accessible(page, "round-closed")
    context.close()


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_resident_is_asked_whether_to_take_part_and_a_no_ends_kindly(
    browser: Browser, base_url: str, app: FastAPI, device: dict[str, object]
) -> None:
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    start_tablet(page, base_url)
    tap_and_wait(page, "Neste")
    tap_and_wait(page, "Neste")
    expect(page.get_by_role("heading", name="Vil du være med?", exact=True)).to_be_visible()
    yes = page.get_by_role("button", name="Ja, jeg vil være med", exact=True)
    no = page.get_by_role("button", name="Nei, ikke nå", exact=True)
    expect(yes).to_be_visible()
    expect(no).to_be_visible()
    box_yes, box_no = yes.bounding_box(), no.bounding_box()
    assert box_yes and box_no and box_yes["height"] >= 44 and box_no["height"] >= 44
    width = device["viewport"]["width"]  # type: ignore[index]
    assert_accessible(page, f"consent-{width}")
    tap_and_wait(page, "Nei, ikke nå")
    expect(page.get_by_role("heading", name="Takk likevel", exact=True)).to_be_visible()
    assert_accessible(page, f"consent-declined-{width}")
    with app.state.services.engine.connect() as connection:
        assert connection.execute(select(responses_table)).all() == []
    page.get_by_role("link", name="Ny person", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    context.close()
