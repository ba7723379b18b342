"""Issue 31's "Done means", in a real Chromium: an owner with only a browser makes a two-theme
questionnaire with a picture and a recorded voice, tries it on a tablet by its QR code,
publishes it, starts a round that asks only it, and a resident answers it."""

import re
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import text

from app import clock
from app.config import Settings
from tests.support.browser import (
    TABLET,
    assert_accessible,
    chromium_with_a_microphone,
    live_server,
)
from tests.support.owning import app_with_own_folders
from tests.support.respondents import GO_ON, ONWARD, choose, tap_and_wait
from tests.support.signing_in import add_user
from tests.web.test_browser_analysts import DESKTOP, sign_in_by_keyboard

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_with_a_microphone() as launched:
        yield launched


@pytest.fixture
def owners_app(settings: Settings, tmp_path: Path) -> FastAPI:
    made = app_with_own_folders(settings, tmp_path)
    add_user(made, "eier", "owner")
    return made


def a_photo(folder: Path) -> Path:
    path = folder / "arbeidsbenk.jpg"
    Image.new("RGB", (64, 48), (90, 140, 60)).save(path, "JPEG")
    return path


SCALE = [("Alltid", "hake (ja)", "100"), ("Noen ganger", "rett munn (både og)", "50")]
SCALE += [("Aldri", "kryss (nei)", "0")]


def write_question(page: Page, after: str, new: str, words: str, theme: str) -> None:
    page.locator(f"#side-{after}").get_by_role(
        "button", name=f"Nytt spørsmål etter {after}", exact=True
    ).click()
    question = page.locator(f"#side-{new}")
    question.get_by_label("bokmål", exact=True).first.fill(words)
    question.get_by_label("Tema", exact=True).select_option(label=theme)
    question.get_by_role("button", name=f"Lagre {new}", exact=True).click()
    expect(page.locator(f"#side-{new} textarea").first).to_have_value(words)


def test_an_owner_with_only_a_browser_does_the_whole_job(
    browser: Browser, owners_app: FastAPI, tmp_path: Path
) -> None:
    with live_server(owners_app) as base_url:
        owner = browser.new_context(**DESKTOP).new_page()  # type: ignore[arg-type]
        sign_in_by_keyboard(owner, base_url)

        # A new questionnaire of two themes, in bokmål, for residents.
        owner.get_by_role("link", name="Skjema", exact=True).click()
        owner.get_by_role("link", name="Nytt skjema", exact=True).click()
        owner.get_by_label(re.compile(re.escape("Id (små bokstaver"))).fill("jobb")
        owner.get_by_label("bokmål", exact=True).check()
        owner.get_by_label("Tittel på bokmål", exact=True).fill("Trives du på jobb?")
        owner.get_by_label(re.compile(re.escape("Beboere (ett spørsmål per side"))).check()
        owner.get_by_role("button", name="Lag skjemaet", exact=True).click()
        expect(owner.locator("h1")).to_have_text("Rediger jobb")
        write_question(owner, "del_1", "sporsmal_1", "Liker du jobben din?", "Trivsel")
        write_question(owner, "sporsmal_1", "sporsmal_2", "Føler du deg trygg der?", "Trygghet")
        assert_accessible(owner, "studio-editor")

        # An answer scale of its own words, a pictogram chosen for each button.
        owner.get_by_role("link", name="Svarskalaer og temaer", exact=True).click()
        new_scale = owner.locator("#ny-skala")
        new_scale.get_by_label(re.compile(re.escape("Id (små bokstaver"))).fill("alltid_aldri")
        for number, (said, mark, score) in enumerate(SCALE):
            answer = new_scale.locator("fieldset.studio-option").nth(number)
            answer.get_by_label("Ordene, bokmål", exact=True).fill(said)
            answer.get_by_label("Ordene, nynorsk", exact=True).fill(said)  # the others offer it
            answer.get_by_label(mark, exact=True).check()
            answer.get_by_label(re.compile("^Poeng")).fill(score)
        assert_accessible(owner, "studio-scales")
        new_scale.get_by_role("button", name="Lag skalaen", exact=True).click()
        expect(owner.locator("#skala-alltid_aldri h3")).to_have_text("alltid_aldri")
        owner.goto(base_url + "/analyse/studio/jobb")
        question = owner.locator("#side-sporsmal_2")
        question.get_by_label("Svarskala", exact=True).select_option("alltid_aldri")
        question.get_by_role("button", name="Lagre sporsmal_2", exact=True).click()
        expect(owner.locator("#sporsmal_2-skala")).to_have_value("alltid_aldri")

        # A picture for the first question, with what it shows and where it comes from.
        picture = owner.locator("#side-sporsmal_1 details.studio-picture")
        picture.locator("summary").click()
        picture.get_by_label(re.compile(re.escape("Last opp et bilde"))).set_input_files(
            a_photo(tmp_path)
        )
        picture.get_by_label("bokmål", exact=True).fill("En arbeidsbenk med verktøy.")
        picture.get_by_label("Hva bildet er", exact=True).fill("Arbeidsbenken")
        picture.get_by_label("Laget av", exact=True).fill("Testby kommune")
        picture.get_by_label(re.compile(re.escape("Kilde"))).fill("Kommunens eget bilde")
        picture.get_by_label(re.compile(re.escape("Lisens"))).fill("Brukt med tillatelse")
        picture.get_by_role("button", name="Lagre bildet på sporsmal_1", exact=True).click()
        expect(owner.locator("#side-sporsmal_1 summary code")).to_have_text(
            re.compile(r"opplastet/jobb-sporsmal_1-\w+\.jpg")
        )

        # Its voice, recorded with the microphone.
        owner.get_by_role("link", name="Spill inn stemmen", exact=True).click()
        clip = owner.locator("#opptak-sporsmal_1")
        expect(clip.locator(".words")).to_contain_text("Liker du jobben din?")
        clip.get_by_role("button", name="Ta opp sporsmal_1", exact=True).click()
        expect(clip.locator("[data-elapsed]")).to_have_text("1 s")
        clip.get_by_role("button", name="Stopp sporsmal_1", exact=True).click()
        clip.get_by_role("button", name="Lagre opptaket sporsmal_1", exact=True).click()
        expect(clip.get_by_role("status")).to_have_text("Opptaket er lagret og brukes nå.")

        # Tried on a tablet by its QR code, before it is published.
        owner.goto(base_url + "/analyse/skjema")
        trial = owner.locator("details.trial").filter(has_text="Trives du på jobb?")
        trial.locator("summary").click()
        shot = tmp_path / "qr.png"
        trial.locator(".trial-code svg").screenshot(path=shot)
        decoded = subprocess.run(
            ["zbarimg", "-q", "--raw", str(shot)], capture_output=True, text=True
        )
        link = decoded.stdout.strip()
        assert link.startswith(base_url + "/prov/jobb/"), decoded
        tablet = browser.new_context(**TABLET).new_page()  # type: ignore[arg-type]
        tablet.goto(link)
        tablet.get_by_role("button", name="Start", exact=True).click()
        tablet.wait_for_url("**/s/jobb/side/velkommen")
        tap_and_wait(tablet, ONWARD)
        tap_and_wait(tablet, ONWARD)
        expect(tablet.locator("#main h1")).to_contain_text("Liker du jobben din?")
        expect(
            tablet.get_by_role("img", name="En arbeidsbenk med verktøy.", exact=True)
        ).to_be_visible()
        tablet.context.close()

        # Published.
        owner.get_by_role("button", name="Publiser", exact=True).click()
        expect(owner.get_by_role("status")).to_contain_text("jobb versjon 1")

        # A round that asks only it.
        owner.get_by_role("link", name="Runder", exact=True).click()
        closes = clock.today() + timedelta(days=30)
        owner.get_by_label("Kommunens navn", exact=True).fill("Testby")
        owner.get_by_label("Kommunenummer (fire sifre)", exact=True).fill("9931")
        owner.get_by_label(re.compile(re.escape("Periode"))).fill(str(closes.year))
        owner.get_by_label("Første dag", exact=True).fill(str(clock.today()))
        owner.get_by_label("Siste dag", exact=True).fill(str(closes))
        owner.get_by_label("Skjema for beboere", exact=True).select_option("jobb")
        owner.get_by_label("Skjema for pårørende", exact=True).select_option("ingen")
        owner.get_by_role("button", name="Lag runden", exact=True).click()
        expect(owner.get_by_role("status")).to_have_text("Runden er laget.")
        row = owner.locator("tr").filter(has_text="Testby (9931)")
        expect(row).to_contain_text("Pårørende: spørres ikke")
        resident_link, staff_code = row.locator(".round-links code").all_inner_texts()[:2]

        # A resident answers it.
        resident = browser.new_context(**TABLET).new_page()  # type: ignore[arg-type]
        resident.goto(base_url + urlsplit(resident_link).path)  # MINSTEMME_PUBLIC_URL unset
        resident.get_by_label("Personalets kode for runden", exact=True).fill(staff_code)
        resident.get_by_role("button", name="Start", exact=True).click()
        resident.wait_for_url("**/s/jobb/side/velkommen")
        tap_and_wait(resident, ONWARD)
        tap_and_wait(resident, ONWARD)
        expect(resident.locator("#main h1")).to_contain_text("Liker du jobben din?")
        assert_accessible(resident, "studio-made-question")
        choose(resident, "Ja")
        tap_and_wait(resident, GO_ON)
        expect(resident.locator("#main h1")).to_contain_text("Føler du deg trygg der?")
        choose(resident, "Noen ganger")
        tap_and_wait(resident, GO_ON)
        expect(resident.locator("#main h1")).to_have_text("Takk!")
        resident.context.close()
        owner.context.close()
    with owners_app.state.services.engine.connect() as connection:
        answered = connection.execute(
            text(
                "SELECT r.questionnaire_id, r.questionnaire_version, count(a.question_id) "
                "FROM response r JOIN round o ON o.id = r.round_id "
                "JOIN answer a ON a.response_id = r.id "
                "WHERE o.municipality_number = '9931' AND r.finished_at IS NOT NULL "
                "GROUP BY r.questionnaire_id, r.questionnaire_version"
            )
        ).all()
    assert [tuple(row) for row in answered] == [("jobb", 1, 2)]
    recorded = owners_app.state.services.read_aloud.for_page("jobb", "sporsmal_1")
    assert recorded is not None and recorded.page.recorded is not None
