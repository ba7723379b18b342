"""Deleting a closed round's answers when they need not be kept any longer, as an owner does it
in the browser and on the command line: the counted figures stay, nothing is counted from the
round again, and every page that would show what is gone says why."""

import io

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app import clock, urls
from app.cli.main import main
from app.config import Settings, get_settings
from app.logbook import entries
from app.questionnaires.catalog import Catalog
from app.results.context import ResultsContext
from app.results.kept import ThemeSumsCache
from app.results.report import ANSWERS_DELETED, distributions, round_results
from app.results.suppression import Shown
from app.rounds.changing import reopen_round
from app.rounds.rounds import RoundProblem, require_round, response_counts
from app.storage.tables import Round, answers_table, comments_table, kept_table, resume_codes_table
from app.survey.responses import resume_code_of
from app.survey.retention import delete_answers
from app.web.app import create_app
from tests.support.answering import Answers, closed_round, open_round, respond
from tests.support.signing_in import add_user, form_token, sign_in

K = 5


def answered_round(app: FastAPI, catalog: Catalog, number: str) -> Round:
    """A closed round: eight residents at one home, six relatives with a comment each."""
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog, number, units=["Lia"])
        for i in range(8):
            given: Answers = {"hjem_trives": "ja" if i % 3 else "nei", "hjem_leilighet": "ja"}
            state = respond(connection, catalog, survey_round, given, unit="Lia", helper="selv")
        resume_code_of(connection, app.state.services.settings.key, state)
        for i in range(6):
            relative: Answers = {"hjem_trives": "5" if i % 2 else "2"}
            respond(
                connection,
                catalog,
                survey_round,
                relative,
                questionnaire="parorende",
                comment="Bra",
            )
    return survey_round


def figures(app: FastAPI, catalog: Catalog, survey_round: Round) -> list[tuple[str, Shown, Shown]]:
    """The round's theme figures as a fresh server counts or reads them."""
    with app.state.services.connect() as connection:
        context = ResultsContext(connection, catalog, ThemeSumsCache(catalog, K), K, clock.today())
        return [(t.theme, t.residents, t.relatives) for t in round_results(context, survey_round)]


def rows(app: FastAPI, table: object) -> int:
    with app.state.services.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_the_figures_stay_and_nothing_is_counted_again(
    any_database_settings: Settings, catalog: Catalog
) -> None:
    app = create_app(any_database_settings)
    try:
        survey_round = answered_round(app, catalog, "9971")
        before = figures(app, catalog, survey_round)
        assert any(residents.score for _, residents, _ in before)  # figures were shown
        services = app.state.services
        with services.connect() as connection:
            held = response_counts(connection)[survey_round.id]
            cache = ThemeSumsCache(catalog, K)
            assert delete_answers(connection, cache, survey_round.id, clock.today()) == 14
            deleted = require_round(connection, survey_round.id)
            assert response_counts(connection)[survey_round.id] == held  # who took part
        assert (
            rows(app, answers_table),
            rows(app, comments_table),
            rows(app, resume_codes_table),
        ) == (0, 0, 0)
        assert figures(app, catalog, deleted) == before  # kept, not counted from nothing
        # Sums kept by an older version under fewer filters are never recounted from nothing.
        with services.connect() as connection:
            connection.execute(kept_table.delete())
            connection.commit()
        after = figures(app, catalog, deleted)
        assert not any(r.score or f.score for _, r, f in after)
        assert rows(app, kept_table) == 0  # nothing counted and kept in their place
        with services.connect() as connection:
            context = services.results(connection)
            assert {d.hidden_because for d in distributions(context, deleted, "beboer")} == {
                ANSWERS_DELETED
            }
            with pytest.raises(RoundProblem, match="kan ikke åpnes igjen"):
                reopen_round(connection, deleted.id, clock.today(), clock.today())
            with pytest.raises(RoundProblem, match="ble slettet"):
                delete_answers(connection, cache, deleted.id, clock.today())
            running = open_round(connection, catalog, "9972", "Kommune 9972")
            with pytest.raises(RoundProblem, match="ikke avsluttet"):
                delete_answers(connection, cache, running.id, clock.today())
    finally:
        app.state.services.engine.dispose()


def test_an_owner_deletes_a_rounds_answers_in_the_browser(
    app: FastAPI, client: TestClient, catalog: Catalog
) -> None:
    survey_round = answered_round(app, catalog, "9973")
    round_id = survey_round.id
    add_user(app, "eier", "owner", "9973")
    sign_in(client, "eier")
    rounds_page = client.get(urls.ROUNDS).text
    assert urls.delete_answers(round_id) in rounds_page
    token = form_token(rounds_page)
    asked = client.post(urls.delete_answers(round_id), data={"csrf": token})
    assert "Slette svarene i Kommune 9973" in asked.text and "kan ikke angres" in asked.text
    assert rows(app, answers_table) > 0  # nothing before it is confirmed
    done = client.post(urls.delete_answers(round_id), data={"csrf": token, "bekreft": "ja"})
    assert "Svarene i runden er slettet." in done.text and rows(app, answers_table) == 0
    assert "svarene er slettet" in done.text  # the round's status says so
    assert urls.delete_answers(round_id) not in done.text
    assert urls.reopen_round(round_id) not in done.text
    report = client.get(urls.report(round_id)).text
    assert "Svarene i runden ble slettet" in report and ANSWERS_DELETED in report
    assert "n&nbsp;=&nbsp;8" in report or "n = 8" in report  # the kept theme figures
    meeting = client.get(urls.meeting(round_id))  # the kept theme figures are all it shows
    assert meeting.status_code == 200 and "n = 8" in meeting.text
    summary = client.get(urls.summary(survey_round.resident_token))  # «Dette sa dere»
    assert summary.status_code == 200 and "Trivsel" in summary.text
    gone = client.get(urls.round_file(round_id, "beboere", "csv"))
    assert gone.status_code == 410 and "Svarene er slettet" in gone.text
    assert client.get(urls.comments(round_id)).status_code == 410
    exports = client.get(urls.EXPORTS).text
    assert urls.round_file(round_id, "beboere", "csv") not in exports
    log = client.get(urls.LOGBOOK).text
    assert f"Slettet svarene i runde {round_id} (Kommune 9973" in log


def test_the_command_line_asks_first_then_deletes_the_answers(
    app: FastAPI,
    client: TestClient,
    catalog: Catalog,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    survey_round = answered_round(app, catalog, "9974")
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("nei\n"))
        assert main(["round", "delete-answers", str(survey_round.id)]) == 1
        said = capsys.readouterr().out
        assert "14 svar, 14 fullført" in said or "14 svar" in said
        assert "Ingenting er endret." in said and rows(app, answers_table) > 0
        assert main(["round", "delete-answers", str(survey_round.id), "--yes"]) == 0
        assert "er slettet" in capsys.readouterr().out and rows(app, answers_table) == 0
        assert main(["export", str(survey_round.id)]) == 1
        assert "ble slettet" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
    with app.state.services.connect() as connection:
        logged = [e.what for e in entries(connection, None)]
    assert any(what.startswith(f"Slettet svarene i runde {survey_round.id}") for what in logged)
