"""`minstemme db upgrade` and `minstemme db current`: the database's schema revision."""

import argparse
import sys

from app.cli.commands import Commands
from app.config import get_settings
from app.storage.database import open_engine, shown_url
from app.storage.migrating import DatabaseOutdated, SchemaState, schema_state, upgrade


def register(commands: Commands) -> None:
    command = commands.add_parser("db", help="oppgrader databasen, eller vis hvor den står")
    command.add_argument(
        "action",
        choices=["upgrade", "current"],
        help="upgrade: til nyeste skjema, svarene beholdes; current: vis revisjonen",
    )
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.action == "upgrade":
        return upgrade_command()
    return current_command()


def _describe(state: SchemaState) -> str:
    if state.empty:
        return "tom"
    return f"revisjon {state.current}" if state.current else "fra før migreringer"


def upgrade_command() -> int:
    settings = get_settings()
    engine = open_engine(settings)
    try:
        before = upgrade(engine, settings.key)
    except DatabaseOutdated as problem:
        print(problem, file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    where = shown_url(settings)
    if before.up_to_date:
        print(f"Databasen ({where}) var allerede oppdatert: revisjon {before.head}.")
    else:
        print(f"Databasen ({where}) er oppgradert fra {_describe(before)} til {before.head}.")
    return 0


def current_command() -> int:
    settings = get_settings()
    engine = open_engine(settings)
    try:
        state = schema_state(engine)
    finally:
        engine.dispose()
    print(f"{shown_url(settings)}: {_describe(state)} (nyeste er {state.head})")
    if state.up_to_date:
        return 0
    print("Kjør «minstemme db upgrade» for å oppgradere.", file=sys.stderr)
    return 1
