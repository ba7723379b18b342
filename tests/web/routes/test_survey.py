"""The resident survey through HTTP, stored in a real SQLite file."""

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import anyio
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, select, update

from app.codes import digest
from app.config import Settings
from app.storage.tables import answers_table, metadata, responses_table, rounds_table
from app.web.app import DATABASE_THREADS, create_app
from app.web.errors import Unexpected
from app.words import words_in
from tests.support.entering import enter_round, resume_code
from tests.support.owning import app_advancing_on_tap
from tests.support.signing_in import add_user, sign_in

START = "/s/beboer/side/velkommen"


@pytest.fixture
def app(any_database_settings: Settings) -> FastAPI:
    """Every test here runs on SQLite and on PostgreSQL."""
    return create_app(any_database_settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A tablet started in the demo round, as staff do before handing it over."""
    with TestClient(app) as client:
        enter_round(client)
        yield client


def page(path: str) -> str:
    return f"/s/beboer/side/{path}"


def begin(client: TestClient) -> None:
    """Go from the intro to the first question, as a respondent does."""
    for text_page in ("velkommen", "eir", "frivillig", "hjemme"):
        reply = client.post(page(text_page), data={"next": "1"})
        assert reply.status_code == 200, reply.text
    assert reply.url.path == "/s/beboer/hvem"  # who is with you, before the first question
    reply = client.post("/s/beboer/hvem", data={"hvem": "selv", "neste": "hjem_trives"})
    assert reply.url.path == page("hjem_trives")


def decline_until(client: TestClient, target: str) -> None:
    """From where this respondent is, decline every question until `target` is reached."""
    current = client.get("/s/beboer").url.path
    while current != page(target):
        question = current.rsplit("/", 1)[-1]
        is_question = f'name="svar-{question}"' in client.get(current).text
        form = {f"svar-{question}": "-"} if is_question else {"next": "1"}
        current = client.post(current, data=form).url.path


def stored(app: FastAPI) -> dict[str, str | None]:
    with app.state.services.engine.connect() as connection:
        return {a.question_id: a.value for a in connection.execute(select(answers_table)).all()}


def test_health_and_front_page(client: TestClient) -> None:
    assert client.get("/healthz").text == "ok"
    front = client.get("/")
    assert front.status_code == 200
    assert ">Prøv som beboer</a>" in front.text
    assert ">Prøv som pårørende</a>" in front.text
    assert '<html lang="nb">' in front.text


def test_opening_the_survey_shows_the_intro_without_storing_anything(
    client: TestClient, app: FastAPI
) -> None:
    reply = client.get("/s/beboer")
    assert reply.url.path == START
    assert "side 1 av 61" in reply.text
    with app.state.services.engine.connect() as connection:
        assert connection.execute(select(responses_table)).all() == []


def test_an_answer_is_stored_when_given_and_moves_on(client: TestClient, app: FastAPI) -> None:
    begin(client)
    reply = client.post(page("hjem_trives"), data={"svar-hjem_trives": "delvis"})
    assert reply.url.path == page("hjem_leilighet")
    assert "side 6 av 61" in reply.text
    assert stored(app) == {"hjem_trives": "delvis"}


def test_same_answer_twice_changes_nothing_and_a_new_one_replaces_it(
    client: TestClient, app: FastAPI
) -> None:
    begin(client)
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"})
    with app.state.services.engine.connect() as connection:
        first = connection.execute(select(answers_table)).one()
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"})
    with app.state.services.engine.connect() as connection:
        again = connection.execute(select(answers_table)).one()
    assert (again.id, again.answered_at) == (first.id, first.answered_at)
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "nei"})
    assert stored(app) == {"hjem_trives": "nei"}


def test_pages_offer_read_aloud_and_fetch_the_next_clip_ahead(
    client: TestClient, app: FastAPI
) -> None:
    read_aloud = app.state.services.read_aloud
    intro = client.get(START).text
    assert f'src="/audio/{read_aloud.for_page("beboer", "velkommen").page.key}.mp3"' in intro
    assert (
        f'<link rel="prefetch" href="/audio/{read_aloud.for_page("beboer", "eir").page.key}.mp3">'
        in intro
    )
    begin(client)
    question = client.get(page("hjem_trives")).text
    for value in ("ja", "delvis", "nei", "vil_ikke_svare"):
        key = read_aloud.for_page("beboer", "hjem_trives").options[value].key
        assert f'data-src="/audio/{key}.mp3"' in question
    assert 'aria-label="Lytt: Både ja og nei"' in question
    # Pages never wait for speech: clips are made when the browser asks for them.
    assert list(app.state.services.settings.audio_cache_dir.glob("*.mp3")) == []


def next_pictures(html: str) -> set[str]:
    return set(re.findall(r'<img class="next-picture" hidden alt="" src="([^"]+)"', html))


def test_pages_fetch_the_next_pictures_ahead(client: TestClient, app: FastAPI) -> None:
    """The next page's picture was fetched only once that page had arrived: on a slow network
    it showed a round trip after the question. Where an answer here decides the next page (a
    skip rule), both pictures are fetched."""
    pages = {p.id: p for p in app.state.services.catalog.questionnaires["beboer"].pages}

    def picture_of(page_id: str) -> str:
        illustration = pages[page_id].illustration
        assert illustration is not None
        return str(app.state.services.pictures.get(illustration.file).src)

    for text_page in ("velkommen", "eir", "frivillig", "hjemme"):
        client.post(page(text_page), data={"next": "1"})
    helper = client.get("/s/beboer/hvem?neste=hjem_trives").text  # asked before the question
    assert next_pictures(helper) == {picture_of("hjem_trives")}
    client.post("/s/beboer/hvem", data={"hvem": "selv", "neste": "hjem_trives"})
    assert next_pictures(client.get(page("hjem_trives")).text) == {picture_of("hjem_leilighet")}
    decline_until(client, "hjem_hjelp")
    assert next_pictures(client.get(page("hjem_hjelp")).text) == {
        picture_of("hjem_nok_hjelp"),  # after "Ja"
        picture_of("hjem_vet_hvem"),  # after "Nei": the page after next
    }
    decline_until(client, "dag_har")
    assert next_pictures(client.get(page("dag_har")).text) == {
        picture_of("dag_liker"),  # after "Ja" or "Både ja og nei"
        picture_of("dag_onsker"),  # after "Nei"
    }


def test_going_back_shows_the_chosen_answer(client: TestClient) -> None:
    begin(client)
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "delvis"})
    back = client.get(page("hjem_trives"))
    checked = re.findall(r'<input type="radio"[^>]*value="([^"]+)" checked', back.text)
    assert checked == ["delvis"]
    assert 'href="/s/beboer/side/hjemme"' in back.text  # Tilbake
    assert ">Gå til neste<" in back.text


def test_a_question_page_is_a_plain_form_to_choose_in_then_go_on(client: TestClient) -> None:
    """Without JavaScript: the answers are radio buttons and «Gå til neste» sends them; sent
    with none chosen, the page says what to do (and nothing is stored)."""
    begin(client)
    shown = client.get(page("hjem_trives")).text
    radios = re.findall(r'<input type="radio"[^>]*name="svar-hjem_trives" value="([^"]+)"', shown)
    assert sorted(radios[:3]) == ["delvis", "ja", "nei"] and radios[3] == "-"  # either order
    assert ">Gå til neste<" in shown
    nothing = client.post(page("hjem_trives"), data={"next": "1", "vist-hjem_trives": ""})
    assert nothing.status_code == 422
    assert "Trykk på ett av svarene, eller på «Vil ikke svare»." in nothing.text
    chosen = client.post(
        page("hjem_trives"), data={"svar-hjem_trives": "nei", "vist-hjem_trives": "", "next": "1"}
    )
    assert chosen.url.path == page("hjem_leilighet")


def test_a_choice_saved_from_a_page_left_open_elsewhere_is_refused_and_shown(
    client: TestClient, app: FastAPI
) -> None:
    """A tap saves the choice in the background; from a page shown before another window
    answered, it must not overwrite that answer: the page comes back with the one that holds."""
    begin(client)
    assert client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"}).is_success
    stale = client.post(
        "/s/beboer/lagre/hjem_trives",
        data={"svar-hjem_trives": "nei", "vist-hjem_trives": ""},
        headers={"HX-Request": "true"},
    )
    assert stale.status_code == 409
    assert stale.headers["HX-Retarget"] == "#main"
    assert "ble besvart på en annen skjerm" in stale.text
    assert re.findall(r'value="([^"]+)" checked', stale.text) == ["ja"]
    assert stored(app)["hjem_trives"] == "ja"
    fresh = client.post(
        "/s/beboer/lagre/hjem_trives", data={"svar-hjem_trives": "nei", "vist-hjem_trives": "ja"}
    )
    assert fresh.status_code == 200 and stored(app)["hjem_trives"] == "nei"


def test_a_saved_choice_comes_back_with_the_page_it_leads_to(
    client: TestClient, app: FastAPI
) -> None:
    """«Gå til neste» need not wait for the network: the saved choice comes back with the next
    page for the path it leads to (a skip rule followed), to be shown at the tap. Not at the
    end (going there finishes the response), nor on a relative's form (nothing moves on)."""
    begin(client)
    saved = client.post(
        "/s/beboer/lagre/hjem_trives",
        data={"svar-hjem_trives": "ja", "vist-hjem_trives": ""},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    assert saved.headers["X-Ready-Page"] == page("hjem_leilighet")
    assert "HX-Push-Url" not in saved.headers  # the address changes only when it is shown
    assert 'name="svar-hjem_leilighet"' in saved.text and "<!doctype" not in saved.text
    decline_until(client, "dag_har")
    chosen = {}
    for value in ("ja", "nei"):  # "Nei" skips the questions about liking the day
        chosen[value] = client.post(
            "/s/beboer/lagre/dag_har",
            data={"svar-dag_har": value},
            headers={"HX-Request": "true"},
        ).headers["X-Ready-Page"]
    assert chosen == {"ja": page("dag_liker"), "nei": page("dag_onsker")}
    decline_until(client, "fornoyd")
    last = client.post("/s/beboer/lagre/fornoyd", data={"svar-fornoyd": "ja"})
    assert last.status_code == 204 and "X-Ready-Page" not in last.headers
    with app.state.services.engine.connect() as connection:  # not finished by the save
        assert connection.execute(select(responses_table)).one().finished_at is None


def test_a_questionnaire_may_go_on_at_the_tap(settings: Settings, tmp_path: Path) -> None:
    """`advance: on_tap`: each answer a button that sends it, as before; no «Gå til neste»."""
    app = app_advancing_on_tap(settings, tmp_path)
    with TestClient(app) as client:
        enter_round(client)
        begin(client)
        shown = client.get(page("hjem_trives")).text
        assert 'type="radio"' not in shown and "Gå til neste" not in shown
        assert re.search(r'<button type="submit" name="svar-hjem_trives" value="ja"', shown)
        client.post(page("hjem_trives"), data={"svar-hjem_trives": "delvis"})
        back = client.get(page("hjem_trives")).text
        assert "Du har svart: <strong>Både ja og nei</strong>" in back
        assert re.search(r'value="delvis"\s+class="[^"]+"\s+aria-pressed="true"', back)
        assert ">Neste<" in back


def test_declining_is_stored_as_no_answer(client: TestClient, app: FastAPI) -> None:
    begin(client)
    reply = client.post(page("hjem_trives"), data={"svar-hjem_trives": "-"})
    assert reply.url.path == page("hjem_leilighet")
    assert stored(app) == {"hjem_trives": None}


def test_skip_rule_and_changed_answer_removes_answers_no_longer_asked(
    client: TestClient, app: FastAPI
) -> None:
    begin(client)
    decline_until(client, "dag_har")
    assert client.post(page("dag_har"), data={"svar-dag_har": "nei"}).url.path == page("dag_onsker")
    client.post(page("dag_onsker"), data={"svar-dag_onsker": "ja"})
    assert stored(app)["dag_onsker"] == "ja"
    assert client.post(page("dag_har"), data={"svar-dag_har": "ja"}).url.path == page("dag_liker")
    assert "dag_onsker" not in stored(app)


def test_reload_continues_at_the_first_unanswered_page(client: TestClient) -> None:
    begin(client)
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"})
    client.post(page("hjem_leilighet"), data={"svar-hjem_leilighet": "ja"})
    assert client.get("/s/beboer").url.path == page("hjem_valgte")
    # Pages past that point cannot be reached by typing their address.
    assert client.get(page("fornoyd")).url.path == page("hjem_valgte")


def test_resume_code_continues_on_another_device(client: TestClient, app: FastAPI) -> None:
    begin(client)
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"})
    pause = client.get("/s/beboer/pause")
    assert pause.status_code == 200
    code = resume_code(client)
    assert code in pause.text

    with TestClient(app) as other_device:
        wrong = other_device.post("/fortsett", data={"kode": "AAAA-AAAA"})
        assert wrong.status_code == 400
        assert "Vi fant ingen svar med denne koden" in wrong.text
        assert 'value="AAAA-AAAA"' in wrong.text
        typed_loosely = code.lower().replace("-", " ")
        reply = other_device.post("/fortsett", data={"kode": typed_loosely})
        assert reply.url.path == page("hjem_leilighet")


def test_htmx_gets_only_the_page_body_and_the_url_to_show(client: TestClient) -> None:
    client.post(START, data={"next": "1"})
    reply = client.post(page("eir"), data={"next": "1"}, headers={"HX-Request": "true"})
    assert reply.status_code == 200
    assert reply.headers["HX-Push-Url"] == page("frivillig")
    assert reply.text.lstrip().startswith("<title>Vil du være med?")
    assert "<html" not in reply.text
    assert '<main id="main"' in reply.text


def test_pages_are_sent_compressed_to_browsers_that_take_it_and_plain_to_others(
    client: TestClient,
) -> None:
    client.post(START, data={"next": "1"})
    shown = {}
    for encoding in ("gzip", "identity"):
        reply = client.get(page("eir"), headers={"Accept-Encoding": encoding})
        assert reply.status_code == 200 and "Accept-Encoding" in reply.headers["Vary"]
        assert reply.headers.get("Content-Encoding") == (encoding if encoding == "gzip" else None)
        assert int(reply.headers["Content-Length"]) == reply.num_bytes_downloaded
        shown[encoding] = reply.text
        swapped = client.post(
            page("eir"),
            data={"next": "1"},
            headers={"HX-Request": "true", "Accept-Encoding": encoding},
        )
        assert swapped.headers["HX-Push-Url"] == page("frivillig")
        assert swapped.headers.get("Content-Encoding") == reply.headers.get("Content-Encoding")
    assert shown["gzip"] == shown["identity"] and "<html" in shown["gzip"]


def test_finishing_the_survey(client: TestClient, app: FastAPI) -> None:
    begin(client)
    decline_until(client, "takk")
    with app.state.services.engine.connect() as connection:
        response = connection.execute(select(responses_table)).one()
    assert response.finished_at is not None
    late = client.post(page("fornoyd"), data={"svar-fornoyd": "ja"})
    assert late.status_code == 409
    assert "Svarene er allerede sendt" in late.text
    # The next person on this device starts afresh.
    assert client.get("/s/beboer").url.path == START


def test_bad_input_gets_a_clear_page_never_a_server_error(client: TestClient) -> None:
    assert client.get("/s/beboer/side/finnes_ikke").status_code == 404
    assert "Denne siden finnes ikke" in client.get("/s/beboer/side/finnes_ikke").text
    assert client.get("/s/ukjent").status_code == 404
    assert client.get("/ingen/slik/side").status_code == 404

    no_cookie = client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"})
    assert no_cookie.status_code == 400
    assert "Vi finner ikke svarene dine" in no_cookie.text

    begin(client)
    not_on_scale = client.post(page("hjem_trives"), data={"svar-hjem_trives": "kanskje"})
    assert not_on_scale.status_code == 422
    assert "Trykk på ett av svarene" in not_on_scale.text
    assert client.post(page("hjem_trives"), data={"svar-hjem_trives": "x" * 500}).status_code == 400
    ahead = client.post(page("fornoyd"), data={"svar-fornoyd": "ja"})
    assert ahead.status_code == 409

    client.cookies.set("minstemme_beboer", "forfalsket")
    tampered = client.get(page("hjem_trives"))
    assert tampered.status_code == 400
    assert "Start på nytt" in tampered.text
    assert '<form method="post" action="/s/beboer/ny">' in tampered.text  # a button, not a link
    assert client.post("/s/beboer/ny").url.path == START


def test_a_huge_form_is_refused_before_it_is_read(client: TestClient) -> None:
    """Nobody's answers come near a megabyte (the longest comment is 10,000 characters): a
    larger body is refused with a page that says so, before the server holds it in memory."""
    begin(client)
    huge = client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja", "x": "y" * 2_000_000})
    assert huge.status_code == 413
    assert "for mye" in huge.text
    form = {"content-type": "application/x-www-form-urlencoded"}
    unsized = (b"x=" + b"y" * 500_000 for _ in range(3))  # sent in chunks, length unknown
    assert client.post(page("hjem_trives"), content=unsized, headers=form).status_code == 413
    longest_comment = {"next": "1", "tekst-x": "y" * 10_000}
    assert client.post(page("hjem_trives"), data=longest_comment).status_code != 413


def test_opening_the_start_over_address_changes_nothing(client: TestClient) -> None:
    """A link, a prefetch or a crawler opening /ny must not forget who is answering: only the
    button (a POST) starts a new response."""
    begin(client)
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"})
    opened = client.get("/s/beboer/ny")
    assert opened.status_code == 200
    assert '<form method="post" action="/s/beboer/ny">' in opened.text
    assert client.get("/s/beboer").url.path == page("hjem_leilighet")
    assert client.post("/s/beboer/ny").url.path == START


def test_pages_tell_the_browser_to_load_nothing_from_elsewhere(client: TestClient) -> None:
    policy = client.get("/s/beboer").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert "https:" not in policy


def test_no_personal_data_is_stored() -> None:
    columns = set(responses_table.c.keys()) | set(answers_table.c.keys())
    assert not {"ip", "ip_address", "user_agent", "name", "email"} & columns


def _everything_stored(app: FastAPI) -> str:
    """Every value in every table, as one text."""
    with app.state.services.engine.connect() as connection:
        return " ".join(
            str(value)
            for table in metadata.sorted_tables
            for row in connection.execute(select(table))
            for value in row
        )


def test_the_database_holds_no_secret_that_opens_a_response(
    client: TestClient, app: FastAPI
) -> None:
    """The device's cookie is a secret the database keeps only as a hash, and the resume code
    only as a digest keyed with the server's secret key: whoever reads the database (or a
    backup, or an export made from it) cannot continue or change someone's answers. An
    unkeyed digest of a code would not do: 31^8 codes are tried offline in minutes."""
    begin(client)
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"})
    secret = client.cookies["minstemme_beboer"]
    assert len(secret) >= 20
    code = resume_code(client)
    stored = _everything_stored(app)
    assert secret not in stored
    for form in (code, code.replace("-", ""), digest(code), digest(code.replace("-", ""))):
        assert form not in stored
    assert client.get(page("hjem_leilighet")).status_code == 200  # it still opens the response
    assert resume_code(client) == code  # the pause page shows the same code every time
    with TestClient(app) as other_device:
        assert other_device.post("/fortsett", data={"kode": code}).url.path == page(
            "hjem_leilighet"
        )


def test_each_device_gets_its_own_secret_and_both_go_on(client: TestClient, app: FastAPI) -> None:
    begin(client)
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"})
    first = client.cookies["minstemme_beboer"]
    code = resume_code(client)
    with TestClient(app) as other_device:
        other_device.post("/fortsett", data={"kode": code})
        second = other_device.cookies["minstemme_beboer"]
        assert second != first and second not in _everything_stored(app)
        other_device.post(page("hjem_leilighet"), data={"svar-hjem_leilighet": "nei"})
    assert client.get("/s/beboer").url.path == page("hjem_valgte")  # sees the other's answer


def test_a_page_left_open_in_another_tab_does_not_overwrite_a_newer_answer(
    client: TestClient, app: FastAPI
) -> None:
    """Two tabs on one response: the first shows the question unanswered, the second answers
    "Ja". The first tab's "Nei", sent from the page as it was, must not silently replace it:
    the current page comes back, with the answer that holds now."""
    begin(client)
    stale = client.get(page("hjem_trives")).text
    shown = re.search(r'name="vist-hjem_trives" value="([^"]*)"', stale)
    assert shown is not None and shown.group(1) == ""
    assert client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"}).is_success
    from_stale_tab = client.post(
        page("hjem_trives"), data={"svar-hjem_trives": "nei", "vist-hjem_trives": ""}
    )
    assert from_stale_tab.status_code == 409
    assert "ble besvart på en annen skjerm" in from_stale_tab.text
    assert re.findall(r'value="([^"]+)" checked', from_stale_tab.text) == ["ja"]
    assert stored(app)["hjem_trives"] == "ja"
    # The same answer sent twice (a double submit without JavaScript) is no conflict.
    again = client.post(
        page("hjem_trives"), data={"svar-hjem_trives": "ja", "vist-hjem_trives": ""}
    )
    assert again.status_code == 200
    # From the page as it is now, the answer can be changed.
    changed = client.post(
        page("hjem_trives"), data={"svar-hjem_trives": "nei", "vist-hjem_trives": "ja"}
    )
    assert changed.status_code == 200 and stored(app)["hjem_trives"] == "nei"


def _database_gone(app: FastAPI) -> None:
    """The database stops answering (a PostgreSQL server down, an SQLite disk gone)."""
    services = app.state.services
    services.engine.dispose()
    gone = create_engine("sqlite:////nonexistent/folder/minstemme.db")
    app.state.services = replace(services, engine=gone)


def test_healthz_says_when_the_database_does_not_answer(client: TestClient, app: FastAPI) -> None:
    assert client.get("/healthz").text == "ok"
    _database_gone(app)
    checked = client.get("/healthz")
    assert checked.status_code == 503
    assert "database" in checked.text


def test_a_database_outage_gets_a_truthful_page_that_keeps_the_answer(
    client: TestClient, app: FastAPI
) -> None:
    """The answer is not stored: the page says so (never "er lagret"), answers 503 with a
    time to retry, and its "Prøv igjen" sends the same answer again."""
    begin(client)
    _database_gone(app)
    sent = client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja", "vist-hjem_trives": ""})
    assert sent.status_code == 503
    assert sent.headers["retry-after"]
    assert "ikke lagret ennå" in sent.text and "er lagret" not in sent.text
    assert 'name="svar-hjem_trives" value="ja"' in sent.text
    assert f'action="{page("hjem_trives")}"' in sent.text
    opened = client.get(page("hjem_leilighet"))
    assert opened.status_code == 503 and "Traceback" not in opened.text


def test_the_page_of_an_unexpected_error_does_not_say_the_answer_was_stored() -> None:
    said = words_in("nb").of(Unexpected().message)
    assert "er lagret" not in said.split(".")[0]


@contextmanager
def answers_locked(settings: Settings) -> Iterator[None]:
    """Another program holds the answers' table: nothing can be written to it until the end
    of the block, though it can still be read (what a long backup or a stuck job does)."""
    if settings.sqlite_path is not None:
        writer = sqlite3.connect(settings.sqlite_path, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            writer.execute("ROLLBACK")
            writer.close()
        return
    engine = create_engine(settings.database_url)
    with engine.connect() as holder:
        holder.exec_driver_sql("LOCK TABLE answer IN EXCLUSIVE MODE")
        yield
        holder.rollback()
    engine.dispose()


def test_an_answer_waiting_for_the_database_stops_nobody_else(
    client: TestClient, app: FastAPI, any_database_settings: Settings
) -> None:
    """While one answer waits for a lock, the server goes on: other people's pages and
    /healthz answer (database work runs off the event loop), and the answer is stored when
    the lock goes. /healthz says what is true: SQLite's lock holds the whole database, so
    nothing can be saved meanwhile; PostgreSQL's holds the answers' table alone."""
    begin(client)
    writing = threading.Event()

    @event.listens_for(app.state.services.engine, "before_cursor_execute")
    def _(_c: object, _cur: object, statement: str, *_rest: object) -> None:
        if "answer" in statement.lower() and statement.lstrip().upper().startswith(
            ("INSERT", "UPDATE")
        ):
            writing.set()

    sent: list[int] = []
    form = {"svar-hjem_trives": "ja", "vist-hjem_trives": ""}
    with answers_locked(any_database_settings):
        saving = threading.Thread(
            target=lambda: sent.append(client.post(page("hjem_trives"), data=form).status_code)
        )
        saving.start()
        assert writing.wait(30)  # the answer is at the database, waiting for the lock
        assert client.get("/", headers={"cookie": ""}).status_code == 200  # someone else
        sqlite = any_database_settings.sqlite_path is not None
        health = client.get("/healthz")
        assert health.text == ("database cannot save answers" if sqlite else "ok")
        assert saving.is_alive()  # all that while the answer waited
    saving.join(60)
    assert sent == [200] and stored(app)["hjem_trives"] == "ja"


def test_questions_open_and_answers_save_while_every_other_thread_is_busy(
    client: TestClient, app: FastAPI
) -> None:
    """The question page and the answer save have worker threads of their own: an analyst's
    long export or results page, holding every thread the other routes share, keeps no
    respondent waiting."""
    begin(client)
    released = threading.Event()

    async def busy() -> None:
        await anyio.to_thread.run_sync(released.wait)

    for _ in range(DATABASE_THREADS):
        client.portal.start_task_soon(busy)  # type: ignore[union-attr]
    replies: list[int] = []

    def respond() -> None:
        replies.append(client.get(page("hjem_trives")).status_code)
        form = {"svar-hjem_trives": "ja", "vist-hjem_trives": ""}
        replies.append(client.post(page("hjem_trives"), data=form).status_code)

    responding = threading.Thread(target=respond)
    responding.start()
    responding.join(20)
    stuck = responding.is_alive()
    released.set()
    responding.join(60)
    assert not stuck, "the respondent waited for the other routes' threads"
    assert replies == [200, 200] and stored(app)["hjem_trives"] == "ja"


def test_les_opp_reads_the_options_in_the_order_this_respondent_sees_them(
    client: TestClient, app: FastAPI
) -> None:
    begin(client)
    read_aloud = app.state.services.read_aloud
    audio = read_aloud.for_page("beboer", "hjem_trives")

    def shown_in(order: str) -> str:
        with app.state.services.engine.begin() as connection:
            connection.execute(update(responses_table).values(option_order=order))
        return str(client.get(page("hjem_trives")).text)

    normal, reversed_page = shown_in("normal"), shown_in("reversed")
    assert reversed_page.index(">Nei<") < reversed_page.index(">Ja<")
    heard = re.findall(r'class="listen-page" data-src="/audio/(\w+)\.mp3"', reversed_page)
    assert heard == [audio.page_reversed.key]
    assert read_aloud.by_key(heard[0]).text.startswith("Trives du der du bor? Nei.")
    assert f'data-src="/audio/{audio.page.key}.mp3"' in normal
    # The next page's clip, fetched ahead, is in the same order.
    following = read_aloud.for_page("beboer", "hjem_leilighet")
    assert f'href="/audio/{following.page_reversed.key}.mp3"' in reversed_page


def test_eir_is_the_face_of_read_aloud_and_says_each_sections_intro(
    client: TestClient, app: FastAPI
) -> None:
    """The intro promises "Eir følger deg gjennom spørsmålene": she is on the "Les opp"
    button of every page and beside the text of each section's first page."""
    for text_page in ("velkommen", "eir", "frivillig"):
        client.post(page(text_page), data={"next": "1"})
    section = client.get(page("hjemme")).text
    eir = "/illustrations/openmoji/1F481-200D-2640-FE0F.svg"
    assert f'<img class="guide" src="{eir}" alt="Eir sier:" width="72" height="72">' in section
    assert f'<img class="guide-face" src="{eir}" alt="" width="32" height="32">Les opp' in section
    begin_at = client.get(page("velkommen")).text
    assert 'class="guide-face"' in begin_at and 'class="guide"' not in begin_at
    # The relatives' form has no guide: its "Les opp" keeps the speaker.
    with TestClient(app) as relative:
        enter_round(relative, "relative")
        relatives = relative.get("/s/parorende/side/velkommen")
    assert "Pårørende" in relatives.text and "Les opp" in relatives.text
    assert 'class="guide' not in relatives.text


def test_questions_are_numbered_as_the_design_numbers_them(client: TestClient) -> None:
    """The co-designed screens show "12. Har du hjelp fra personalet i hjemmet ditt?": the
    number in the questionnaire's order (the same for everyone, whatever they skipped)."""
    begin(client)
    first = client.get(page("hjem_trives")).text
    numbered = '<h1 id="heading" tabindex="-1"><span class="question-number">1.</span> '
    assert numbered in first
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"})
    second = client.get(page("hjem_leilighet")).text
    assert '<span class="question-number">2.</span>' in second
    # The page's title (the browser's tab, a screen reader's list of pages) has no number.
    assert "<title>2." not in second


TICK = "M13 25l8 8 15-17"  # the tick's path in templates/_pictograms.html


def _tone_of(html: str, value: str) -> str:
    found = re.search(rf'class="answer answer-(\w+)">\s*<input [^>]*value="{value}"', html)
    assert found, value
    return found.group(1)


def test_an_answers_colour_follows_what_it_means_for_the_resident(client: TestClient) -> None:
    """«Er personalet sure mot deg?» showed «Ja» green with a tick and «Nei» red with a cross:
    the screen said which answer was right, on exactly the questions about staff. Colours
    follow what an answer means for the resident; a fact, where no answer is better, is shown
    in neutral colours; the marks still say the word (a tick for «Ja»)."""
    begin(client)
    first = client.get(page("hjem_trives")).text
    assert (_tone_of(first, "ja"), _tone_of(first, "nei")) == ("good", "bad")
    decline_until(client, "hjem_personalbase")
    fact = client.get(page("hjem_personalbase")).text
    assert (_tone_of(fact, "ja"), _tone_of(fact, "nei")) == ("neutral", "neutral")
    decline_until(client, "pers_sure")
    negative = client.get(page("pers_sure")).text
    assert (_tone_of(negative, "ja"), _tone_of(negative, "nei")) == ("bad", "good")
    button = negative.split('value="ja"', 1)[1].split("</button>", 1)[0]
    assert TICK in button  # the mark says the word: a tick for «Ja»


def test_a_resident_who_does_not_want_to_take_part_leaves_nothing_but_a_count(
    client: TestClient, app: FastAPI
) -> None:
    """«Vil du være med?» before the first question: what the survey is for, that it is
    voluntary, that they will hear what the municipality learned. «Nei» ends kindly, keeps no
    response, only that one more said no (the round's participation counts it)."""
    for text_page in ("velkommen", "eir"):
        client.post(page(text_page), data={"next": "1"})
    asked = client.get(page("frivillig")).text
    assert "Vil du være med?" in asked and "får du høre hva kommunen" in asked
    assert ">Ja, jeg vil være med<" in asked and ">Nei, ikke nå<" in asked
    said_no = client.post("/s/beboer/takk-nei")
    assert said_no.status_code == 200 and "Takk likevel" in said_no.text
    assert "minstemme_beboer" not in client.cookies
    with app.state.services.engine.connect() as connection:
        assert connection.execute(select(responses_table)).all() == []
        (demo,) = [r for r in connection.execute(select(rounds_table)).all() if r.demo]
    assert demo.declined == 1
    # The tablet is ready for the next person, who can say yes.
    assert client.post(page("velkommen"), data={"next": "1"}).url.path == page("eir")
    # The round's report says how many said no.
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    report = client.get(f"/analyse/rapport/{demo.id}").text
    assert "1 beboer sa «Nei, ikke nå» da de ble spurt om å være med" in report


def test_a_clip_made_while_a_page_is_shown_plays_from_another_worker(
    client: TestClient, app: FastAPI
) -> None:
    """With `serve --workers 2` the pause page's clips were made in the process that showed the
    page; the browser's request for one went to the other process, which did not know it: 404.
    Two apps on one set of files stand for the two processes."""
    begin(client)
    client.post(page("hjem_trives"), data={"svar-hjem_trives": "ja"})
    pause = client.get("/s/beboer/pause").text
    clips = re.findall(r'src="(/audio/[0-9a-f]{24}\.mp3)"', pause)
    assert clips
    with TestClient(create_app(app.state.services.settings)) as other_worker:
        for address in clips:
            played = other_worker.get(address)
            assert played.status_code == 200, address
            assert played.headers["Content-Type"] == "audio/mpeg"
        assert other_worker.get(f"/audio/{'0' * 24}.mp3").status_code == 404
