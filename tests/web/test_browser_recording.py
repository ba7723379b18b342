"""An owner records a clip in a real Chromium with its microphone (Chromium's own stand-in
device, a steady tone): «Ta opp», «Stopp», listen, «Lagre opptaket»; the server keeps it as
MP3 with its words, and the page is accessible."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, expect

from app import urls
from app.config import Settings
from tests.support.browser import assert_accessible, chromium_with_a_microphone, live_server
from tests.support.owning import app_with_own_questions
from tests.support.signing_in import add_user
from tests.web.test_browser_analysts import DESKTOP, sign_in_by_keyboard

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_with_a_microphone() as launched:
        yield launched


@pytest.fixture
def owners_app(settings: Settings, tmp_path: Path) -> FastAPI:
    made = app_with_own_questions(settings, tmp_path)
    add_user(made, "eier", "owner")
    return made


def test_an_owner_records_a_clip_with_the_microphone(browser: Browser, owners_app: FastAPI) -> None:
    with live_server(owners_app) as base_url:
        page = browser.new_context(**DESKTOP).new_page()  # type: ignore[arg-type]
        sign_in_by_keyboard(page, base_url)
        page.goto(base_url + urls.studio_recordings("beboer", "nb"))
        assert_accessible(page, "owner-recordings")
        clip = page.locator("#opptak-hjem_trives")
        clip.get_by_role("button", name="Ta opp hjem_trives", exact=True).click()
        stop = clip.get_by_role("button", name="Stopp hjem_trives", exact=True)
        expect(stop).to_be_visible()
        folder = owners_app.state.services.settings.recordings_dir / "beboer" / "nb"
        expect(clip.locator("[data-elapsed]")).to_have_text("1 s")  # a second of the tone
        stop.click()
        expect(clip.locator("audio")).to_be_visible()
        clip.get_by_role("button", name="Lagre opptaket hjem_trives", exact=True).click()
        expect(clip.get_by_role("status")).to_have_text("Opptaket er lagret og brukes nå.")
        expect(clip.locator(".state")).to_have_text("Innspilt")
        assert (folder / "hjem_trives.mp3").stat().st_size > 1000
        assert "Trives du der du bor?" in (folder / "hjem_trives.txt").read_text("utf-8")
        page.context.close()
