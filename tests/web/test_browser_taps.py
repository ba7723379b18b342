"""Every tap counts, exactly as meant: a double tap does not answer the next question unseen,
and a tap while an answer is on its way sends nothing more. In a real Chromium, with real taps
on a tablet."""

import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from fastapi import FastAPI
from playwright.sync_api import APIResponse, Browser, Page, Request, Route, expect
from sqlalchemy import create_engine

from app.web.errors import RETRY_SECONDS
from tests.support.browser import SCREENSHOTS, TABLET, assert_accessible
from tests.support.respondents import (
    GO_ON,
    ONWARD,
    SAVED,
    SETTLED,
    WATCH_NEXT_PAGE,
    answer_and_go,
    answers,
    at_first_question,
    choose,
    page_id,
    start_tablet,
    tap_and_wait,
    to_first_question,
    until_shown,
)

pytestmark = pytest.mark.browser


def hold_the_first(held: list[Route]) -> Callable[[Route], None]:
    """A route handler that keeps the first request in `held` (to let it go later) and lets
    the rest through."""

    def handle(route: Route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    return handle


def centre(page: Page, role: str, name: str) -> tuple[float, float]:
    box = page.get_by_role(role, name=name, exact=True).bounding_box()  # type: ignore[arg-type]
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_a_tap_on_an_answer_chooses_it_and_only_gaa_til_neste_goes_on(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """A tap on an answer moved on at once: a resident with a tremor, or who taps to think,
    gave an answer not meant and was gone. Now a tap chooses (saved, framed, marked «Ditt
    svar», nothing moves), another tap changes it, and «Gå til neste» goes on."""
    page = at_first_question(browser, base_url, TABLET)
    page.evaluate(WATCH_NEXT_PAGE)
    before = page.evaluate("() => window.placeNow()")
    yes, no = (page.get_by_role("radio", name=name, exact=True) for name in ("Ja", "Nei"))
    yes.tap()
    expect(yes).to_be_checked()
    page.wait_for_function(SAVED)
    assert page_id(page) == "hjem_trives" and answers(app) == {"hjem_trives": "ja"}
    mark = page.locator("#main label.answer:has(input[value=ja]) .chosen-mark")
    expect(mark).to_be_visible()
    expect(mark).to_have_text("✓ Ditt svar")
    frame = page.locator("#main label.answer:has(input[value=ja]) .answer-frame")
    assert frame.evaluate("f => getComputedStyle(f).borderTopWidth") == "6px"
    no.tap()  # changed
    expect(no).to_be_checked()
    expect(mark).to_be_hidden()
    page.wait_for_function(SAVED)
    assert answers(app) == {"hjem_trives": "nei"}
    assert page.evaluate("() => window.placeNow()") == before  # choosing moved nothing
    page.screenshot(path=str(SCREENSHOTS / "answer-chosen-tablet.png"))
    assert_accessible(page, "answer-chosen")
    tap_and_wait(page, GO_ON)
    assert page_id(page) == "hjem_leilighet"
    page.wait_for_function(SETTLED)
    page.get_by_role("link", name="Tilbake", exact=True).tap()  # back: shown the same way
    until_shown(page, "hjem_trives")
    expect(page.get_by_role("radio", name="Nei", exact=True)).to_be_checked()
    expect(page.locator("#main label.answer:has(input[value=nei]) .chosen-mark")).to_be_visible()
    page.context.close()


def test_gaa_til_neste_with_nothing_chosen_says_what_to_do(browser: Browser, base_url: str) -> None:
    page = at_first_question(browser, base_url, TABLET)
    page.get_by_role("button", name=GO_ON, exact=True).tap()
    expect(page.get_by_role("alert")).to_have_text(
        "Trykk på ett av svarene, eller på «Vil ikke svare»."
    )
    assert page_id(page) == "hjem_trives"
    answer_and_go(page, "Vil ikke svare")
    assert page_id(page) == "hjem_leilighet"
    page.context.close()


def test_by_keyboard_an_answer_is_chosen_then_gaa_til_neste(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    page = at_first_question(browser, base_url, TABLET)
    first = page.locator("#main input.answer-input").first
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("ArrowDown")  # the next answer in the group, chosen instead
    second = page.locator("#main input.answer-input").nth(1)
    expect(second).to_be_checked()
    page.wait_for_function(SAVED)
    chosen = str(second.get_attribute("value"))
    assert answers(app) == {"hjem_trives": chosen}
    go_on = page.get_by_role("button", name=GO_ON, exact=True)
    for _ in range(10):  # Tab from the answers to «Gå til neste» (past each "Lytt")
        if go_on.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(go_on).to_be_focused()
    page.keyboard.press("Enter")
    until_shown(page, "hjem_leilighet")
    assert answers(app) == {"hjem_trives": chosen}
    page.context.close()


def test_a_double_tap_on_gaa_til_neste_does_not_go_past_the_next_question(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """The next page arrives in a few milliseconds with «Gå til neste» in the same place: the
    second tap of a double tap (or a tremor) lands on it. It is ignored until the page has
    settled."""
    page = at_first_question(browser, base_url, TABLET)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    choose(page, "Ja")
    page.wait_for_function(SAVED)  # saved: its next page is on the tablet
    x, y = centre(page, "button", GO_ON)
    page.touchscreen.tap(x, y)
    until_shown(page, "hjem_leilighet")
    page.touchscreen.tap(x, y)  # the second tap, on the page just shown
    page.wait_for_function(SETTLED)
    page.wait_for_function(SAVED)
    assert page_id(page) == "hjem_leilighet"
    expect(page.get_by_role("alert")).to_have_count(0)
    assert [url.rsplit("/", 2)[-2] for url in posts] == ["lagre"]  # the next page came with it
    # Once settled, a tap chooses again.
    page.touchscreen.tap(*centre(page, "radio", "Nei"))
    expect(page.get_by_role("radio", name="Nei", exact=True)).to_be_checked()
    tap_and_wait(page, GO_ON)
    assert page_id(page) == "hjem_valgte"
    assert answers(app)["hjem_leilighet"] == "nei"
    page.context.close()


def test_gaa_til_neste_does_not_wait_for_a_choice_still_being_saved(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """«Gå til neste» carries the choice itself: it goes on while a save is still on its way
    (it waited for it: 270 ms instead of 184 on a 150 ms network). A save that comes back
    after, refused because the choice changed since, leaves the page shown alone."""
    page = at_first_question(browser, base_url, TABLET)
    held: list[Route] = []
    page.route("**/s/beboer/lagre/hjem_trives", hold_the_first(held))
    choose(page, "Ja")
    page.wait_for_function("() => document.querySelector('.htmx-request') !== null")
    page.get_by_role("radio", name="Nei", exact=True).tap()  # saved after «Ja», in turn
    expect(page.get_by_role("radio", name="Nei", exact=True)).to_be_checked()
    tap_and_wait(page, GO_ON)
    assert page_id(page) == "hjem_leilighet" and answers(app)["hjem_trives"] == "nei"
    held[0].continue_()  # «Ja» reaches the server last: refused, as «Nei» holds
    page.wait_for_function(SAVED)
    page.wait_for_function(SETTLED)
    assert page_id(page) == "hjem_leilighet"
    expect(page.locator("#main h1")).to_have_text(re.compile("leiligheten"))
    expect(page.get_by_role("alert")).to_have_count(0)
    assert answers(app)["hjem_trives"] == "nei"
    page.context.close()


def test_a_refused_save_that_comes_back_while_gaa_til_neste_travels_changes_nothing(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """«Gå til neste» with «Nei» has reached the server, its page still on the way back; the
    save of «Ja» chosen before arrives after it and is refused (another answer holds): the page
    it would show again («answered elsewhere») must not be put in while the next one comes."""
    page = at_first_question(browser, base_url, TABLET)
    saves: list[Route] = []
    onward: list[tuple[Route, APIResponse]] = []
    page.route("**/s/beboer/lagre/hjem_trives", hold_the_first(saves))
    page.route("**/s/beboer/side/hjem_trives", lambda route: onward.append((route, route.fetch())))
    choose(page, "Ja")
    page.wait_for_function("() => document.querySelector('.htmx-request') !== null")
    page.get_by_role("radio", name="Nei", exact=True).tap()
    page.wait_for_function(SETTLED)
    page.get_by_role("button", name=GO_ON, exact=True).tap()
    while not onward:  # until «Nei» is stored, its next page held on the way back
        page.evaluate("() => 0")  # (the route's handler runs while the page is asked)
    assert answers(app)["hjem_trives"] == "nei"
    saves[0].continue_()  # «Ja» arrives last: refused
    page.wait_for_function("() => !document.querySelector('.answers.htmx-request')")
    assert page_id(page) == "hjem_trives"
    expect(page.get_by_role("alert")).to_have_count(0)
    route, response = onward[0]
    route.fulfill(response=response)
    until_shown(page, "hjem_leilighet")
    page.wait_for_function(SAVED)
    expect(page.get_by_role("alert")).to_have_count(0)
    assert answers(app)["hjem_trives"] == "nei"
    page.context.close()


def test_gaa_til_neste_shows_the_next_page_without_a_round_trip(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """The saved choice brought back the page it leads to: «Gå til neste» shows it at once,
    sending nothing (it waited a round trip: 184 ms on a 150 ms network). The page is as one
    from the server: its address, its heading focused, answered the same way, and Back."""
    page = at_first_question(browser, base_url, TABLET)
    choose(page, "Ja")
    page.wait_for_function(SAVED)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    tap_and_wait(page, GO_ON)
    assert page_id(page) == "hjem_leilighet" and sent == []
    expect(page).to_have_title(re.compile("^2. Liker du leiligheten|^Liker du leiligheten"))
    assert_accessible(page, "ready-page")
    answer_and_go(page, "Nei")
    assert page_id(page) == "hjem_valgte"
    assert answers(app) == {"hjem_trives": "ja", "hjem_leilighet": "nei"}
    page.go_back()  # the browser's own Back: the page before, as the server has it
    until_shown(page, "hjem_leilighet")
    expect(page.get_by_role("radio", name="Nei", exact=True)).to_be_checked()
    page.context.close()


def test_a_newer_choice_still_being_saved_goes_on_by_the_server(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """The page «Ja» led to is ready, but «Nei» is chosen since and still on its way: «Gå til
    neste» must not show the page for «Ja»; it sends the page, and the server decides."""
    page = at_first_question(browser, base_url, TABLET)
    choose(page, "Ja")
    page.wait_for_function(SAVED)
    held: list[Route] = []
    page.route("**/s/beboer/lagre/hjem_trives", lambda route: held.append(route))
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    page.get_by_role("radio", name="Nei", exact=True).tap()
    page.wait_for_function("() => document.querySelector('.answers.htmx-request') !== null")
    tap_and_wait(page, GO_ON)
    assert page_id(page) == "hjem_leilighet"
    assert [url.rsplit("/", 2)[-2] for url in sent] == ["lagre", "side"]
    assert answers(app)["hjem_trives"] == "nei"
    held[0].continue_()
    page.wait_for_function(SAVED)
    assert answers(app)["hjem_trives"] == "nei" and page_id(page) == "hjem_leilighet"
    page.context.close()


def test_a_tap_while_the_page_is_on_its_way_sends_nothing_more(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """On a slow network the page stays while «Gå til neste» travels (the choice still on its
    way too, so its next page is not on the tablet yet): another tap (another answer, or «Gå
    til neste» again) must not change or send anything."""
    page = at_first_question(browser, base_url, TABLET)
    held: list[Route] = []
    sent: list[Request] = []
    saving: list[Route] = []

    def hold(route: Route, request: Request) -> None:
        sent.append(request)
        held.append(route)

    page.route("**/s/beboer/side/hjem_trives", hold)
    page.route("**/s/beboer/lagre/hjem_trives", lambda route: saving.append(route))
    choose(page, "Ja")
    page.get_by_role("button", name=GO_ON, exact=True).tap()
    page.wait_for_function("() => document.querySelector('.htmx-request') !== null")
    page.get_by_role("radio", name="Nei", exact=True).tap()
    page.get_by_role("button", name=GO_ON, exact=True).tap()
    assert len(sent) == 1 and len(held) == 1 and len(saving) == 1
    expect(page.get_by_role("radio", name="Ja", exact=True)).to_be_checked()
    held[0].continue_()
    until_shown(page, "hjem_leilighet")
    saving[0].continue_()
    page.wait_for_function(SAVED)
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
    answer_and_go(second, "Ja")
    assert page_id(second) == "hjem_leilighet"
    first.wait_for_function(SETTLED)
    first.get_by_role("radio", name="Nei", exact=True).tap()  # the choice is saved at once
    expect(first.get_by_role("alert")).to_contain_text("ble besvart på en annen skjerm")
    expect(first.get_by_role("radio", name="Ja", exact=True)).to_be_checked()
    assert answers(app)["hjem_trives"] == "ja"
    answer_and_go(first, "Nei")  # from the page as it is now, it can be changed
    assert answers(app)["hjem_trives"] == "nei"
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
    page.get_by_role("radio", name="Ja", exact=True).tap()
    expect(page.locator("#sending[role=status]")).to_have_text(
        "Svaret er ikke sendt ennå – vi prøver igjen"
    )
    page.get_by_role("button", name=GO_ON, exact=True).tap()  # waits for the answer, in turn
    app.state.services = services  # the database is back
    until_shown(page, "hjem_leilighet", timeout=RETRY_SECONDS * 3000)
    assert answers(app)["hjem_trives"] == "ja"
    # A choice still on its way as «Gå til neste» is tapped, and the database gone: the page
    # says the answer is not stored yet, and sends it again by itself once it is back.
    saving: list[Route] = []
    page.route("**/s/beboer/lagre/hjem_leilighet", lambda route: saving.append(route))
    choose(page, "Nei")
    app.state.services = replace(
        services, engine=create_engine("sqlite:////nonexistent/folder/minstemme.db")
    )
    page.get_by_role("button", name=GO_ON, exact=True).tap()
    expect(page.get_by_text(re.compile("Svaret ditt er ikke lagret ennå"))).to_be_visible()
    app.state.services = services
    saving[0].continue_()
    until_shown(page, "hjem_valgte", timeout=RETRY_SECONDS * 3000)
    assert answers(app)["hjem_leilighet"] == "nei"
    page.context.close()


def test_an_answer_given_offline_is_kept_and_sent_when_the_network_is_back(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    page = at_first_question(browser, base_url, TABLET)
    page.context.set_offline(True)
    page.get_by_role("radio", name="Ja", exact=True).tap()
    status = page.locator("#sending[role=status]")
    expect(status).to_have_text("Svaret er ikke sendt ennå – vi prøver igjen")
    page.get_by_role("button", name=GO_ON, exact=True).tap()  # kept too, to go after it
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
    page.get_by_role("radio", name="Nei", exact=True).tap()
    page.get_by_role("radio", name="Ja", exact=True).tap()  # changed while offline
    expect(status).to_have_text("Svaret er ikke sendt ennå – vi prøver igjen")
    page.get_by_role("button", name=GO_ON, exact=True).tap()
    page.context.set_offline(False)
    until_shown(page, "hjem_valgte")
    assert answers(app) == {"hjem_trives": "ja", "hjem_leilighet": "ja"}
    page.context.close()


def test_an_answer_given_offline_survives_closing_the_page(
    browser: Browser, base_url: str, app: FastAPI
) -> None:
    """The tablet is offline, the resident answers, and the page is closed (or the browser
    restarts) before the network is back: the answer was kept only in the page, and lost."""
    page = at_first_question(browser, base_url, TABLET)
    context = page.context
    context.set_offline(True)
    page.get_by_role("radio", name="Ja", exact=True).tap()
    page.get_by_role("button", name=GO_ON, exact=True).tap()
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
    # Chosen offline, and the page closed before «Gå til neste»: opened again, the choice
    # is sent and shown chosen.
    again.wait_for_function(SETTLED)
    context.set_offline(True)
    again.get_by_role("radio", name="Nei", exact=True).tap()
    expect(again.locator("#sending[role=status]")).not_to_be_empty()
    again.close()
    context.set_offline(False)
    last = context.new_page()
    last.goto(f"{base_url}/s/beboer")
    expect(last.get_by_role("radio", name="Nei", exact=True)).to_be_checked()
    assert answers(app) == {"hjem_trives": "ja", "hjem_leilighet": "nei"}
    assert page_id(last) == "hjem_leilighet"
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
    saving: list[Route] = []
    page.route("**/s/beboer/side/hjem_trives", lambda route: held.append(route))
    page.route("**/s/beboer/lagre/hjem_trives", lambda route: saving.append(route))
    choose(page, "Ja")  # still being saved: «Gå til neste» sends the page
    page.get_by_role("button", name=GO_ON, exact=True).tap()
    expect(page.locator("#sending[role=status]")).to_have_text("Sender svaret …")
    held[0].continue_()
    until_shown(page, "hjem_leilighet")
    saving[0].continue_()
    expect(page.locator("#sending")).to_be_empty()
    page.context.close()
