"""Every question page of the resident questionnaire, measured as shown on a tablet, a tablet
on its side and a phone: the answers in view, the picture the largest thing on the page, and
the staff's own controls quiet and in one place."""

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from app.config import Settings
from app.questionnaires.catalog import Catalog
from tests.support.browser import PHONE, TABLET, TABLET_LANDSCAPE, assert_accessible
from tests.support.respondents import (
    ONWARD,
    WATCH_NEXT_PAGE,
    answer_and_go,
    at_first_question,
    page_id,
    quick_taps,
    start_tablet,
    tap_and_wait,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Every question page, quick: taps are not what is measured here."""
    return quick_taps(settings)


# Where things are on the page as shown, before any scrolling.
MEASURE = """() => {
  const box = element => {
    const r = element.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, height: r.height, area: r.width * r.height};
  };
  const shown = element => element.checkVisibility({visibilityProperty: true});
  const controls = [
    ...document.querySelectorAll('#main a, #main button, #main summary, #main label.answer')]
    .filter(shown);
  // The picture as drawn: scaled to fit its box, keeping its shape.
  const img = document.querySelector('#main .picture img');
  const fit = Math.min(img.clientWidth / img.naturalWidth, img.clientHeight / img.naturalHeight);
  const drawn = {width: img.naturalWidth * fit, height: img.naturalHeight * fit};
  return {
    viewport: innerHeight,
    picture: {...drawn, area: drawn.width * drawn.height},
    heading: box(document.querySelector('#main h1')),
    answers: box(document.querySelector('#main .answers')),
    decline: box(document.querySelector('#main .answer-row-decline')),
    onward: box(document.querySelector('#main .survey-nav button[name=next]')),
    largest_control: Math.max(...controls.map(c => box(c).area)),
    controls: controls.length,
    staff: box(document.querySelector('#main summary')),
    back: box(document.querySelector('#main .survey-nav .back')),
  };
}"""

PICTURE_LOADED = "() => document.querySelector('#main .picture img').naturalWidth > 0"


def question_pages(page: Page, catalog: Catalog) -> list[tuple[str, dict[str, Any]]]:
    """Go through the resident questionnaire, answering each question with its first option,
    and measure every question page on the way."""
    questions = {question.id for question in catalog.questionnaires["beboer"].questions}
    measured = []
    while page_id(page) != "takk":
        current = page_id(page)
        if current.startswith("hvem?"):
            tap_and_wait(page, "Jeg svarer selv")
        elif current in questions:
            page.wait_for_function(PICTURE_LOADED)
            measured.append((current, page.evaluate(MEASURE)))
            answer_and_go(page, page.locator("#main label.answer .answer-label").first.inner_text())
        else:
            tap_and_wait(page, ONWARD)
    return measured


@pytest.mark.parametrize(
    "device", [TABLET, PHONE, TABLET_LANDSCAPE], ids=["tablet", "phone", "landscape"]
)
def test_every_question_page_shows_its_answers_and_a_large_picture(
    browser: Browser, base_url: str, catalog: Catalog, device: dict[str, object]
) -> None:
    page = browser.new_context(**device).new_page()  # type: ignore[arg-type]
    start_tablet(page, base_url)
    measured = question_pages(page, catalog)
    assert len(measured) > 40  # all but those the answers skip
    places = set()
    for question, shown in measured:
        left = shown["viewport"] - shown["heading"]["height"] - shown["answers"]["height"]
        # Every answer, "Vil ikke svare" and «Gå til neste» without scrolling (a phone cut
        # "Vil ikke svare").
        assert shown["decline"]["bottom"] <= shown["viewport"], question
        assert shown["onward"]["bottom"] <= shown["viewport"], question
        # The picture is larger than any button (220 px high on a tablet, it was smaller than
        # an answer) and takes at least 40 % of the height the question and answers leave.
        # On a phone the answers and «Gå til neste» come first (none may be scrolled to): after
        # a long question the picture keeps 6rem at least, near an answer's size.
        if device is PHONE:
            assert shown["picture"]["height"] >= 120, (question, shown["picture"])
            assert shown["picture"]["area"] > 0.7 * shown["largest_control"], question
        else:
            assert shown["picture"]["area"] > shown["largest_control"], question
        if device is not PHONE:
            assert shown["picture"]["height"] >= 0.4 * left, (question, shown["picture"], left)
        # Fewer things compete with the question: pause and helper share one quiet control.
        assert shown["controls"] <= 12, (question, shown["controls"])
        # The staff's control last, below the answers and "Tilbake" (on a tablet it stands at
        # the foot of the screen, so also in the same place on every page).
        above = max(shown["back"]["bottom"], shown["decline"]["bottom"])
        assert shown["staff"]["top"] >= above, question
        places.add((round(shown["staff"]["top"]), round(shown["staff"]["height"])))
    assert len(places) == 1 or device is PHONE, places
    page.context.close()


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_the_staff_menu_opens_over_the_page_without_moving_it(
    browser: Browser, base_url: str, device: dict[str, object]
) -> None:
    page = at_first_question(browser, base_url, device)
    page.evaluate(WATCH_NEXT_PAGE)
    before = page.evaluate("() => window.placeNow()")
    page.locator("#main details.staff-menu > summary").tap()
    change = page.get_by_role("link", name="Endre hvem som hjelper", exact=True)
    pause = page.get_by_role("link", name="Ta en pause", exact=True)
    expect(change).to_be_visible()
    expect(pause).to_be_in_viewport(ratio=1)
    expect(page.locator("#main .helper-now")).to_have_text("Med deg nå: Jeg svarer selv")
    assert page.evaluate("() => window.placeNow()") == before
    width = device["viewport"]["width"]  # type: ignore[index]
    assert_accessible(page, f"staff-menu-{width}")
    page.context.close()
