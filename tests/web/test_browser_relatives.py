"""Relatives in a real Chromium: the form on a phone, and nothing moves under a finger."""

import re

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from app.questionnaires.catalog import Catalog
from app.rounds.rounds import ROUND_UNIT, UNIT_KEY_PREFIX
from app.storage.tables import answers_table, comments_table
from tests.support.browser import PHONE, SCREENSHOTS, TABLET, assert_accessible
from tests.support.respondents import ONWARD, SETTLED, page_id, tap_and_wait

pytestmark = pytest.mark.browser


def test_a_relative_completes_the_form_on_a_phone(
    browser: Browser, base_url: str, app: FastAPI, catalog: Catalog
) -> None:
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(base_url)
    page.get_by_role("link", name="Prøv som pårørende", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    # Fits the phone: "Pårørendeundersøkelsen" made the first page 420 px wide.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    tap_and_wait(page, ONWARD)
    tap_and_wait(page, ONWARD)
    given: dict[str, str | None] = {}
    screens = 0
    left_open: list[tuple[str, int, int]] = []  # (section, left open, questions)
    looked_at = False  # the first notice of what was left open, with axe and a screenshot
    while page_id(page) != "oppsummering":
        page.wait_for_function(SETTLED)
        notice = page.get_by_role("status").filter(has_text="Du svarte ikke på")
        if left_open and left_open[-1][1]:
            title, left, total = left_open[-1]
            expect(notice).to_contain_text(f"{left} av {total} spørsmål i «{title}»")
            expect(
                notice.get_by_role("link", name=f"Tilbake til «{title}»", exact=True)
            ).to_be_visible()
            if not looked_at:
                assert_accessible(page, "relatives-left-open")
                looked_at = True
        else:
            expect(notice).to_have_count(0)
        fieldsets = page.locator("fieldset.form-question")
        if screens == 1:
            assert_accessible(page, "relatives-form")
        left = 0
        for index in range(fieldsets.count()):
            if (index + screens) % 5 == 4:
                left += 1
                continue  # left open: stored as not answered
            group = fieldsets.nth(index)
            boxes = group.get_by_role("checkbox")
            if boxes.count():  # more than one may be chosen: every other box, kept in order
                expect(group.get_by_text("Du kan velge flere.", exact=True)).to_be_visible()
                ticked = [boxes.nth(i) for i in range(0, boxes.count(), 2)]
                for box in ticked:
                    box.check()
                name = ticked[0].get_attribute("name") or ""
                values = [box.get_attribute("value") or "" for box in ticked]
                given[name.removeprefix("svar-")] = " ".join(values)
                continue
            radios = group.get_by_role("radio")
            choice = radios.nth((index + screens) % radios.count())
            choice.check()
            name = choice.get_attribute("name") or ""
            value = choice.get_attribute("value") or ""
            # One of the round's homes: the response's unit, the answer says a home was chosen.
            given[name.removeprefix("svar-")] = (
                ROUND_UNIT if value.startswith(UNIT_KEY_PREFIX) else value
            )
        for index in range(fieldsets.count()):
            field = fieldsets.nth(index).locator("input[name^='svar-']").first
            name = field.get_attribute("name") or ""
            given.setdefault(name.removeprefix("svar-"), None)
        title = page.locator("#main h1").inner_text()
        left_open.append((title, left, fieldsets.count()))
        screens += 1
        tap_and_wait(page, ONWARD)
    # Before sending: every section, with what is left open in each and a way back to it.
    expect(page.get_by_role("heading", name="Før du sender", exact=True)).to_be_visible()
    for title, left, total in left_open:
        if not total:
            continue
        row = page.locator(".summary li").filter(
            has=page.get_by_role("link", name=title, exact=True)
        )
        said = f"{left} av {total} er ikke svart på" if left else "alle er svart på"
        expect(row).to_contain_text(said)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "relatives-summary")
    tap_and_wait(page, "Send svarene")
    expect(page.get_by_role("heading", name="Takk!", exact=True)).to_be_visible()
    with app.state.services.engine.connect() as connection:
        rows = connection.execute(select(answers_table)).all()
    assert {row.question_id: row.value for row in rows} == given
    assert len(given) == len(catalog.questionnaires["parorende"].questions)
    context.close()


OPTION_BOXES = """() => [...document.querySelectorAll('.scale-option')].map(o => {
  const r = o.getBoundingClientRect();
  const t = o.querySelector('span, .label') || o;
  const s = t.getBoundingClientRect();
  return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height),
          Math.round(s.x), Math.round(s.y)];
})"""


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_nothing_moves_when_a_relative_chooses_an_option(
    browser: Browser, base_url: str, device: dict[str, object]
) -> None:
    """Choosing «1 – I svært liten grad» made it bold: it wrapped on a phone and every option
    below moved 30 px (and the thicker frame moved its words 2 px)."""
    context = browser.new_context(**device)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(base_url)
    page.get_by_role("link", name="Prøv som pårørende", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    tap_and_wait(page, ONWARD)
    tap_and_wait(page, ONWARD)
    graded = page.locator(".scale-wide").filter(has_text=re.compile("1 – I svært liten grad"))
    while not graded.count():  # past the background questions (their lists are wide too)
        tap_and_wait(page, ONWARD)
    page.wait_for_function(SETTLED)
    before = page.evaluate(OPTION_BOXES)
    graded.first.get_by_text("1 – I svært liten grad", exact=True).tap()
    expect(graded.first.locator("input").first).to_be_checked()
    assert page.evaluate(OPTION_BOXES) == before
    page.screenshot(path=str(SCREENSHOTS / f"relatives-chosen-{device['viewport']['width']}.png"))  # type: ignore[index]
    context.close()


def test_one_tap_saves_a_relatives_comment_and_goes_on(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """Leaving the text box saves the comment in the background; the tap on «Neste» that made
    it leave was dropped as a tap while an answer was sent, and the page stayed (3 of 3)."""
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(base_url)
    page.get_by_role("link", name="Prøv som pårørende", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    while not page.locator("#main textarea").count():
        tap_and_wait(page, ONWARD)
    page.wait_for_function(SETTLED)
    page.locator("#main textarea").fill("Takk for god hjelp.")
    before = page.url
    page.get_by_role("button", name=ONWARD, exact=True).tap()
    page.wait_for_function("url => location.href !== url", arg=before, timeout=10_000)
    assert page_id(page) == "oppsummering"
    with app.state.services.engine.connect() as connection:
        assert [c.text for c in connection.execute(select(comments_table)).all()] == [
            "Takk for god hjelp."
        ]
    context.close()
