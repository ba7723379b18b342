"""Deleting one response on request, by the resume code its respondent holds, as an owner does
it on the command line and in the browser; and the logbook that keeps what owners did."""

import io

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app import clock, urls
from app.cli.main import main
from app.config import Settings, get_settings
from app.logbook import entries, note
from app.questionnaires.catalog import Catalog
from app.rounds.changing import reopen_round
from app.rounds.rounds import close_round, create_round
from app.storage.tables import answers_table, responses_table
from app.survey.erasure import NoSuchResponse, erase, find_response
from app.survey.responses import find_by_resume_code, resume_code_of
from tests.support.answering import closed_round, open_round, respond
from tests.support.signing_in import add_user, form_token, sign_in

TODAY = clock.today()


def count(app: FastAPI, table: object, response_id: str) -> int:
    column = table.c.id if table is responses_table else table.c.response_id  # type: ignore[attr-defined]
    with app.state.services.connect() as connection:
        found = connection.execute(select(func.count()).where(column == response_id)).scalar()
    return int(found or 0)


def test_a_response_in_an_open_round_is_deleted_whole(
    app: FastAPI, catalog: Catalog, settings: Settings
) -> None:
    with app.state.services.connect() as connection:
        running = open_round(connection, catalog, "9961", "Kommune 9961")
        state = respond(connection, catalog, running, {"hjem_trives": "ja", "hjem_trygg": "nei"})
        code = resume_code_of(connection, settings.key, state)
        found = find_response(connection, settings.key, code, TODAY)
        assert found.whole and found.answered == 2 and not found.finished
        erase(connection, found)
        assert find_by_resume_code(connection, settings.key, code) is None
        with pytest.raises(NoSuchResponse, match="Ingen svar har koden"):
            find_response(connection, settings.key, code, TODAY)
    assert count(app, responses_table, state.id) == 0 and count(app, answers_table, state.id) == 0


def test_a_response_figures_were_shown_from_is_made_anonymous_not_deleted(
    app: FastAPI, catalog: Catalog, settings: Settings
) -> None:
    """Deleting it would change the figures shown by exactly this one person."""
    with app.state.services.connect() as connection:
        closed = closed_round(connection, catalog, "9962")
        state = respond(connection, catalog, closed, {"hjem_trives": "ja"})
        code = resume_code_of(connection, settings.key, state)
        found = find_response(connection, settings.key, code, TODAY)
        assert not found.whole and "gjort anonymt" in found.outcome
        erase(connection, found)
        assert find_by_resume_code(connection, settings.key, code) is None
    assert count(app, responses_table, state.id) == 1 and count(app, answers_table, state.id) == 1

    # Opened again: one begun before still counts in what was shown; one begun after does not.
    with app.state.services.connect() as connection:
        today_only = create_round(
            connection,
            catalog,
            municipality_name="Kommune 9967",
            municipality_number="9967",
            period=str(TODAY.year),
            opens_on=TODAY,
            closes_on=TODAY,
        )
        before = respond(connection, catalog, today_only, {"hjem_trives": "nei"})
        close_round(connection, today_only.id)  # closed by hand, then opened again
        reopened = reopen_round(connection, today_only.id, TODAY, TODAY)
        after = respond(connection, catalog, reopened, {"hjem_trives": "nei"})
        key = settings.key
        early = find_response(connection, key, resume_code_of(connection, key, before), TODAY)
        late = find_response(connection, key, resume_code_of(connection, key, after), TODAY)
    assert (early.whole, late.whole) == (False, True)


def test_an_owner_deletes_a_response_in_the_browser_and_it_is_logged(
    app: FastAPI, client: TestClient, catalog: Catalog, settings: Settings
) -> None:
    with app.state.services.connect() as connection:
        mine = open_round(connection, catalog, "9963", "Kommune 9963")
        other = open_round(connection, catalog, "9964", "Kommune 9964")
        state = respond(connection, catalog, mine, {"hjem_trives": "ja"})
        elsewhere = respond(connection, catalog, other, {"hjem_trives": "ja"})
        code = resume_code_of(connection, settings.key, state)
        other_code = resume_code_of(connection, settings.key, elsewhere)
    add_user(app, "eier", "owner", "9963")
    sign_in(client, "eier")
    token = form_token(client.get(urls.ERASE).text)
    asked = client.post(urls.ERASE, data={"csrf": token, "kode": code})
    assert (
        "Kommune 9963" in asked.text and "Svaret og alle svarene i det blir slettet." in asked.text
    )
    assert count(app, responses_table, state.id) == 1  # nothing before it is confirmed
    foreign = client.post(urls.ERASE, data={"csrf": token, "kode": other_code})
    assert foreign.status_code == 400 and "Ingen svar i dine kommuner" in foreign.text
    wrong = client.post(urls.ERASE, data={"csrf": token, "kode": "AAAA-BBBB"})
    assert wrong.status_code == 400 and "Ingen svar har koden «AAAA-BBBB»" in wrong.text
    done = client.post(urls.ERASE, data={"csrf": token, "kode": code, "bekreft": "ja"})
    assert "Svaret er slettet." in done.text
    assert (
        count(app, responses_table, state.id) == 0
        and count(app, responses_table, elsewhere.id) == 1
    )
    assert client.post(urls.ERASE, data={"kode": other_code, "bekreft": "ja"}).status_code == 403
    log = client.get(urls.LOGBOOK).text
    assert f"Slettet et svar i runde {mine.id} (Kommune 9963 {mine.period})" in log
    assert code not in log


def test_the_logbook_keeps_rounds_downloads_and_publications_for_owners_alone(
    app: FastAPI, client: TestClient, catalog: Catalog
) -> None:
    with app.state.services.connect() as connection:
        closed = closed_round(connection, catalog, "9965")
        respond(connection, catalog, closed, {"hjem_trives": "ja"})
        note(connection, "nabo", "Avsluttet runde 99 (Kommune 9966 2026)", "9966")
    add_user(app, "eier", "owner", "9965")
    add_user(app, "analytiker", "analyst", "9965")
    sign_in(client, "analytiker")
    assert client.get(f"/analyse/eksport/{closed.id}?gruppe=beboere&format=csv").is_success
    assert client.get(urls.LOGBOOK).status_code == 403  # owners read it
    sign_in(client, "eier")
    log = client.get(urls.LOGBOOK).text
    assert "analytiker" in log and f"Lastet ned mikrodata (beboere, csv), runde {closed.id}" in log
    assert "Publiserte:" in log  # the server published the questionnaires as it started
    assert "Kommune 9966" not in log  # another municipality's
    with app.state.services.connect() as connection:  # another municipality's owner
        assert not [e for e in entries(connection, frozenset()) if e.municipality]


def test_the_command_line_asks_first_then_deletes(
    app: FastAPI,
    catalog: Catalog,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with app.state.services.connect() as connection:
        running = open_round(connection, catalog, "9966", "Kommune 9966")
        state = respond(connection, catalog, running, {"hjem_trives": "ja"})
        code = resume_code_of(connection, settings.key, state)
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("nei\n"))
        assert main(["response", "delete", code]) == 1
        assert "Ingenting er endret." in capsys.readouterr().out
        assert count(app, responses_table, state.id) == 1
        assert main(["response", "delete", code, "--yes"]) == 0
        said = capsys.readouterr().out
        assert "Fant et svar i runde" in said and "Svaret er slettet." in said
        assert main(["response", "delete", code, "--yes"]) == 1
        assert "Ingen svar har koden" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
    assert count(app, responses_table, state.id) == 0
    with app.state.services.connect() as connection:
        logged = [e.what for e in entries(connection, None)]
    assert any(what.startswith("Slettet et svar i runde") for what in logged)
