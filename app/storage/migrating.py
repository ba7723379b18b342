"""Schema migrations (Alembic): where a database stands, and bringing it to the newest schema.

Every change to app/storage/tables.py ships a revision in app/storage/migrations/versions/.
An empty database is made by running every revision; a database that is behind is left alone
until someone runs `minstemme db upgrade`, so answers are never changed by surprise.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"  # the schema of main before migrations
# What each revision file says of itself (Alembic reads the same lines). Where a database stands
# is read with these and plain SQL, so a server's start and a command need not load Alembic
# (0.2 s); Alembic is imported to change a schema.
REVISION = re.compile(r'^revision: str = "(\w+)"', re.MULTILINE)
BEFORE = re.compile(r'^down_revision: str \| None = "(\w+)"', re.MULTILINE)


class DatabaseOutdated(Exception):
    """The database's schema is not the one this version needs; the message says what to do."""


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: no revision recorded (empty, or made before migrations)
    head: str
    tables: frozenset[str]

    @property
    def empty(self) -> bool:
        return not self.tables

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def alembic_config(connection: Connection, key: bytes | None = None) -> "Config":
    """Alembic's set-up on this connection; `key`, the server's secret key, for revisions that
    store keyed digests (0013)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    if key is not None:
        config.attributes["secret_key"] = key
    return config


@cache
def known_revisions() -> tuple[frozenset[str], str]:
    """Every revision in app/storage/migrations/versions/, and the newest: the one no other
    names as the revision before it."""
    revisions: set[str] = set()
    befores: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        said = path.read_text("utf-8")
        if found := REVISION.search(said):
            revisions.add(found.group(1))
        befores.update(BEFORE.findall(said))
    heads = revisions - befores
    assert len(heads) == 1, f"app/storage/migrations/versions has heads {sorted(heads)}"
    return frozenset(revisions), heads.pop()


def head_revision() -> str:
    return known_revisions()[1]


def schema_state(engine: Engine) -> SchemaState:
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
        current = (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if "alembic_version" in names
            else None
        )
        connection.rollback()
    return SchemaState(
        current=current, head=head_revision(), tables=frozenset(names - {"alembic_version"})
    )


def upgrade(engine: Engine, key: bytes) -> SchemaState:
    """Bring the database to the newest revision; returns where it stood before. A database
    made before migrations is recognised by its tables, recorded as the first revision, and
    upgraded from there. `key`: the server's secret key (Settings.key)."""
    from alembic import command

    state = schema_state(engine)
    with engine.connect() as connection, migration_transaction(connection):
        config = alembic_config(connection, key)
        if state.current is None and not state.empty:
            _refuse_unknown_tables(connection, state)
            command.stamp(config, FIRST_REVISION)
        command.upgrade(config, "head")
    return state


@contextmanager
def migration_transaction(connection: Connection) -> Iterator[None]:
    """One transaction for the revisions. SQLite changes a column only by copying its table,
    and dropping the old copy of a table others refer to (a response, a round) would break
    their references for a moment: there, references are checked once the revisions are done
    (SQLite's own way to change a table), and a broken one undoes them all."""
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # outside a transaction, or SQLite ignores it
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        with connection.begin():
            yield
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise DatabaseOutdated(
                        f"Oppgraderingen ville brutt {len(broken)} henvisninger mellom "
                        f"tabellene (første i tabellen {broken[0][0]}); ingenting er endret."
                    )
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


@cache
def _first_revision_columns() -> dict[str, frozenset[str]]:
    """The tables and columns the first revision makes, read off an in-memory database (so
    they stay those of the first revision however the tables change later)."""
    from alembic import command

    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), FIRST_REVISION)
            inspector = inspect(connection)
            return {
                name: frozenset(column["name"] for column in inspector.get_columns(name))
                for name in inspector.get_table_names()
                if name != "alembic_version"
            }
    finally:
        engine.dispose()


def _refuse_unknown_tables(connection: Connection, state: SchemaState) -> None:
    """A database without a revision must hold the first revision's tables and columns."""
    inspector = inspect(connection)
    first = _first_revision_columns()
    missing = sorted(first.keys() - state.tables) + [
        f"{name}.{column}"
        for name in sorted(first.keys() & state.tables)
        for column in sorted(first[name] - {c["name"] for c in inspector.get_columns(name)})
    ]
    if missing:
        raise DatabaseOutdated(
            "Databasen er laget av en eldre versjon enn den første som kan oppgraderes, og "
            f"mangler {', '.join(missing)}. Flytt den bort (svarene i den blir liggende der), "
            "så lages en ny ved neste start."
        )


def require_current(engine: Engine, where: str, key: bytes) -> None:
    """Make an empty database; refuse one that is behind or ahead, saying what to run."""
    state = schema_state(engine)
    if state.empty and state.current is None:
        upgrade(engine, key)
        return
    if state.up_to_date:
        return
    if state.current is not None and state.current not in known_revisions()[0]:
        raise DatabaseOutdated(
            f"Databasen ({where}) er laget av en nyere versjon av Min stemme teller "
            f"(revisjon {state.current}). Bruk den versjonen, eller en annen database."
        )
    raise DatabaseOutdated(
        f"Databasen ({where}) må oppgraderes før den kan brukes (den er på revisjon "
        f"{state.current or 'fra før migreringer'}, nyeste er {state.head}). Svarene i den "
        "beholdes. Kjør: minstemme db upgrade"
    )
