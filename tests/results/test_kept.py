"""Closed rounds are counted before anyone looks: when the server starts and when an owner
closes a round, so the first analyst to open a national dashboard does not wait for it."""

import fcntl
import hashlib
import time
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, func, select, text

from app import urls
from app.config import Settings
from app.demo import DemoPlan, fill_demo
from app.questionnaires.catalog import Catalog
from app.results.kept import count_closed_rounds
from app.results.sums import FILTERS
from app.storage.database import make_engine, one_process_at_a_time
from app.storage.tables import kept_table, rounds_table
from tests.support.answering import closed_round, open_round, respond
from tests.support.signing_in import add_user, form_token, sign_in


def until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    """Whether `condition` comes true within `seconds` (looked at every 20 ms)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def kept_filters(app: FastAPI, round_id: int) -> int:
    """Under how many filters a round's sums are kept."""
    with app.state.services.connect() as connection:
        return int(
            connection.execute(
                select(func.count(kept_table.c.basis.distinct())).where(
                    kept_table.c.round_id == round_id
                )
            ).scalar_one()
        )


def test_the_server_counts_closed_rounds_when_it_starts(app: FastAPI, catalog: Catalog) -> None:
    with app.state.services.connect() as connection:
        survey_round = closed_round(connection, catalog)
        for _ in range(6):
            respond(connection, catalog, survey_round, {"hjem_trives": "ja"})
    assert kept_filters(app, survey_round.id) == 0
    with TestClient(app):
        assert until(lambda: kept_filters(app, survey_round.id) == len(FILTERS))
        # ... and decided what each filter shows, before anyone asked
        assert until(lambda: app.state.services.theme_sums.decisions == len(FILTERS))


def test_a_round_an_owner_closes_is_counted_at_once(
    app: FastAPI, client: TestClient, catalog: Catalog
) -> None:
    with app.state.services.connect() as connection:
        survey_round = open_round(connection, catalog, "9931", "Lillevik")
        for _ in range(6):
            respond(connection, catalog, survey_round, {"hjem_trives": "ja"})
    add_user(app, "eier", "owner")
    sign_in(client, "eier")
    token = form_token(client.get(urls.ROUNDS).text)
    assert kept_filters(app, survey_round.id) == 0  # open: never counted
    closed = client.post(urls.close_round(survey_round.id), data={"csrf": token, "bekreft": "ja"})
    assert closed.status_code == 200
    assert until(lambda: kept_filters(app, survey_round.id) == len(FILTERS))


def test_a_database_that_is_down_leaves_counting_for_later(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    """The background count meets a database it cannot open: it says so in the log, without
    figures, and does not end the thread (it tries again later)."""
    gone = create_engine("sqlite:////nonexistent/folder/minstemme.db")
    count_closed_rounds(gone, app.state.services.theme_sums)
    assert "Closed rounds not counted now (OperationalError)" in caplog.text


def test_only_one_process_counts_at_a_time(any_database_settings: Settings) -> None:
    """Every server worker counts closed rounds when it starts; while one holds the count,
    another (here: another connection, as another process has) cannot take it, so it waits
    and then finds the sums kept instead of counting them again."""
    engine = make_engine(any_database_settings)
    try:
        with engine.connect() as holder, engine.connect() as other:
            with one_process_at_a_time(holder, "counting"):
                assert not can_take(other, any_database_settings)
            assert can_take(other, any_database_settings)
    finally:
        engine.dispose()


def can_take(connection: Connection, settings: Settings) -> bool:
    """Whether the count could be taken now, asked without waiting."""
    if connection.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(b"counting").digest()[:4], "big")
        taken = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
        if not taken.scalar_one():
            return False
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
        return True
    with open(f"{settings.sqlite_path}.counting.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(lock, fcntl.LOCK_UN)
        return True


def test_a_server_counting_while_the_demo_fills_never_sees_a_round_half_written(
    app: FastAPI, catalog: Catalog
) -> None:
    """The demo writes closed rounds while a server may run; had the server counted one half
    written, it would keep those sums for good (a closed round takes no more answers)."""
    seen: list[int] = []

    def count_from_elsewhere(done: int, total: int) -> None:
        with app.state.services.connect() as other:  # what the counting thread would see
            seen.append(count_closed_rounds_seen(other))

    with app.state.services.connect() as connection:
        fill_demo(connection, catalog, DemoPlan(municipalities=1, periods=2, residents=12),
                  on_progress=count_from_elsewhere)  # fmt: skip
    # Each round is seen with all its answers, or not at all: while the first round's
    # answers are written no closed round is visible; while the second's, only the first.
    assert seen and seen[0] == 0 and sorted(seen) == seen and max(seen) <= 1


def count_closed_rounds_seen(connection: Connection) -> int:
    return int(
        connection.execute(
            select(func.count()).select_from(rounds_table).where(~rounds_table.c.demo)
        ).scalar_one()
    )
