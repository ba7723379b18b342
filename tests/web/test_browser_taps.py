"""Every tap counts, exactly as meant: a double tap does not answer the next question unseen,
and a tap while an answer is on its way sends nothing more. In a real Chromium, with real taps
on a tablet."""

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, Request, Route, expect
from sqlalchemy import create_engine
from sqlmodel import Session, select

from app.storage.tables import Answer
from app.web.errors import RETRY_SECONDS
from tests.support.browser import SCREENSHOTS, TABLET, assert_accessible, live_server
from tests.web.test_browser_respondents import (
    ONWARD,
    SETTLED,
    at_first_question,
    page_id,
    start_tablet,
    tap_and_wait,
    to_first_question,
    until_shown,
)

pytestmark = pytest.mark.browser
QUIET = "() => !document.querySelector('.htmx-request')"


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def answers(app: FastAPI) -> dict[str, str | None]:
    with Session(app.state.services.engine) as session:
        return {a.question_id: a.value for a in session.exec(select(Answer)).all()}


def centre(page: Page, name: str) -> tuple[float, float]:
    box = page.get_by_role("button", name=name, exact=True).bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_a_double_tap_does_not_answer_the_next_question_unseen(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """The next page arrives in a few milliseconds with "Ja" in the same place: the second tap
    of a double tap (or a tremor) lands on it. It is ignored until the page has settled."""
    page = at_first_question(browser, base_url, TABLET)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    x, y = centre(page, "Ja")
    page.touchscreen.tap(x, y)
    until_shown(page, "hjem_leilighet")
    page.touchscreen.tap(x, y)  # the second tap, on the page just shown
    page.wait_for_function(SETTLED)
    page.wait_for_function(QUIET)
    assert page_id(page) == "hjem_leilighet"
    assert "hjem_leilighet" not in answers(app)
    assert len(posts) == 1
    # Once settled, a tap is an answer again.
    page.touchscreen.tap(*centre(page, "Nei"))
    until_shown(page, "hjem_valgte")
    assert answers(app)["hjem_leilighet"] == "nei"
    page.context.close()


def test_a_tap_while_an_answer_is_on_its_way_sends_nothing_more(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """On a slow network the page stays while the answer travels: another tap (the same
    answer, or another one) must not send a second answer."""
    page = at_first_question(browser, base_url, TABLET)
    held: list[Route] = []
    sent: list[Request] = []

    def hold(route: Route, request: Request) -> None:
        sent.append(request)
        held.append(route)

    page.route("**/s/beboer/side/hjem_trives", hold)
    page.get_by_role("button", name="Ja", exact=True).tap()
    page.wait_for_function("() => document.querySelector('.htmx-request') !== null")
    page.get_by_role("button", name="Nei", exact=True).tap()
    page.get_by_role("button", name="Ja", exact=True).tap()
    assert len(sent) == 1 and len(held) == 1
    held[0].continue_()
    until_shown(page, "hjem_leilighet")
    page.wait_for_function(QUIET)
    assert len(sent) == 1
    assert answers(app)["hjem_trives"] == "ja"
    page.context.close()


def test_a_stale_tab_shows_the_answer_given_in_the_other(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    context = browser.new_context(**TABLET)  # type: ignore[arg-type]
    first = context.new_page()
    start_tablet(first, base_url)
    to_first_question(first)
    second = context.new_page()  # the same device: the same response
    second.goto(first.url)
    second.wait_for_function(SETTLED)
    second.get_by_role("button", name="Ja", exact=True).tap()
    until_shown(second, "hjem_leilighet")
    first.wait_for_function(SETTLED)
    first.get_by_role("button", name="Nei", exact=True).tap()
    expect(first.get_by_role("alert")).to_contain_text("ble besvart på en annen skjerm")
    expect(first.get_by_text("Du har svart: Ja", exact=True)).to_be_visible()
    assert answers(app)["hjem_trives"] == "ja"
    context.close()


def test_an_answer_sent_while_the_database_is_down_is_sent_again_by_itself(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """The tap reaches the server but the database does not answer: the page says the answer
    is not stored yet, and sends it again by itself once the database is back."""
    page = at_first_question(browser, base_url, TABLET)
    services = app.state.services
    app.state.services = replace(
        services, engine=create_engine("sqlite:////nonexistent/folder/minstemme.db")
    )
    page.get_by_role("button", name="Ja", exact=True).tap()
    expect(page.get_by_text(re.compile("Svaret ditt er ikke lagret ennå"))).to_be_visible()
    app.state.services = services  # the database is back
    until_shown(page, "hjem_leilighet", timeout=RETRY_SECONDS * 3000)
    assert answers(app)["hjem_trives"] == "ja"
    page.context.close()


def test_an_answer_given_offline_is_kept_and_sent_when_the_network_is_back(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    page = at_first_question(browser, base_url, TABLET)
    page.context.set_offline(True)
    page.get_by_role("button", name="Ja", exact=True).tap()
    status = page.locator("#sending[role=status]")
    expect(status).to_have_text("Svaret er ikke sendt ennå – vi prøver igjen")
    assert "hjem_trives" not in answers(app)
    assert_accessible(page, "answer-not-sent")
    page.screenshot(path=str(SCREENSHOTS / "answer-not-sent-tablet.png"))
    page.context.set_offline(False)
    until_shown(page, "hjem_leilighet")
    expect(page.locator("#sending")).to_be_empty()
    assert answers(app)["hjem_trives"] == "ja"
    # Offline again on the next question; the page keeps working once back.
    page.wait_for_function(SETTLED)
    page.context.set_offline(True)
    page.get_by_role("button", name="Nei", exact=True).tap()
    expect(status).to_have_text("Svaret er ikke sendt ennå – vi prøver igjen")
    page.context.set_offline(False)
    until_shown(page, "hjem_valgte")
    assert answers(app) == {"hjem_trives": "ja", "hjem_leilighet": "nei"}
    page.context.close()


def test_an_answer_given_offline_survives_closing_the_page(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """The tablet is offline, the resident answers, and the page is closed (or the browser
    restarts) before the network is back: the answer was kept only in the page, and lost."""
    page = at_first_question(browser, base_url, TABLET)
    context = page.context
    context.set_offline(True)
    page.get_by_role("button", name="Ja", exact=True).tap()
    expect(page.locator("#sending[role=status]")).to_have_text(
        "Svaret er ikke sendt ennå – vi prøver igjen"
    )
    page.close()
    context.set_offline(False)
    again = context.new_page()
    again.goto(f"{base_url}/s/beboer")  # the survey opened again on this tablet
    until_shown(again, "hjem_leilighet")  # the kept answer was sent, and the next page shown
    assert answers(app) == {"hjem_trives": "ja"}
    expect(again.locator("#sending")).to_be_empty()
    again.reload()  # sent exactly once: nothing is left to send
    assert answers(app) == {"hjem_trives": "ja"}
    assert again.evaluate("() => localStorage.length") == 0
    context.close()


def test_every_choice_a_relative_makes_offline_is_sent_in_order(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """A relative's form saves each choice as it is made; offline, every choice (one changed
    twice) arrives once the network is back, the last one of each question kept."""
    page = to_relatives_home_section(browser, base_url)
    groups = page.locator("fieldset.form-question")
    names = [groups.nth(i).get_by_role("radio").first.get_attribute("name") for i in range(3)]
    page.context.set_offline(True)
    for index, value in ((0, "2"), (1, "5"), (2, "vet_ikke"), (0, "3")):  # the first changed
        groups.nth(index).locator(f"input[value='{value}']").check()
    expect(page.locator("#sending[role=status]")).to_have_text(
        "Svaret er ikke sendt ennå – vi prøver igjen"
    )
    questions = [str(name).removeprefix("svar-") for name in names]
    assert not set(questions) & set(answers(app))
    page.context.set_offline(False)
    expect(page.locator("#sending")).to_be_empty(timeout=15_000)
    stored = answers(app)
    assert [stored.get(question) for question in questions] == ["3", "5", "vet_ikke"]
    page.context.close()


def to_relatives_home_section(browser: Browser, base_url: str) -> Page:
    page = browser.new_context(**TABLET).new_page()  # type: ignore[arg-type]
    page.goto(base_url)
    page.get_by_role("link", name="Prøv som pårørende", exact=True).tap()
    page.wait_for_url("**/side/velkommen")
    # Its first part: three questions, 1–6 each.
    while page.locator("#main h1").inner_text() != "Hjemmet (del 1 av 2)":
        tap_and_wait(page, ONWARD)
    page.wait_for_function(SETTLED)
    return page


def test_a_relatives_choice_the_database_did_not_take_is_sent_again(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """A relative's choice is saved in the background: when the database did not answer, the
    choice was silently lost (the form showed it as chosen)."""
    page = to_relatives_home_section(browser, base_url)
    first = page.locator("fieldset.form-question").first
    question = str(first.get_by_role("radio").first.get_attribute("name")).removeprefix("svar-")
    services = app.state.services
    app.state.services = replace(
        services, engine=create_engine("sqlite:////nonexistent/folder/minstemme.db")
    )
    first.locator("input[value='4']").check()
    expect(page.locator("#sending[role=status]")).to_have_text(
        "Svaret er ikke sendt ennå – vi prøver igjen"
    )
    app.state.services = services  # the database is back
    expect(page.locator("#sending")).to_be_empty(timeout=15_000)
    assert answers(app)[question] == "4"
    page.context.close()


def test_a_slow_answer_says_it_is_on_its_way(browser: Browser, base_url: str) -> None:
    page = at_first_question(browser, base_url, TABLET)
    held: list[Route] = []
    page.route("**/s/beboer/side/hjem_trives", lambda route: held.append(route))
    page.get_by_role("button", name="Ja", exact=True).tap()
    expect(page.locator("#sending[role=status]")).to_have_text("Sender svaret …")
    held[0].continue_()
    until_shown(page, "hjem_leilighet")
    expect(page.locator("#sending")).to_be_empty()
    page.context.close()
