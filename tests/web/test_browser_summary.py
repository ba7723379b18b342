"""«Dette sa dere» in a real Chromium, as a resident opens it on a tablet or a phone, and as
it is printed for a user council: accessible, nothing sideways, one theme per block."""

import re
import subprocess
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, expect

from app.rounds.rounds import all_rounds
from tests.support.browser import PHONE, SCREENSHOTS, TABLET, assert_accessible
from tests.web.test_browser_analysts import base_url  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_resident_reads_what_they_said(
    browser: Browser,
    base_url: str,  # noqa: F811
    app: FastAPI,
    device: dict[str, object],
    tmp_path: Path,
) -> None:
    with app.state.services.connect() as connection:
        newest = max(
            (r for r in all_rounds(connection) if r.municipality_number == "9901"),
            key=lambda r: r.period,
        )
    address = f"{base_url}/r/{newest.resident_token}/svar"
    without = browser.new_context(**device, java_script_enabled=False)  # type: ignore[arg-type]
    plain = without.new_page()
    plain.goto(address)  # nothing on it needs JavaScript
    expect(plain.get_by_role("heading", name="Trivsel", exact=True)).to_be_visible()
    without.close()
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(address)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dette sa dere")
    expect(page.get_by_role("heading", name="Trivsel", exact=True)).to_be_visible()
    tenths = page.get_by_role("img", name=re.compile(r"^(10|\d) av 10$"))
    expect(tenths.first).to_be_visible()  # the picture of ten, named in words
    width = device["viewport"]["width"]  # type: ignore[index]
    assert_accessible(page, f"summary-{width}")
    page.get_by_role("link", name="Nynorsk", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dette sa de")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    if width == 768:
        pdf = tmp_path / "dette-sa-dere.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        shown = subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "50",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(SCREENSHOTS / "summary-print"),
            ],
            check=True,
        )
        assert shown.returncode == 0
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Dette sa de" in text and "av 10" in text
    context.close()
