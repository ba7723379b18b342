"""Actions after a round in a real Chromium, on a tablet and a phone: an owner writes what
Fjordvik will do after last year's round, and follows it up on this year's report."""

import re

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, expect

from app.rounds.rounds import all_rounds
from tests.support.browser import PHONE, SCREENSHOTS, TABLET, assert_accessible
from tests.web.test_browser_analysts import base_url, sign_in_by_keyboard  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_an_action_is_written_and_followed_up_in_the_browser(
    browser: Browser,
    base_url: str,  # noqa: F811
    app: FastAPI,
    device: dict[str, object],
) -> None:
    with app.state.services.connect() as connection:
        before, latest = sorted(
            (r for r in all_rounds(connection) if r.municipality_number == "9901"),
            key=lambda r: r.period,
        )[-2:]
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in_by_keyboard(page, base_url)
    page.goto(f"{base_url}/analyse/rapport/{before.id}")
    form = page.locator("form.new-action")
    form.get_by_label("Tema", exact=True).select_option(label="Trivsel")
    form.get_by_label("Hva skal gjøres", exact=True).fill("Flere turer i helgene")
    form.get_by_label("Hvem har ansvaret", exact=True).fill("Enhetsleder bolig")
    form.get_by_label("Frist (valgfritt)", exact=True).fill("2026-06-30")
    form.get_by_role("button", name="Lagre tiltaket", exact=True).click()
    expect(page.get_by_role("heading", name="Dette skal vi gjøre", exact=True)).to_be_visible()

    page.goto(f"{base_url}/analyse/rapport/{latest.id}")
    promised = f"Dette lovet vi etter {before.period} – dette ble gjort"
    expect(page.get_by_role("heading", name=promised, exact=True)).to_be_visible()
    page.get_by_label("Ny status for «Flere turer i helgene»", exact=True).select_option("done")
    page.get_by_label("Merknad til «Flere turer i helgene»", exact=True).fill("Tolv turer.")
    page.get_by_role("button", name="Lagre status for «Flere turer i helgene»", exact=True).click()
    expect(page.locator(".action-list li").first).to_contain_text("Status: gjort. Tolv turer.")
    width = device["viewport"]["width"]  # type: ignore[index]
    page.locator("#tiltak").scroll_into_view_if_needed()
    assert_accessible(page, f"actions-{width}")
    section = page.locator("section.round-actions")
    section.screenshot(path=SCREENSHOTS / f"actions-section-{width}.png")
    page.emulate_media(media="print")
    expect(page.locator("form.new-action")).to_be_hidden()
    expect(page.locator(".action-list li").first).to_be_visible()
    page.emulate_media(media="screen")

    # The dialogue meeting's pack: both views side by side, questions, the actions so far.
    page.get_by_role("link", name="Til dialogmøtet", exact=True).click()
    expect(page.get_by_role("heading", name="Spørsmål å snakke om", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile("Flere turer i helgene"))).to_be_visible()
    assert_accessible(page, f"meeting-{width}")
    context.close()
