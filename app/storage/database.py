"""The database engine: an SQLite file by default, PostgreSQL by setting the URL."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event, inspect
from sqlmodel import SQLModel, create_engine

from app.config import Settings
from app.storage import tables  # noqa: F401  (registers the tables)


def make_engine(settings: Settings) -> Engine:
    if settings.sqlite_path is not None:
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            settings.database_url, connect_args={"check_same_thread": False, "timeout": 30}
        )
        event.listen(engine, "connect", _tune_sqlite)
    else:
        engine = create_engine(settings.database_url, pool_size=10, pool_pre_ping=True)
    SQLModel.metadata.create_all(engine)
    _refuse_outdated_tables(engine, settings)
    return engine


class DatabaseOutdated(Exception):
    """The database was made by an older version, and its tables lack columns this one needs."""


def _refuse_outdated_tables(engine: Engine, settings: Settings) -> None:
    # create_all makes missing tables but never changes existing ones: say so plainly rather
    # than fail on the first answer. (Migrations arrive with the first release.)
    inspector = inspect(engine)
    missing = [
        f"{table.name}.{column.name}"
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if column.name not in {c["name"] for c in inspector.get_columns(table.name)}
    ]
    if missing:
        raise DatabaseOutdated(
            f"Databasen ({settings.database_url}) er laget av en eldre versjon og mangler "
            f"{', '.join(missing)}. Flytt den bort (svarene i den blir liggende der), så lages "
            "en ny ved neste start."
        )


def _tune_sqlite(connection: Any, _record: Any) -> None:
    # WAL lets pages be read while an answer is written; NORMAL is still durable in WAL mode
    # against application crashes, which is what "saved when given" needs.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def connection_to(settings: Settings) -> Iterator[Connection]:
    """A connection for a command-line program; its engine is disposed of afterwards."""
    engine = make_engine(settings)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()
