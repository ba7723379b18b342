"""The database engine: an SQLite file by default, PostgreSQL by setting the URL."""

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel, create_engine

from app import models  # noqa: F401  (registers the tables)
from app.config import Settings


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
    return engine


def _tune_sqlite(connection: Any, _record: Any) -> None:
    # WAL lets pages be read while an answer is written; NORMAL is still durable in WAL mode
    # against application crashes, which is what "saved when given" needs.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sessions(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session
