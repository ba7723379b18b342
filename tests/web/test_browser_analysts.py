"""Analysts and owners in a real Chromium: sign in by keyboard, the dashboard, the report,
exports and rounds pages, each looked at (screenshot) and checked with axe-core."""

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from app.demo import DemoPlan, fill_demo
from app.questionnaires.catalog import Catalog
from app.rounds.rounds import all_rounds
from tests.support.browser import PHONE, TABLET, assert_accessible, live_server, numbered
from tests.support.signing_in import PASSWORD, add_user

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
TABLET_LANDSCAPE = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}


@pytest.fixture
def base_url(app: FastAPI, catalog: Catalog) -> Iterator[str]:
    with app.state.services.connect() as connection:
        fill_demo(connection, catalog, DemoPlan(municipalities=4, periods=3, residents=15))
    add_user(app, "eier", "owner")
    with live_server(app) as url:
        yield url


def sign_in_by_keyboard(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/analyse")
    page.wait_for_url(lambda url: "/logg-inn?neste=" in url)
    assert_accessible(page, "analyst-login")
    page.get_by_label("Brukernavn", exact=True).focus()
    page.keyboard.type("eier")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/analyse")


@pytest.mark.parametrize("device", [DESKTOP, TABLET_LANDSCAPE], ids=["desktop", "tablet"])
def test_dashboard_report_exports_and_rounds(
    browser: Browser, base_url: str, app: FastAPI, device: dict[str, object]
) -> None:
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in_by_keyboard(page, base_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resultater")
    name = "desktop" if device is DESKTOP else "tablet"

    # Choose two municipalities and "answered alone", as an analyst would.
    compared = page.get_by_role("group", name=re.compile(r"^Kommuner med runde i \d{4}"))
    compared.get_by_label("Fjordvik (9901)", exact=True).check()
    compared.get_by_label("Bjørkedal (9902)", exact=True).check()
    # And a reference group: the other two.
    group = page.get_by_role("group", name=re.compile(r"^Sammenlign også med en gruppe"))
    group.get_by_label("Solberg (9903)", exact=True).check()
    group.get_by_label("Nordmo (9904)", exact=True).check()
    page.get_by_label("Svarte selv", exact=True).check()
    page.get_by_role("button", name="Vis resultatene", exact=True).click()
    page.wait_for_url(lambda url: "hjelp=selv" in url)
    # The chart is named by its title, then its description with the numbers.
    chart = page.get_by_role("img", name=re.compile(r"^Trivsel: beboere og pårørende\b"))
    expect(chart).to_be_visible()
    expect(chart).to_have_accessible_name(re.compile(r"Valgt gruppe: beboere \d"))
    expect(
        page.get_by_role("table", name="Trivsel i Fjordvik over tid: tallene i figuren", exact=True)
    ).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"^Valgt gruppe: (Solberg, Nordmo|Nordmo, Solberg)\."))
    ).to_be_visible()
    drawn_texts(page)  # no word of a chart is cut off at its edge
    assert_accessible(page, f"analyst-dashboard-{name}")

    page.get_by_role("link", name=re.compile(r"^Fjordvik \d{4}$")).click()
    page.wait_for_url("**/analyse/rapport/*")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fjordvik (9901)")
    assert_accessible(page, f"analyst-report-{name}")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hovedmeny", exact=True)).to_be_hidden()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Eksport", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eksport")
    assert_accessible(page, f"analyst-exports-{name}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Temaskårer (CSV)", exact=True).click()
    assert download.value.suggested_filename == "temaskarer.csv"
    page.get_by_role(
        "link", name=re.compile(r"^Les kommentarene fra pårørende, Fjordvik")
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kommentarer fra pårørende")
    assert_accessible(page, f"analyst-comments-{name}")
    page.get_by_role("link", name="Til eksport", exact=True).click()

    page.get_by_role("link", name="Runder", exact=True).click()
    assert_accessible(page, f"owner-rounds-{name}")
    page.get_by_label("Kommunens navn", exact=True).fill("Nyby")
    page.get_by_label("Kommunenummer (fire sifre)", exact=True).fill("9951")
    page.get_by_label("Periode (for eksempel 2027 eller 2027-H1)", exact=True).fill("2030")
    page.get_by_label("Første dag", exact=True).fill("2030-03-01")
    page.get_by_label("Siste dag", exact=True).fill("2030-04-30")
    homes = "Boliger eller avdelinger, én per linje (kan stå tomt)"
    page.get_by_label(homes, exact=True).fill("Lia\nBerg")
    page.get_by_role("button", name="Lag runden", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Runden er laget.")
    page.get_by_text("Tjeneste og boform for boligene i Nyby 2030", exact=True).click()
    page.get_by_label("Tjeneste i Lia", exact=True).select_option(label="Avlastning")
    page.get_by_label("Boform i Berg", exact=True).select_option(label="Egen bolig")
    assert_accessible(page, f"owner-home-tags-form-{name}")
    saved = "Lagre tjeneste og boform for Nyby 2030"
    page.get_by_role("button", name=saved, exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        "Boligenes tjeneste og boform er lagret. Rapporten viser tallene etter hver."
    )
    with app.state.services.connect() as connection:
        assert "Nyby" in {r.municipality_name for r in all_rounds(connection)}

    page.get_by_text("Endre Nyby 2030", exact=True).click()
    page.get_by_label("Ny siste dag for Nyby 2030", exact=True).fill("2030-05-31")
    assert_accessible(page, f"owner-change-round-{name}")
    page.get_by_role("button", name="Lagre endringene for Nyby 2030", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Runden er endret.")
    page.get_by_role("button", name="Avslutt nå Nyby 2030", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avslutte runden Nyby 2030?")
    assert_accessible(page, f"owner-close-round-{name}")
    page.get_by_role("button", name="Ja, avslutt runden nå", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        "Runden er avsluttet. Lenkene virker ikke lenger."
    )
    # A closed demo round's homes keep their service and form of housing: shown, not asked.
    page.get_by_text(
        re.compile(r"^Tjeneste og boform for boligene i Fjordvik \d{4}$")
    ).first.click()
    expect(
        page.get_by_text(re.compile(r"^Fjordvik bolig: Bolig med personale")).first
    ).to_be_visible()
    assert_accessible(page, f"owner-home-tags-{name}")
    # Its answers are no longer needed: deleted, its counted figures kept.
    page.get_by_role("button", name="Slett svarene… Nyby 2030", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slette svarene i Nyby 2030?")
    assert_accessible(page, f"owner-delete-answers-{name}")
    page.get_by_role("button", name="Ja, slett svarene for godt", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        "Svarene i runden er slettet. Tallene som ble talt, står. Det står i loggen."
    )
    page.get_by_role("link", name="Slett et svar på forespørsel", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slett et svar")
    assert_accessible(page, f"owner-erase-{name}")
    page.get_by_role("link", name="Logg", exact=True).click()
    expect(page.get_by_text(re.compile(r"^Avsluttet runde \d+ \(Nyby 2030\)$"))).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"^Slettet svarene i runde \d+ \(Nyby 2030\)$"))
    ).to_be_visible()
    assert_accessible(page, f"owner-logbook-{name}")

    page.get_by_role("link", name="Skjema", exact=True).click()
    page.get_by_role("link", name="Se alle sidene i Min stemme teller", exact=True).click()
    assert_accessible(page, f"owner-questionnaire-{name}")
    page.get_by_role("link", name="Vis dag_onsker", exact=True).click()
    expect(page.frame_locator("iframe").first.get_by_role("heading", level=1)).to_have_text(
        numbered("Vil du gjerne ha en jobb eller et dagtilbud?")
    )
    assert_accessible(page, f"owner-preview-{name}")

    page.get_by_role("button", name="Logg ut eier", exact=True).click()
    page.wait_for_url("**/logg-inn")
    page.goto(f"{base_url}/analyse/eksport")
    page.wait_for_url(lambda url: "/logg-inn?neste=" in url)
    context.close()


LEADER_SCREENS = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.mark.parametrize("screen", list(LEADER_SCREENS))
def test_a_leaders_first_screen_holds_the_comparison_and_the_change(
    browser: Browser, base_url: str, screen: str
) -> None:
    width, height = LEADER_SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in_by_keyboard(page, base_url)
    page.goto(f"{base_url}/analyse?kommune=9902")
    figures = page.get_by_role("table", name=re.compile(r"^Bjørkedal \d{4}: hovedtall$"))
    expect(figures).to_be_visible()
    first = figures.get_by_role("row").nth(1)  # the header row, then the first theme
    for said in ("Beboere", "Endring", "Alle", "Forskjell", "Pårørende"):
        expect(
            first.get_by_role("cell").filter(has_text=re.compile(f"^{said}|\\d"))
        ).not_to_have_count(0)
    # Above the fold: every theme on a desktop; the first theme whole on a phone.
    shown = figures if screen == "desktop" else first
    box = shown.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height, box
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"leader-first-screen-{screen}")
    context.close()


def drawn_texts(page: Page) -> list[dict[str, Any]]:
    """Every text of the charts shown: its size as drawn, where it ends, and whether the chart
    cuts it off (an SVG shows nothing past its edges)."""
    drawn: list[dict[str, Any]] = page.evaluate(
        """() => [...document.querySelectorAll("svg.chart")]
            .filter((svg) => svg.getBoundingClientRect().width > 0)
            .flatMap((svg) => [...svg.querySelectorAll("text")].map((text) => ({
                size: parseFloat(getComputedStyle(text).fontSize) * svg.getScreenCTM().a,
                right: text.getBoundingClientRect().right,
                cut: text.getBoundingClientRect().right > svg.getBoundingClientRect().right + 1
                    || text.getBoundingClientRect().left < svg.getBoundingClientRect().left - 1,
                words: text.textContent,
            })))"""
    )
    assert drawn
    cut = [t for t in drawn if t["cut"]]
    assert not cut, cut[:3]
    return drawn


def test_a_phone_shows_charts_one_can_read_without_scrolling_sideways(
    browser: Browser, base_url: str
) -> None:
    """On a 390 px phone every chart's text is at least 12 px as drawn (a chart made for 920 px
    and shrunk showed 5.6 px), and nothing makes the page wider than the screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    sign_in_by_keyboard(page, base_url)
    page.goto(f"{base_url}/analyse?kommune=9901&kommune=9902&gruppe=9903&gruppe=9904")
    charts = page.get_by_role("img", name=re.compile(r"^Trivsel"))
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3  # the comparison and a trend per municipality
    drawn = drawn_texts(page)
    small = [t for t in drawn if t["size"] < 12]
    assert not small, small[:3]
    outside = [t for t in drawn if t["right"] > 390]
    assert not outside, outside[:3]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "analyst-dashboard-phone-charts")
    context.close()


def test_the_printed_report_numbers_its_pages(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    """Printed to PDF by Chromium, as an analyst prints it: every page says "Side n av N", and
    the first says when it was printed."""
    context = browser.new_context(**DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in_by_keyboard(page, base_url)
    page.goto(f"{base_url}/analyse?kommune=9901")
    page.get_by_role("link", name=re.compile(r"^Fjordvik \d{4}$")).click()
    page.wait_for_url("**/analyse/rapport/*")
    pdf = tmp_path / "rapport.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    context.close()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 1
    for number, printed in enumerate(pages, 1):
        assert f"Side {number} av {len(pages)}" in printed, number
    assert "Skrevet ut" in pages[0]


def download(page: Page, kind: str, folder: Path) -> tuple[Path, str]:
    """Take the Trivsel comparison chart as SVG or PNG: the file, and the name suggested."""
    with page.expect_download() as taken:
        page.get_by_role(
            "button",
            name=re.compile(rf"^Last ned figuren \({kind}\): Trivsel: beboere og pårørende"),
        ).click()
    path = folder / f"figur.{kind.lower()}"
    taken.value.save_as(path)
    return path, taken.value.suggested_filename


def test_a_chart_is_taken_away_as_svg_and_png(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(**DESKTOP, accept_downloads=True)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in_by_keyboard(page, base_url)
    page.goto(f"{base_url}/analyse?kommune=9901")
    svg, name = download(page, "SVG", tmp_path)
    drawn = svg.read_text(encoding="utf-8")
    assert name.startswith("trivsel-beboere-og-p")
    assert drawn.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in drawn
    assert '<pattern id="stripes"' in drawn and "font-family" in drawn  # it stands alone
    png, _ = download(page, "PNG", tmp_path)
    with Image.open(png) as picture:
        assert picture.format == "PNG" and picture.width == 1840  # twice the chart's 920
        assert picture.convert("RGB").getpixel((5, 5)) == (255, 255, 255)  # on white
    assert_accessible(page, "analyst-dashboard-downloads")
    context.close()


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_the_report_per_home_fits_a_tablet_and_a_phone(
    browser: Browser, base_url: str, app: FastAPI, device: dict[str, object]
) -> None:
    """The residents' and the relatives' tables per home (a column per theme) stack into a
    block per home where they do not fit: they made the report 990 px wide on a tablet, and
    the themes' table 626 px on a phone."""
    with app.state.services.connect() as connection:
        newest = max((r for r in all_rounds(connection) if r.municipality_number == "9901"),
                     key=lambda r: r.period)  # fmt: skip
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in_by_keyboard(page, base_url)
    page.goto(f"{base_url}/analyse/rapport/{newest.id}")
    for title in ("Beboerne per bolig", "De pårørende per bolig"):
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    width = device["viewport"]["width"]  # type: ignore[index]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"analyst-report-homes-{width}")
    context.close()
