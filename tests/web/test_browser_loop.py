"""The loop closed over a demo round, in a real Chromium on a tablet and a phone: the owner
reads the closed round's report (last year's promises followed up, this year's, the results by
service and form of housing), prints the dialogue meeting's pack and the residents'
invitation; a resident opens «Dette sa dere» from its link, has it read aloud, and it is
printed; staff print their guide. Every page accessible, every print looked at as a PDF."""

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect

from app.demo import DemoPlan, fill_demo
from app.questionnaires.catalog import Catalog
from app.rounds.rounds import all_rounds
from tests.support.browser import PHONE, SCREENSHOTS, TABLET, assert_accessible, live_server
from tests.support.signing_in import add_user
from tests.web.test_browser_analysts import sign_in_by_keyboard

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(app: FastAPI, catalog: Catalog) -> Iterator[str]:
    """Two municipalities, two years, 40 residents each, with the demo's actions: promised
    after last year's round and followed up, and one planned after this year's."""
    with app.state.services.connect() as connection:
        fill_demo(
            connection, catalog, DemoPlan(municipalities=2, periods=2, residents=40, actions=True)
        )
    add_user(app, "eier", "owner")
    with live_server(app) as url:
        yield url


def printed(page: Page, name: str, folder: Path) -> str:
    """The page printed to A4 as Chromium prints it: its first page kept as a picture to look
    at, and its text."""
    pdf = folder / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    first_page = ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf)]
    subprocess.run([*first_page, str(SCREENSHOTS / f"print-{name}")], check=True)
    read = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return read.stdout


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_the_loop_closed_over_a_demo_round(
    browser: Browser, base_url: str, app: FastAPI, device: dict[str, object], tmp_path: Path
) -> None:
    with app.state.services.connect() as connection:
        before, latest = sorted(
            (r for r in all_rounds(connection) if r.municipality_number == "9901"),
            key=lambda r: r.period,
        )
    width = device["viewport"]["width"]  # type: ignore[index]
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in_by_keyboard(page, base_url)

    # The report: last year's promises with their status, this year's, results by group.
    page.goto(f"{base_url}/analyse/rapport/{latest.id}")
    promised = f"Dette lovet vi etter {before.period} – dette ble gjort"
    expect(page.get_by_role("heading", name=promised, exact=True).first).to_be_visible()
    expect(page.get_by_role("heading", name="Dette skal vi gjøre", exact=True)).to_be_visible()
    by_housing = page.get_by_role("heading", name="De pårørende etter boform", exact=True)
    expect(by_housing).to_be_visible()
    by_housing.scroll_into_view_if_needed()
    assert_accessible(page, f"loop-report-{width}")
    groups = page.locator("table.homes").last
    groups.screenshot(path=SCREENSHOTS / f"loop-by-housing-{width}.png")
    report = printed(page, f"loop-report-{width}", tmp_path)
    assert "Dette lovet vi" in report and "etter boform" in report

    # The dialogue meeting's pack, printed.
    page.get_by_role("link", name="Til dialogmøtet", exact=True).click()
    expect(page.get_by_role("heading", name="Spørsmål å snakke om", exact=True)).to_be_visible()
    assert_accessible(page, f"loop-meeting-{width}")
    meeting = printed(page, f"loop-meeting-{width}", tmp_path)
    assert "Spørsmål å snakke om" in meeting and "Faste personer på nattevakt" in meeting

    # The residents' invitation, with the round's poster and letters.
    page.goto(f"{base_url}/analyse/runder")
    page.get_by_role(
        "link", name=f"Plakat og brev for {latest.municipality_name} {latest.period}", exact=True
    ).click()
    invitation = page.get_by_role("heading", name="Vil du si hva du mener?", exact=True)
    expect(invitation).to_be_visible()
    assert_accessible(page, f"loop-invitation-{width}")
    sheets = printed(page, f"loop-invitation-{width}", tmp_path)
    assert "Vil du si hva du mener?" in sheets
    context.close()

    # A resident opens «Dette sa dere» from its link (no sign-in) and has it read aloud.
    resident = browser.new_context(**device)  # type: ignore[arg-type]
    told = resident.new_page()
    told.goto(f"{base_url}/r/{latest.resident_token}/svar")
    expect(told.get_by_role("heading", level=1)).to_have_text("Dette sa dere")
    assert_accessible(told, f"loop-summary-{width}")
    told.get_by_role("button", name="Les opp", exact=True).tap()
    player = "document.querySelector('[data-read-aloud] audio')"
    told.wait_for_function(f"() => {player}.currentTime > 0.3")
    expect(told.get_by_role("button", name="Stopp", exact=True)).to_be_visible()
    told.get_by_role("button", name="Stopp", exact=True).tap()
    summary = printed(told, f"loop-summary-{width}", tmp_path)
    assert "Dette sa dere" in summary and "av 10" in summary
    assert "Les opp" not in summary  # a button is no use on paper

    # The staff's guide, printed to hand out.
    told.goto(f"{base_url}/veileder")
    expect(told.get_by_role("heading", level=1)).to_have_text("Veileder for personalet")
    guide = printed(told, f"loop-guide-{width}", tmp_path)
    assert "Slik hjelper du uten å styre" in guide
    resident.close()
