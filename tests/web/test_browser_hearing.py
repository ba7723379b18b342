"""Every page heard in a real Chromium: «Les opp», each answer's own clip, the pause and
message pages, autoplay, and nothing moving while a clip plays or ends."""

import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, expect

from app import PROJECT_ROOT
from app.config import Settings
from app.web.app import create_app
from tests.support.browser import PHONE, TABLET, assert_accessible, live_server
from tests.support.respondents import (
    CUMULATIVE_SHIFT,
    GO_ON,
    ONWARD,
    WATCH_NEXT_PAGE,
    at_first_question,
    choose,
    for_staff,
    page_id,
    start_tablet,
    tap_and_wait,
    to_first_question,
)

pytestmark = pytest.mark.browser


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
