"""The poster and the relatives' letters as they come out of a printer: printed to PDF by
Chromium, each page made a 200 dpi picture, and every QR code read by zbar, as a phone would."""

import re
import subprocess
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser

from app import clock, urls
from app.questionnaires.catalog import Catalog
from app.questionnaires.plain_language import readability
from app.rounds.links import round_links
from app.rounds.posters import poster_html
from app.rounds.rounds import LetterFrom, create_round, unused_codes
from app.words import words_in

pytestmark = pytest.mark.browser

LETTERS = 20
CONTACT = "kari.nordmann@fjordby.kommune.no"


def printed_pages(browser: Browser, html: str, folder: Path) -> list[Path]:
    page = browser.new_page()
    page.set_content(html)
    pdf = folder / "plakat.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    page.close()
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(folder / "side")], check=True)
    return sorted(folder.glob("side-*.png"))


def read_codes(picture: Path) -> list[str]:
    found = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True, text=True
    )
    return sorted(found.stdout.split())


# What the letter says in each language it is printed in (a municipality writing in nynorsk
# must write to its people in nynorsk), to be found in the first letter.
SAID = {
    "nb": ("Hva blir lagret?", "«allerede brukt»", "Fra Bo og habilitering, Fjordby kommune",
           f"Spør Kari Nordmann: {CONTACT}."),
    "nn": ("Kva blir lagra?", "«alt brukt»", "Frå Bo og habilitering, Fjordby kommune",
           f"Spør Kari Nordmann: {CONTACT}."),
    "en": ("What is stored?", "“already been used”", "From Bo og habilitering, Fjordby kommune",
           f"Ask Kari Nordmann: {CONTACT}."),
}  # fmt: skip


@pytest.mark.parametrize("language", list(SAID))
def test_every_printed_qr_code_scans_and_the_poster_fits_one_sheet(
    app: FastAPI, catalog: Catalog, browser: Browser, tmp_path: Path, language: str
) -> None:
    services = app.state.services
    with services.connect() as connection:
        survey_round = create_round(
            connection,
            catalog,
            municipality_name="Fjordby",
            municipality_number="9946",
            period=str((clock.today() + timedelta(days=30)).year),  # the year it closes in
            opens_on=clock.today(),
            closes_on=clock.today() + timedelta(days=30),
            units=["Lia bolig", "Berg bofellesskap"],
            relative_codes=LETTERS,
            letter_from=LetterFrom("Kari Nordmann", CONTACT, "Bo og habilitering"),
        )
        assert survey_round.id is not None
        codes = unused_codes(connection, survey_round.id)
    public_url = "https://minstemme.fjordby.kommune.no"
    html = poster_html(survey_round, public_url, codes, services.templates, language)

    pages = printed_pages(browser, html, tmp_path)

    assert len(pages) == 2 + LETTERS, "the poster, the invitation and each letter one sheet"
    assert read_codes(pages[0]) == sorted(round_links(survey_round, public_url))
    assert read_codes(pages[1]) == []  # the residents' invitation: staff start the tablets
    assert f'<html lang="{language}">' in html
    invitation = html.split("<section", 3)[2]
    words = words_in(language)
    assert words.invite_title in invitation and "Lia bolig, Berg bofellesskap" in invitation
    assert invitation.count('<svg class="pictogram"') == 3  # the answer buttons, drawn
    lines = [unescape(t) for t in re.findall(r"<(?:p|h2)[^>]*>([^<]+)<", invitation)]
    assert readability(lines).lix < 25 and readability(lines).longest_sentence <= 10, lines
    letter_text = html.split("<section", 3)[3]
    for said in SAID[language]:
        assert said in letter_text, said
    for letter, code in zip(pages[2:], codes, strict=True):
        with_code = urls.round_link_with_code(survey_round.relative_token, code, public_url)
        assert read_codes(letter) == [with_code], letter.name
