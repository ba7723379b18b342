"""A resident chooses nynorsk on the first page of a tablet (and a phone): the pages after are
in nynorsk, with their `lang`, and as accessible as the bokmål ones."""

import pytest
from playwright.sync_api import Browser, expect

from tests.support.browser import PHONE, TABLET, assert_accessible, numbered
from tests.support.respondents import ONWARD, SETTLED, page_id, start_tablet, tap_and_wait

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", [TABLET, PHONE], ids=["tablet", "phone"])
def test_a_resident_chooses_nynorsk_and_answers_in_it(
    browser: Browser, base_url: str, device: dict[str, object]
) -> None:
    page = browser.new_context(**device).new_page()  # type: ignore[arg-type]
    start_tablet(page, base_url)
    label = "tablet" if device is TABLET else "phone"
    choice = page.get_by_role("group", name="Språk", exact=True)
    expect(choice.get_by_role("button", name="Bokmål", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(page, f"language-choice-{label}")

    page.wait_for_function(SETTLED)  # taps on a page not yet settled are ignored as stray
    choice.get_by_role("button", name="Nynorsk", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("button", name="Nynorsk", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(page, f"language-chosen-nynorsk-{label}")

    for _ in range(4):
        tap_and_wait(page, ONWARD)
    assert page_id(page) == "hvem?neste=hjem_trives"
    expect(page.locator("#main h1")).to_have_text("Kven er med deg no?")
    tap_and_wait(page, "Eg svarar sjølv")
    page.wait_for_function(SETTLED)
    expect(page.locator("#main h1")).to_have_text(numbered("Trivst du der du bur?"))
    expect(page.locator("#main")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("radio", name="Vil ikkje svare", exact=True)).to_be_visible()
    assert_accessible(page, f"question-nynorsk-{label}")
    page.get_by_role("radio", name="Ja", exact=True).tap()
    tap_and_wait(page, "Gå til neste")
    expect(page.locator("#main h1")).to_have_text(
        numbered("Likar du leilegheita eller rommet ditt?")
    )
    page.context.close()


def test_a_relative_chooses_nynorsk_on_a_phone(browser: Browser, base_url: str) -> None:
    page = browser.new_context(**PHONE).new_page()  # type: ignore[arg-type]
    page.goto(base_url)
    page.get_by_role("link", name="Prøv som pårørende", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    page.wait_for_function(SETTLED)
    page.get_by_role("group", name="Språk", exact=True).get_by_role(
        "button", name="Nynorsk", exact=True
    ).tap()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    # "Pårørandeundersøking" breaks at its soft hyphen: the page fits the phone.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "relatives-nynorsk-first-page")
    tap_and_wait(page, ONWARD)
    tap_and_wait(page, ONWARD)
    page.wait_for_function(SETTLED)
    expect(page.locator("#main h1")).to_have_text("Om deg og den pårørande din (del 1 av 2)")
    relation = page.get_by_role(
        "group", name="Kva er relasjonen din til personen som får tenestene?", exact=True
    )
    expect(relation.get_by_text("Du kan velje fleire.", exact=True)).to_be_visible()
    relation.get_by_role("checkbox", name="Verje", exact=True).check()
    assert_accessible(page, "relatives-nynorsk-form")
    tap_and_wait(page, ONWARD)
    page.wait_for_function(SETTLED)
    expect(page.get_by_text("Veit ikkje", exact=True).first).to_be_visible()
    page.context.close()
