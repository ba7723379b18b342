"""`minstemme db backup` and `db restore`, tried as an operator would while tablets keep saving:
on SQLite and PostgreSQL, a backup taken under writes holds every save made before it began,
and each save after that whole or not at all (never a response without its answers); restored,
the server starts on it and a response goes on where it was."""

import io
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from app.cli.main import main
from app.config import Settings, get_settings
from app.questionnaires.catalog import Catalog
from app.storage.database import make_engine
from app.storage.tables import answers_table, responses_table
from app.web.app import create_app
from tests.support.answering import closed_round

EACH = 4  # answers in each save


def save(engine: Engine, round_id: int, number: int) -> None:
    """One save: a response and its answers in one transaction, as a tablet's save is one."""
    with engine.begin() as connection:
        connection.execute(
            insert(responses_table).values(
                id=f"r{number:06d}",
                round_id=round_id,
                questionnaire_id="beboer",
                questionnaire_version=1,
            )
        )
        connection.execute(
            insert(answers_table),
            [
                {"response_id": f"r{number:06d}", "question_id": f"q{part}", "value": "ja"}
                for part in range(EACH)
            ],
        )


def use(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()


@pytest.fixture
def elsewhere(any_database_settings: Settings, tmp_path: Path) -> Settings:
    """A second, empty database of the same kind to restore into."""
    if any_database_settings.sqlite_path is not None:
        return any_database_settings.model_copy(
            update={"database_url": f"sqlite:///{tmp_path / 'restored.db'}"}
        )
    server, _, _ = any_database_settings.database_url.rpartition("/")
    name = f"restored_{uuid.uuid4().hex[:10]}"
    with (
        make_engine(any_database_settings)
        .connect()
        .execution_options(isolation_level="AUTOCOMMIT") as connection
    ):
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    return any_database_settings.model_copy(update={"database_url": f"{server}/{name}"})


def test_a_backup_under_writes_restores_whole(
    any_database_settings: Settings,
    elsewhere: Settings,
    catalog: Catalog,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    engine = make_engine(any_database_settings)
    with engine.connect() as connection:
        round_id = closed_round(connection, catalog, "9951").id
    saved = 0
    before_backup = threading.Event()
    stop = threading.Event()

    def tablets() -> None:
        nonlocal saved
        while not stop.is_set():
            save(engine, round_id, saved)
            saved += 1
            if saved == 50:
                before_backup.set()

    writer = threading.Thread(target=tablets)
    writer.start()
    try:
        assert before_backup.wait(60)
        acknowledged = saved  # every save up to here was answered before the backup began
        use(monkeypatch, any_database_settings)
        target = tmp_path / "kopi.backup"
        assert main(["db", "backup", str(target)]) == 0, capsys.readouterr().err
        after = saved
    finally:
        stop.set()
        writer.join()
        get_settings.cache_clear()
    assert "Sikkerhetskopi av" in capsys.readouterr().out
    assert not list(tmp_path.glob(".*delar"))  # nothing half-written left beside it

    # Restored into an empty database: every save before, some during, each whole.
    use(monkeypatch, elsewhere)
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("nei\n"))
        assert main(["db", "restore", str(target)]) == 1  # asked first: nothing changed
        assert "Ingenting er endret." in capsys.readouterr().out
        assert main(["db", "restore", str(target), "--yes"]) == 0, capsys.readouterr().err
        restored = make_engine(elsewhere)  # the schema is current: the server would start
    finally:
        get_settings.cache_clear()
    with Session(restored) as session:
        kept = (
            session.execute(select(responses_table.c.id).order_by(responses_table.c.id))
            .scalars()
            .all()
        )
        per_response: dict[str, int] = dict(
            session.execute(
                select(answers_table.c.response_id, func.count()).group_by(
                    answers_table.c.response_id
                )
            ).all()
        )
    assert acknowledged <= len(kept) <= after + 1
    assert kept == [f"r{number:06d}" for number in range(len(kept))]  # the first saves, in order
    assert all(per_response.get(response) == EACH for response in kept)  # none half
    assert set(per_response) == set(kept)
    restored.dispose()
    engine.dispose()
    create_app(elsewhere).state.services.engine.dispose()  # the server starts on it


def test_a_wrong_file_is_refused_and_changes_nothing(
    any_database_settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_engine(any_database_settings).dispose()
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a backup")
    use(monkeypatch, any_database_settings)
    try:
        assert main(["db", "restore", str(wrong), "--yes"]) == 1
        assert main(["db", "restore", str(tmp_path / "missing"), "--yes"]) == 1
    finally:
        get_settings.cache_clear()
    said = capsys.readouterr().err.splitlines()
    assert "er ingen sikkerhetskopi" in said[0] and "Kan ikke lese" in said[1]
    make_engine(any_database_settings).dispose()  # still a current database
