"""An owner in a real Chromium, with the survey running: a question edited in its file is a
draft, looked at in the preview in bokmål and nynorsk with its plain-language advice while
respondents go on with what was published; a file saved broken half-way cannot be published
and the owner is told what to fix, at which line; «Publiser» takes the fixed draft to the
respondents without a restart."""

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, FrameLocator, Page, expect

from app.config import Settings
from tests.support.browser import TABLET, assert_accessible, live_server, numbered
from tests.support.owning import app_with_own_questions, edit
from tests.support.respondents import at_first_question
from tests.support.signing_in import add_user
from tests.web.test_browser_analysts import DESKTOP, sign_in_by_keyboard

pytestmark = pytest.mark.browser

ASKED = '"Trives du der du bor?"'
TWO_IN_ONE = '"Liker du maten og personalet?"'
TWO_IN_ONE_NN = '"Likar du maten og personalet?"'


@pytest.fixture
def owners_app(settings: Settings, tmp_path: Path) -> FastAPI:
    return app_with_own_questions(settings, tmp_path)


@pytest.fixture
def base_url(owners_app: FastAPI) -> Iterator[str]:
    add_user(owners_app, "eier", "owner")
    with live_server(owners_app) as url:
        yield url


def reload_until(page: Page, shown: Callable[[], bool], seconds: float = 30) -> None:
    """The owner reloads the page until the change shows (the server looks every second)."""
    deadline = time.monotonic() + seconds
    while not shown():
        assert time.monotonic() < deadline, "the change did not show"
        time.sleep(0.2)
        page.reload()


def frame(page: Page, index: int = 0) -> FrameLocator:
    return page.frame_locator("iframe").nth(index)


def test_an_owner_edits_previews_fixes_and_publishes_a_question_without_a_restart(
    browser: Browser, base_url: str, owners_app: FastAPI
) -> None:
    page = browser.new_context(**DESKTOP).new_page()  # type: ignore[arg-type]
    sign_in_by_keyboard(page, base_url)
    page.get_by_role("link", name="Skjema", exact=True).click()
    page.get_by_role("link", name="Se alle sidene i Min stemme teller", exact=True).click()
    page.get_by_role("link", name="Vis hjem_trives", exact=True).click()
    expect(frame(page).locator("h1")).to_have_text(numbered("Trives du der du bor?"))

    edit(owners_app, ASKED, TWO_IN_ONE)
    edit(owners_app, '"Trivst du der du bur?"', TWO_IN_ONE_NN)
    advice = page.get_by_role("list").filter(has_text="to spørsmål i ett")
    # The page and its frame are two requests: a publication can fall between them, so the
    # owner reloads until both show the change (the words in the frame, the advice beside it).
    reload_until(
        page,
        lambda: (
            numbered(TWO_IN_ONE.strip('"')).fullmatch(frame(page).locator("h1").inner_text())
            is not None
            and advice.count() > 0
        ),
    )
    expect(advice).to_contain_text("«og» kan gjøre dette til to spørsmål i ett")
    expect(frame(page, 1).locator("h1")).to_have_text(numbered(TWO_IN_ONE.strip('"')))
    assert_accessible(page, "owner-preview")

    page.get_by_role("link", name="Nynorsk", exact=True).click()
    expect(frame(page).locator("h1")).to_have_text(numbered(TWO_IN_ONE_NN.strip('"')))
    expect(frame(page).locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("link", name="Nynorsk", exact=True)).to_have_attribute(
        "aria-current", "page"
    )

    # Saved half-way through the next edit: said at the top with file and line.
    edit(owners_app, "version: 3", "version: to")
    page.goto(f"{base_url}/analyse")
    reload_until(page, lambda: "kan ikke publiseres" in page.content())
    refused = page.get_by_text(re.compile(r"beboer\.yaml:4: version må være et helt tall"))
    expect(refused).to_be_visible()

    resident = at_first_question(browser, base_url, TABLET)  # what was published, still
    expect(resident.locator("#main h1")).to_have_text(numbered(ASKED.strip('"')))

    edit(owners_app, "version: to", "version: 3")
    page.goto(f"{base_url}/analyse/skjema")
    publish = page.get_by_role("button", name="Publiser", exact=True)
    reload_until(page, lambda: publish.count() > 0)
    assert_accessible(page, "owner-publish")
    publish.click()
    expect(page.get_by_role("status")).to_contain_text("Publisert: beboer versjon 3")
    expect(
        page.get_by_text("Utkastet er det samme som det som er publisert.", exact=True)
    ).to_be_visible()
    resident.reload()
    expect(resident.locator("#main h1")).to_have_text(numbered(TWO_IN_ONE.strip('"')))
    page.context.close()
    resident.context.close()
