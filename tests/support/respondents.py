"""Respondents' pages driven as a person does: the steps most browser tests share."""

import re

from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.config import Settings
from app.storage.tables import answers_table


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


# Cumulative layout shift as Lighthouse counts it (shifts not caused by a tap), so far.
CUMULATIVE_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""


def answers(app: FastAPI) -> dict[str, str | None]:
    """The answers stored, by question."""
    with app.state.services.engine.connect() as connection:
        return {a.question_id: a.value for a in connection.execute(select(answers_table)).all()}


def quick_taps(settings: Settings) -> Settings:
    """For tests that walk through many pages but do not measure taps (test_browser_taps.py
    does): a page may be tapped 50 ms after it is shown rather than 600."""
    return settings.model_copy(update={"tap_settle_ms": 50})
