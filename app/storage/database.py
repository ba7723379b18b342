"""The database engine: an SQLite file by default, PostgreSQL by setting the URL. The schema
it holds is checked (and an empty database made) by app/storage/migrating.py."""

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, make_url, text, update
from sqlalchemy.exc import IntegrityError

from app.config import Settings
from app.storage.migrating import DatabaseOutdated, require_current
from app.storage.tables import heartbeat_table, utcnow


def make_engine(settings: Settings) -> Engine:
    """An engine on a database with the newest schema (an empty one is made so), or
    DatabaseOutdated saying which command to run."""
    engine = open_engine(settings)
    try:
        require_current(engine, shown_url(settings), settings.key)
    except DatabaseOutdated:
        engine.dispose()
        raise
    return engine


def open_engine(settings: Settings) -> Engine:
    """An engine on the database as it is, whatever its schema (for `minstemme db`)."""
    if settings.sqlite_path is not None:
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            settings.database_url,
            connect_args={"check_same_thread": False, "timeout": 30},
            hide_parameters=True,  # errors never carry answers, ids or codes into a log
        )
        event.listen(engine, "connect", _tune_sqlite)
    else:
        engine = create_engine(
            settings.database_url, pool_size=10, pool_pre_ping=True, hide_parameters=True
        )
    return engine


def shown_url(settings: Settings) -> str:
    """The database's address without a password, for messages."""
    return make_url(settings.database_url).render_as_string(hide_password=True)


def _tune_sqlite(connection: Any, _record: Any) -> None:
    # WAL lets pages be read while an answer is written; NORMAL is still durable in WAL mode
    # against application crashes, which is what "saved when given" needs.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def database_answers(engine: Engine) -> None:
    """Ask the database something trivial; raises when it does not answer."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
        connection.rollback()


def database_writes(engine: Engine) -> None:
    """Write the heartbeat row and commit; raises when the database takes no writes (a full
    disk, a held write lock, a server that has become read-only), though it may still read."""
    with engine.connect() as connection:
        beat = connection.execute(
            update(heartbeat_table).where(heartbeat_table.c.id == 1).values(beat_at=utcnow())
        )
        if beat.rowcount == 0:
            try:
                connection.execute(insert(heartbeat_table).values(id=1, beat_at=utcnow()))
            except IntegrityError:  # another server wrote it first: that was a write too
                connection.rollback()
                return
        connection.commit()


@contextmanager
def one_process_at_a_time(connection: Connection, name: str) -> Iterator[None]:
    """Held by one process (and connection) at a time among all that use this database, so
    work that many server workers would all start (counting closed rounds) is done once: the
    others wait, then find it done. PostgreSQL: an advisory lock; SQLite: a lock on a file
    beside the database (its workers share one machine)."""
    if connection.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big")
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            connection.commit()
        return
    database = connection.engine.url.database
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def connection_to(settings: Settings) -> Iterator[Connection]:
    """A connection for a command-line program; its engine is disposed of afterwards."""
    engine = make_engine(settings)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()
