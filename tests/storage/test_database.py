"""The database's own errors never put a respondent's data in the log: SQL parameters (response
ids, resume codes, answers, comments) are hidden."""

import logging
import sqlite3

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, make_url, text

from app.config import Settings
from app.web.app import create_app
from tests.support.entering import enter_round, to_first_form


def refuse_answers(engine: Engine) -> None:
    """From now on the database refuses every new answer, as a full disk would."""
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON answer "
                    "BEGIN INSERT INTO refused VALUES (1); END"  # a table that is not there
                )
            )
        else:
            connection.execute(
                text(
                    "CREATE FUNCTION refuse() RETURNS trigger AS "
                    "$$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
                )
            )
            connection.execute(
                text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON answer "
                    "FOR EACH ROW EXECUTE FUNCTION refuse()"
                )
            )


def test_a_database_error_logs_no_parameters(
    any_database_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(any_database_settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        enter_round(client, "relative")
        to_first_form(client)
        assert client.post(
            "/s/parorende/lagre/om_deg", data={"svar-kontakt": "ukentlig"}
        ).is_success
        cookie = client.cookies["minstemme_parorende"]
        refuse_answers(app.state.services.engine)
        with caplog.at_level(logging.DEBUG):
            saved = client.post("/s/parorende/lagre/om_deg", data={"svar-relasjon": "verge"})
    assert saved.status_code in (500, 503)  # 503 where the driver calls it an outage
    logged = caplog.text + "".join(str(r.exc_info) for r in caplog.records)
    assert "refused" in logged  # the error itself is logged, to be found and fixed
    assert cookie not in logged  # the response's id, which opens it
    assert "'verge'" not in logged


READ_ONLY = "default_transaction_read_only"


def test_healthz_says_ok_only_while_the_database_takes_writes(
    any_database_settings: Settings,
) -> None:
    """SQLite with another process holding its write lock, PostgreSQL turned read-only (as a
    replica after a failover, or a server short of disk): both still answer SELECT 1, and
    /healthz said "ok" while every save failed."""
    app = create_app(any_database_settings)
    engine = app.state.services.engine
    with TestClient(app) as client:
        assert client.get("/healthz").text == "ok"
        assert client.get("/healthz").text == "ok"  # the heartbeat row, written again
        if engine.dialect.name == "sqlite":
            assert any_database_settings.sqlite_path is not None
            holder = sqlite3.connect(any_database_settings.sqlite_path, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")  # another process is writing, and goes on
            try:
                checked = client.get("/healthz")
            finally:
                holder.execute("ROLLBACK")
                holder.close()
        else:
            name = make_url(any_database_settings.database_url).database
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as admin:
                admin.execute(text(f"ALTER DATABASE {name} SET {READ_ONLY} = on"))
            engine.dispose()  # new connections are read-only
            try:
                checked = client.get("/healthz")
            finally:
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as admin:
                    admin.execute(text("SET default_transaction_read_only = off"))
                    admin.execute(text(f"ALTER DATABASE {name} RESET {READ_ONLY}"))
                engine.dispose()
        assert checked.status_code == 503
        assert checked.text == "database cannot save answers"
        assert client.get("/healthz").text == "ok"  # and ok again once it writes
