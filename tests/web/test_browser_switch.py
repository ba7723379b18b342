"""Switch access in a real Chromium: staff turn scanning on when starting the tablet, the
page's choices light up and are read one after another, and one switch (Space or Enter)
answers."""

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import PHONE, TABLET, assert_accessible
from tests.support.respondents import SAVED, answers, page_id, until_shown

pytestmark = pytest.mark.browser

# Kept on every page of the tablet: what lit up, in turn, and which clips were played. The
# clips play four times as fast: these tests check what is read and in which order, and that
# a light waits for its clip (both still hold); the pace a resident hears is the player's own
# (tests/web/test_browser_hearing.py).
WATCH = """
window.lit = [];
window.played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  window.played.push(this.getAttribute('src') || this.src);
  this.playbackRate = 4;
  return play.call(this);
};
window.litName = element => {
  const label = element.querySelector('.answer-label');
  return (label ? label.textContent : element.textContent).replace(/[←→]/g, '').trim();
};
new MutationObserver(changes => {
  for (const change of changes) {
    const element = change.target;
    if (element.classList && element.classList.contains('scan-current')) {
      window.lit.push(window.litName(element));
    }
  }
}).observe(document, {attributes: true, attributeFilter: ['class'], subtree: true});
"""
LIT = "() => { const c = document.querySelector('#main .scan-current'); return c && litName(c); }"


def start_scanning(browser: Browser, base_url: str, device: dict[str, object]) -> Page:
    page = browser.new_context(**device).new_page()  # type: ignore[arg-type]
    page.add_init_script(WATCH)
    page.goto(base_url)
    page.get_by_role("link", name="Prøv som beboer", exact=True).click()
    page.wait_for_url("**/r/*")
    page.get_by_label("Raskt – 1,5 sekunder", exact=True).check()
    assert_accessible(page, "start-scanning")
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_url("**/side/velkommen")
    return page


def when_lit(page: Page, name: str) -> None:
    page.wait_for_function(f"() => ({LIT})() === {name!r}", timeout=60_000)


def choose(page: Page, name: str, key: str = "Space") -> None:
    """Wait until `name` lights up, then press the switch once."""
    when_lit(page, name)
    page.keyboard.press(key)


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_one_switch_answers_the_survey_by_scanning(
    browser: Browser, base_url: str, app: FastAPI, device: dict[str, object]
) -> None:
    page = start_scanning(browser, base_url, device)
    # The pages before the first question: "Neste", and the yes of «Vil du være med?».
    for onward in ("Neste", "Neste", "Ja, jeg vil være med", "Neste"):
        before = page.url
        choose(page, onward)
        page.wait_for_function("url => location.href !== url", arg=before)
    assert page_id(page) == "hvem?neste=hjem_trives"
    choose(page, "Jeg svarer selv", key="Enter")
    until_shown(page, "hjem_trives")

    # The question is heard first, alone (it was heard only after every answer, "Les opp"
    # last: about 20 s at the slow pace), then the lights start with "Les opp".
    question = page.locator("#main .listen-page").get_attribute("data-question")
    assert question
    when_lit(page, "Les opp")
    assert question in page.evaluate("() => window.played")
    # One whole round of lights: "Les opp", every answer in the order shown, «Gå til neste»,
    # "Tilbake"; each read aloud with its own clip as it lights up.
    shown = page.locator("#main label.answer .answer-label").all_inner_texts()
    clips = page.locator("#main .answer-row .listen").evaluate_all(
        "buttons => buttons.map(b => b.dataset.src)"
    )
    when_lit(page, "Tilbake")
    page.evaluate("() => { window.lit = []; window.played = []; }")
    when_lit(page, "Les opp")
    when_lit(page, "Tilbake")
    assert page.evaluate("() => window.lit") == ["Les opp", *shown, "Gå til neste", "Tilbake"]
    played = page.evaluate("() => window.played")
    assert [src for src in played if src in clips] == clips
    assert len(played) == len(clips) + 3  # and the words "Les opp", "Gå til neste", "Tilbake"
    expect(page.locator("#main .scan-current")).to_be_visible()
    # The lit choice is the only frame on the page: the focused heading shows none.
    assert page.locator("#main h1").evaluate("h => getComputedStyle(h).outlineStyle") == "none"
    width = device["viewport"]["width"]  # type: ignore[index]
    assert_accessible(page, f"scanning-{width}")

    # Choosing an answer keeps the page (and saves it); «Gå til neste» lights up next.
    choose(page, "Nei")
    expect(page.get_by_role("radio", name="Nei", exact=True)).to_be_checked()
    page.wait_for_function(SAVED)
    assert answers(app) == {"hjem_trives": "nei"} and page_id(page) == "hjem_trives"
    assert page.evaluate(LIT) == "Nei"  # lit a moment longer: a second press changes nothing
    choose(page, "Gå til neste")
    until_shown(page, "hjem_leilighet")

    # A switch pressed twice in quick succession (a tremor) chooses once and goes nowhere.
    first = page.locator("#main label.answer .answer-label").first.inner_text()
    when_lit(page, first)
    page.keyboard.press("Space")
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name=first, exact=True)).to_be_checked()
    when_lit(page, "Gå til neste")
    assert page_id(page) == "hjem_leilighet"
    page.keyboard.press("Space")
    until_shown(page, "hjem_valgte")
    page.wait_for_function(f"() => ({LIT})() !== null")  # scanning again on the new page
    assert set(answers(app)) == {"hjem_trives", "hjem_leilighet"}
    page.context.close()


def test_les_opp_chosen_by_the_switch_reads_the_page_then_scanning_goes_on(
    browser: Browser, base_url: str
) -> None:
    page = start_scanning(browser, base_url, TABLET)
    choose(page, "Neste")  # the first press also lets the tablet play sound
    until_shown(page, "eir")
    choose(page, "Les opp", key="Enter")
    player = "document.querySelector('[data-read-aloud] audio')"
    page.wait_for_function(f"() => !{player}.paused")
    assert page.evaluate(LIT) is None  # nothing lights up while the page is read
    page.wait_for_function(f"() => {player}.ended", timeout=60_000)
    when_lit(page, "Les opp")  # then it starts again from the top
    when_lit(page, "Neste")
    page.context.close()
