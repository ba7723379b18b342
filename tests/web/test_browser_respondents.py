"""Respondents in a real Chromium: residents on a tablet, relatives on a phone."""

import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, ConsoleMessage, Page, Route, expect
from playwright.sync_api import Response as PlaywrightResponse
from sqlmodel import Session, col, select

from app import PROJECT_ROOT, clock
from app.config import Settings
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import QuestionPage
from app.rounds.links import staff_code
from app.rounds.posters import poster_html
from app.rounds.rounds import (
    ROUND_UNIT,
    UNIT_KEY_PREFIX,
    LetterFrom,
    close_round,
    create_round,
    unused_codes,
)
from app.storage.tables import Answer, Comment, Response
from app.web.app import create_app
from tests.support.browser import (
    PHONE,
    SCREENSHOTS,
    TABLET,
    TABLET_LANDSCAPE,
    assert_accessible,
    live_server,
)

pytestmark = pytest.mark.browser
ONLY_RESIDENT = (
    "Bare du skal svare på dette spørsmålet. "
    "Den som hjelper deg, kan lese det opp, men ikke svare for deg."
)


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def page_id(page: Page) -> str:
    return page.url.rstrip("/").rsplit("/", 1)[-1]


SETTLED = "() => document.querySelector('#main[data-settled]') !== null"
# The button that goes on from a page of text: «Neste», or on «Vil du være med?» the yes.
ONWARD = re.compile(r"^(Neste|Ja, jeg vil være med|Ja, eg vil vere med)$")


def tap_and_wait(page: Page, name: "str | re.Pattern[str]") -> None:
    """Tap as a person does: once the page has settled (taps before are ignored as stray)."""
    page.wait_for_function(SETTLED)
    before = page.url
    page.get_by_role("button", name=name, exact=True).tap()
    page.wait_for_function("url => location.href !== url", arg=before)
    expect(page.locator("#main h1")).to_be_focused()


GO_ON = "Gå til neste"
SAVED = "() => !document.querySelector('.htmx-request')"  # no answer on its way


def choose(page: Page, label: str) -> None:
    """Tap an answer, as a person does once the page has settled: it is chosen (the page
    stays) and saved in the background."""
    page.wait_for_function(SETTLED)
    answer = page.get_by_role("radio", name=label, exact=True)
    answer.tap()
    expect(answer).to_be_checked()


def answer_and_go(page: Page, label: str) -> None:
    """Choose an answer, then tap «Gå til neste» and wait for the next page."""
    choose(page, label)
    tap_and_wait(page, GO_ON)


def start_tablet(page: Page, base_url: str, unit: str | None = None) -> None:
    """Staff open the round's link from the front page, maybe choose a home, and start."""
    page.goto(base_url)
    page.get_by_role("link", name="Prøv som beboer", exact=True).click()
    page.wait_for_url("**/r/*")
    if unit is not None:
        page.get_by_label(unit, exact=True).check()
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_url("**/side/velkommen")


def at_first_question(browser: Browser, base_url: str, device: dict[str, object]) -> Page:
    """A new device started in the demo round, at the first question, settled (close its
    context with `page.context.close()`)."""
    page = browser.new_context(**device).new_page()  # type: ignore[arg-type]
    start_tablet(page, base_url)
    to_first_question(page)
    page.wait_for_function(SETTLED)
    return page


def until_shown(page: Page, page_id: str, timeout: float | None = None) -> None:
    """Wait until the survey shows the page `page_id` (htmx pushes its address)."""
    page.wait_for_function(f"() => location.pathname.endsWith('/{page_id}')", timeout=timeout)


def for_staff(page: Page, name: str) -> None:
    """Tap one of the staff's links: on a resident's page they are under "Pause og hjelper"."""
    menu = page.locator("#main details.staff-menu")
    if menu.count():
        page.locator("#main details.staff-menu > summary").tap()
        expect(menu).to_have_attribute("open", "")
    page.get_by_role("link", name=name, exact=True).tap()


def to_first_question(page: Page, helper: str = "Jeg svarer selv") -> None:
    for _ in range(4):
        tap_and_wait(page, ONWARD)
    assert page_id(page) == "hvem?neste=hjem_trives"
    tap_and_wait(page, helper)
    assert page_id(page) == "hjem_trives"


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

    with Session(app.state.services.engine) as session:
        response = session.exec(select(Response)).one()
        rows = session.exec(select(Answer).where(Answer.response_id == response.id)).all()
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
    with Session(app.state.services.engine) as session:
        responses = session.exec(select(Response).order_by(col(Response.started_at))).all()
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
    with Session(app.state.services.engine) as session:
        assert [(a.question_id, a.value, a.helper) for a in session.exec(select(Answer))] == [
            ("hjem_trives", "delvis", "familie")
        ]
        assert session.exec(select(Response)).one().unit == "Fjellveien bofellesskap"
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


# Stopped stays stopped: the player is watched for 30 frames (no clock time to guess at).
STAYS_PAUSED = """player => new Promise(done => {
  let frames = 0;
  const look = () => {
    if (!player.paused) return done(false);
    if (++frames >= 30) return done(true);
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})"""


def test_read_aloud_plays_and_stops(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**TABLET)  # type: ignore[arg-type]
    page = context.new_page()
    start_tablet(page, base_url)
    to_first_question(page)
    player = "document.querySelector('[data-read-aloud] audio')"
    expect(page.get_by_role("button", name="Stopp", exact=True)).to_be_hidden()

    page.get_by_role("button", name="Les opp", exact=True).tap()
    page.wait_for_function(f"() => {player}.currentTime > 0.3")
    stop = page.get_by_role("button", name="Stopp", exact=True)
    expect(stop).to_be_visible()
    assert_accessible(page, "question-playing")
    stop.tap()
    expect(stop).to_be_hidden()
    stopped_at = page.evaluate(f"() => {player}.currentTime")
    assert page.evaluate(STAYS_PAUSED, page.locator("[data-read-aloud] audio").element_handle())
    assert page.evaluate(f"() => {player}.currentTime") == stopped_at

    # Each answer has its own listen button; starting it replaces what was playing.
    page.get_by_role("button", name="Lytt: Nei", exact=True).tap()
    page.wait_for_function(f"() => {player}.currentTime > 0.1")
    src = page.evaluate(f"() => {player}.getAttribute('src')")
    assert src == page.get_by_role("button", name="Lytt: Nei", exact=True).get_attribute("data-src")
    context.close()


# Where the heading, the "Les opp" bar and the answers are the moment the next page is put in
# (a MutationObserver runs before the browser paints it), and where they are once settled.
WATCH_NEXT_PAGE = """() => {
  window.firstSeen = null;
  const place = () => Array.from(document.querySelectorAll(
      '#main h1, #main .read-aloud, #main .answer, #main button.listen, #main .nav-button'))
    .filter(e => e.offsetParent !== null)
    .map(e => { const r = e.getBoundingClientRect(); return [e.className, r.x, r.y, r.width]; });
  new MutationObserver((changes, observer) => {
    if (document.querySelector('#main h1')) { window.firstSeen = place(); observer.disconnect(); }
  }).observe(document.body, {childList: true, subtree: true});
  window.placeNow = place;
}"""


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_the_next_page_does_not_move_once_shown(
    browser: Browser, base_url: str, device: dict[str, object]
) -> None:
    """The read-aloud buttons are there when the page first shows, not added a moment later
    (they pushed the question down by 26 px and narrowed every answer)."""
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    start_tablet(page, base_url)
    for _ in range(4):
        tap_and_wait(page, ONWARD)
    page.evaluate(WATCH_NEXT_PAGE)
    tap_and_wait(page, "Jeg svarer selv")
    page.wait_for_function("() => !document.querySelector('.htmx-settling, .htmx-swapping')")
    first = page.evaluate("() => window.firstSeen")
    assert first, "the observer did not see the page come in"
    assert first == page.evaluate("() => window.placeNow()")
    context.close()


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_nothing_moves_while_the_page_is_read_aloud(
    browser: Browser, base_url: str, device: dict[str, object]
) -> None:
    """ "Stopp" takes the place of "Les opp" while a clip plays: it used to be added beside it,
    which moved every answer down by about one button (44 px on a tablet, 95 px on a phone),
    and back when the clip ended, under a finger aimed at an answer."""
    page = at_first_question(browser, base_url, device)
    page.evaluate(WATCH_NEXT_PAGE)
    before = page.evaluate("() => window.placeNow()")
    page.get_by_role("button", name="Les opp", exact=True).tap()
    stop = page.get_by_role("button", name="Stopp", exact=True)
    expect(stop).to_be_visible()
    playing = page.evaluate("() => window.placeNow()")
    listen = page.get_by_role("button", name="Les opp", exact=True)
    stop.tap()
    expect(listen).to_be_visible()
    after = page.evaluate("() => window.placeNow()")
    assert [p[1:] for p in before] == [p[1:] for p in playing] == [p[1:] for p in after]
    page.context.close()


def test_the_helper_page_fits_a_phone(browser: Browser, base_url: str) -> None:
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    start_tablet(page, base_url)
    for _ in range(4):
        tap_and_wait(page, ONWARD)
    expect(page.get_by_role("heading", name="Hvem er med deg nå?", exact=True)).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    context.close()


def test_the_pause_page_and_message_pages_can_be_heard(browser: Browser, base_url: str) -> None:
    """The pause page reads its text, then the code a character at a time, then the rest;
    a message page (here: a page that does not exist) reads its title and message."""
    page = at_first_question(browser, base_url, TABLET)
    for_staff(page, "Ta en pause")
    page.wait_for_url("**/pause")
    listen = page.get_by_role("button", name="Les opp", exact=True)
    code = page.locator(".resume-code strong").inner_text()
    then = (listen.get_attribute("data-then") or "").split()
    assert len(then) == sum(c.isalnum() for c in code) + 1
    assert_accessible(page, "pause-heard")
    listen.tap()
    player = "document.querySelector('[data-read-aloud] audio')"
    page.wait_for_function(  # the last clip is reached, through every one before it
        f"() => {player}.getAttribute('src') === {then[-1]!r}", timeout=60_000
    )
    expect(page.get_by_role("button", name="Stopp", exact=True)).to_be_visible()
    page.goto(f"{base_url}/s/beboer/side/finnes-ikke")
    expect(page.get_by_role("button", name="Les opp", exact=True)).to_be_visible()
    assert_accessible(page, "message-heard")
    page.context.close()


def test_without_javascript_the_page_has_a_plain_audio_player(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(**TABLET, java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    start_tablet(page, base_url)
    audio = page.locator("[data-read-aloud] audio")
    expect(audio).to_have_attribute("controls", "")
    expect(audio).to_be_visible()
    assert audio.get_attribute("src", timeout=1000).startswith("/audio/")  # type: ignore[union-attr]
    context.close()


@pytest.fixture
def speaking_app(settings: Settings, tmp_path: Path) -> FastAPI:
    """The resident questionnaire with autoplay and "first tap reads, second tap chooses"."""
    questions = tmp_path / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", questions)
    resident = questions / "beboer.yaml"
    text = resident.read_text().replace(
        "language: nb\n", "language: nb\nspeech: {autoplay: true, tap_to_hear_first: true}\n"
    )
    resident.write_text(text)
    return create_app(settings.model_copy(update={"questions_dir": questions}))


def test_autoplay_and_a_tap_reads_the_answer(browser: Browser, speaking_app: FastAPI) -> None:
    with live_server(speaking_app) as url:
        context = browser.new_context(**TABLET)  # type: ignore[arg-type]
        page = context.new_page()
        start_tablet(page, url)
        player = "document.querySelector('[data-read-aloud] audio')"
        tap_and_wait(page, ONWARD)
        # The tap on Neste lets the next page speak by itself, with a visible stop control.
        page.wait_for_function(f"() => {player}.currentTime > 0.2")
        expect(page.get_by_role("button", name="Stopp", exact=True)).to_be_visible()
        for _ in range(3):
            tap_and_wait(page, ONWARD)
        tap_and_wait(page, "Jeg svarer selv")
        assert page_id(page) == "hjem_trives"

        choose(page, "Ja")
        heard = "document.querySelector('input.answer-input[value=ja]').dataset.hear"
        page.wait_for_function(  # playing, or played already (a short clip, a busy machine)
            f"() => {player}.getAttribute('src') === {heard}"
            f" && (!{player}.paused || {player}.played.length > 0)"
        )
        assert page_id(page) == "hjem_trives"  # the tap chose "Ja" and read it aloud
        tap_and_wait(page, GO_ON)
        assert page_id(page) == "hjem_leilighet"
        assert_accessible(page, "question-autoplay")
        context.close()


def test_a_relative_completes_the_form_on_a_phone(
    browser: Browser, base_url: str, app: FastAPI, catalog: Catalog
) -> None:
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(base_url)
    page.get_by_role("link", name="Prøv som pårørende", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    # Fits the phone: "Pårørendeundersøkelsen" made the first page 420 px wide.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    tap_and_wait(page, ONWARD)
    tap_and_wait(page, ONWARD)
    given: dict[str, str | None] = {}
    screens = 0
    left_open: list[tuple[str, int, int]] = []  # (section, left open, questions)
    looked_at = False  # the first notice of what was left open, with axe and a screenshot
    while page_id(page) != "oppsummering":
        page.wait_for_function(SETTLED)
        notice = page.get_by_role("status").filter(has_text="Du svarte ikke på")
        if left_open and left_open[-1][1]:
            title, left, total = left_open[-1]
            expect(notice).to_contain_text(f"{left} av {total} spørsmål i «{title}»")
            expect(
                notice.get_by_role("link", name=f"Tilbake til «{title}»", exact=True)
            ).to_be_visible()
            if not looked_at:
                assert_accessible(page, "relatives-left-open")
                looked_at = True
        else:
            expect(notice).to_have_count(0)
        fieldsets = page.locator("fieldset.form-question")
        if screens == 1:
            assert_accessible(page, "relatives-form")
        left = 0
        for index in range(fieldsets.count()):
            if (index + screens) % 5 == 4:
                left += 1
                continue  # left open: stored as not answered
            group = fieldsets.nth(index)
            boxes = group.get_by_role("checkbox")
            if boxes.count():  # more than one may be chosen: every other box, kept in order
                expect(group.get_by_text("Du kan velge flere.", exact=True)).to_be_visible()
                ticked = [boxes.nth(i) for i in range(0, boxes.count(), 2)]
                for box in ticked:
                    box.check()
                name = ticked[0].get_attribute("name") or ""
                values = [box.get_attribute("value") or "" for box in ticked]
                given[name.removeprefix("svar-")] = " ".join(values)
                continue
            radios = group.get_by_role("radio")
            choice = radios.nth((index + screens) % radios.count())
            choice.check()
            name = choice.get_attribute("name") or ""
            value = choice.get_attribute("value") or ""
            # One of the round's homes: the response's unit, the answer says a home was chosen.
            given[name.removeprefix("svar-")] = (
                ROUND_UNIT if value.startswith(UNIT_KEY_PREFIX) else value
            )
        for index in range(fieldsets.count()):
            field = fieldsets.nth(index).locator("input[name^='svar-']").first
            name = field.get_attribute("name") or ""
            given.setdefault(name.removeprefix("svar-"), None)
        title = page.locator("#main h1").inner_text()
        left_open.append((title, left, fieldsets.count()))
        screens += 1
        tap_and_wait(page, ONWARD)
    # Before sending: every section, with what is left open in each and a way back to it.
    expect(page.get_by_role("heading", name="Før du sender", exact=True)).to_be_visible()
    for title, left, total in left_open:
        if not total:
            continue
        row = page.locator(".summary li").filter(
            has=page.get_by_role("link", name=title, exact=True)
        )
        said = f"{left} av {total} er ikke svart på" if left else "alle er svart på"
        expect(row).to_contain_text(said)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "relatives-summary")
    tap_and_wait(page, "Send svarene")
    expect(page.get_by_role("heading", name="Takk!", exact=True)).to_be_visible()
    with Session(app.state.services.engine) as session:
        rows = session.exec(select(Answer)).all()
    assert {row.question_id: row.value for row in rows} == given
    assert len(given) == len(catalog.questionnaires["parorende"].questions)
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
        codes = unused_codes(connection, fjordby.id or 0)
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
        close_round(connection, fjordby.id or 0)
    page.goto(f"{base_url}/r/{fjordby.resident_token}")
    expect(
        page.get_by_role("heading", name="Undersøkelsen er avsluttet", exact=True)
    ).to_be_visible()
    assert_accessible(page, "round-closed")
    context.close()


CUMULATIVE_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_no_layout_shift_when_a_clip_ends_by_itself(
    browser: Browser, base_url: str, device: dict[str, object]
) -> None:
    """Cumulative layout shift as Lighthouse counts it (shifts not caused by a tap), while a
    question is read aloud to its end: it was 0.06–0.10 when "Stopp" came and went."""
    page = at_first_question(browser, base_url, device)
    page.get_by_role("button", name="Les opp", exact=True).tap()
    player = "document.querySelector('[data-read-aloud] audio')"
    page.wait_for_function(f"() => {player}.ended", timeout=60_000)
    expect(page.get_by_role("button", name="Les opp", exact=True)).to_be_visible()
    assert page.evaluate(CUMULATIVE_SHIFT) == 0
    page.context.close()


OPTION_BOXES = """() => [...document.querySelectorAll('.scale-option')].map(o => {
  const r = o.getBoundingClientRect();
  const t = o.querySelector('span, .label') || o;
  const s = t.getBoundingClientRect();
  return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height),
          Math.round(s.x), Math.round(s.y)];
})"""


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_nothing_moves_when_a_relative_chooses_an_option(
    browser: Browser, base_url: str, device: dict[str, object]
) -> None:
    """Choosing «1 – I svært liten grad» made it bold: it wrapped on a phone and every option
    below moved 30 px (and the thicker frame moved its words 2 px)."""
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(base_url)
    page.get_by_role("link", name="Prøv som pårørende", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    tap_and_wait(page, ONWARD)
    tap_and_wait(page, ONWARD)
    graded = page.locator(".scale-wide").filter(has_text=re.compile("1 – I svært liten grad"))
    while not graded.count():  # past the background questions (their lists are wide too)
        tap_and_wait(page, ONWARD)
    page.wait_for_function(SETTLED)
    before = page.evaluate(OPTION_BOXES)
    graded.first.get_by_text("1 – I svært liten grad", exact=True).tap()
    expect(graded.first.locator("input").first).to_be_checked()
    assert page.evaluate(OPTION_BOXES) == before
    page.screenshot(path=str(SCREENSHOTS / f"relatives-chosen-{device['viewport']['width']}.png"))  # type: ignore[index]
    context.close()


def test_one_tap_saves_a_relatives_comment_and_goes_on(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """Leaving the text box saves the comment in the background; the tap on «Neste» that made
    it leave was dropped as a tap while an answer was sent, and the page stayed (3 of 3)."""
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(base_url)
    page.get_by_role("link", name="Prøv som pårørende", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    while not page.locator("#main textarea").count():
        tap_and_wait(page, ONWARD)
    page.wait_for_function(SETTLED)
    page.locator("#main textarea").fill("Takk for god hjelp.")
    before = page.url
    page.get_by_role("button", name=ONWARD, exact=True).tap()
    page.wait_for_function("url => location.href !== url", arg=before, timeout=10_000)
    assert page_id(page) == "oppsummering"
    with Session(app.state.services.engine) as session:
        assert [c.text for c in session.exec(select(Comment)).all()] == ["Takk for god hjelp."]
    context.close()


def first_page_with_answers(
    browser: Browser, base_url: str, audience: str, device: dict[str, object]
) -> Page:
    """A new device at its first page with answers: a resident's first question, or the
    relatives' first form."""
    page = browser.new_context(**device).new_page()  # type: ignore[arg-type]
    if audience == "resident":
        start_tablet(page, base_url)
        to_first_question(page)
    else:
        page.goto(base_url)
        page.get_by_role("link", name="Prøv som pårørende", exact=True).tap()
        page.wait_for_url("**/side/velkommen")
        tap_and_wait(page, ONWARD)
        tap_and_wait(page, ONWARD)
    return page


# Two frames drawn: the page as it stands has been painted.
PAINTED = """() => new Promise(resolve =>
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))))"""


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
@pytest.mark.parametrize("audience", ["resident", "relative"])
def test_nothing_moves_on_a_full_page_load(
    browser: Browser, base_url: str, audience: str, device: dict[str, object]
) -> None:
    """A reload, a resumed tablet, a relative opening the link: the page is painted before its
    script has run (held here until then, as a slow network holds it), and the script's «Les
    opp» in place of the browser's audio player must move nothing. (Reported as CLS 0.44 and
    0.47 in Lighthouse; not reproduced this way: a guard.)"""
    page = first_page_with_answers(browser, base_url, audience, device)
    context = page.context
    # On a slow network the page is painted before its script arrives: hold the script until
    # the page has been painted, as such a network does.
    held: list[Route] = []
    page.route("**/static/app.js*", lambda route: held.append(route))
    with page.expect_request("**/static/app.js*"):
        page.reload(wait_until="commit")
    page.wait_for_function("() => document.readyState !== 'loading'")
    page.wait_for_function(PAINTED)
    assert len(held) == 1, "the page's script was not asked for"
    held[0].continue_()
    page.wait_for_function(SETTLED)
    expect(page.locator("#main .listen-page")).to_be_visible()
    assert page.evaluate(CUMULATIVE_SHIFT) == 0
    context.close()


# Where the page's parts are: its head, "Les opp" (or the player), the form, the heading.
PLACES = """() => ['.survey-head', '.read-aloud', 'form.survey-page', '#main h1']
  .map(selector => {
    const box = document.querySelector(selector).getBoundingClientRect();
    return [selector, box.x, box.y, box.width, box.height];
  })"""


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
@pytest.mark.parametrize("audience", ["resident", "relative"])
def test_the_page_is_laid_out_the_same_before_and_after_its_script(
    browser: Browser, base_url: str, audience: str, device: dict[str, object]
) -> None:
    """A full load paints the page before its script has run (the browser's audio player),
    then the script puts «Les opp» in its place: Lighthouse measured CLS 0.44 on the question
    page and 0.47 on the relatives' form at 768×1024, as the player (wider, lower) wrapped the
    page's head to two lines and «Les opp» brought it back to one, moving the whole form. Both
    states must place everything the same."""
    page = first_page_with_answers(browser, base_url, audience, device)
    context = page.context
    page.wait_for_function(SETTLED)
    with_script = page.evaluate(PLACES)
    plain = browser.new_context(**device, java_script_enabled=False)  # type: ignore[arg-type]
    plain.add_cookies(  # the same tablet, its script never run
        [{"name": c["name"], "value": c["value"], "url": base_url} for c in context.cookies()]
    )
    before_script = plain.new_page()
    before_script.goto(page.url)
    expect(before_script.locator("#main .read-aloud audio")).to_be_visible()
    assert before_script.evaluate(PLACES) == with_script
    plain.close()
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
    with Session(app.state.services.engine) as session:
        assert session.exec(select(Response)).all() == []
    page.get_by_role("link", name="Ny person", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    context.close()
