"""The staff guide and the start page's checklist in a real Chromium, on a tablet and a phone:
accessible, nothing sideways, printable."""

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, expect

from app import clock
from app.rounds.rounds import all_rounds, status
from tests.support.browser import PHONE, TABLET, assert_accessible
from tests.web.test_browser_analysts import base_url  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_staff_read_the_checklist_and_the_guide(
    browser: Browser,
    base_url: str,  # noqa: F811
    app: FastAPI,
    device: dict[str, object],
) -> None:
    with app.state.services.connect() as connection:
        running = next(r for r in all_rounds(connection) if status(r, clock.today()) == "open")
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    width = device["viewport"]["width"]  # type: ignore[index]
    page.goto(f"{base_url}/r/{running.resident_token}")
    expect(page.get_by_role("heading", name="Før du starter", exact=True)).to_be_visible()
    assert_accessible(page, f"staff-start-{width}")
    page.get_by_role("link", name="Veileder for personalet", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Veileder for personalet")
    expect(
        page.get_by_role("heading", name="Slik hjelper du uten å styre", exact=True)
    ).to_be_visible()
    assert_accessible(page, f"staff-guide-{width}")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Prøv undersøkelsen", exact=True)).to_be_hidden()
    context.close()
