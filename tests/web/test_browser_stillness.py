"""Nothing moves once shown, in a real Chromium: the next page as it comes in, a full load
before its script has run, and the page laid out the same with and without it."""

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.support.browser import PHONE, TABLET
from tests.support.respondents import (
    CUMULATIVE_SHIFT,
    ONWARD,
    SETTLED,
    WATCH_NEXT_PAGE,
    start_tablet,
    tap_and_wait,
    to_first_question,
)

pytestmark = pytest.mark.browser


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
