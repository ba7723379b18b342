"""`minstemme db upgrade` and `minstemme db current`: the database's schema revision;
`minstemme db backup FILE` and `db restore FILE`: a consistent copy while the server runs, and
the database replaced by one (app/storage/backups.py)."""

import argparse
import sys
from pathlib import Path

from app.cli.commands import confirmed
from app.config import get_settings
from app.storage.backups import BackupFailed, backup, restore
from app.storage.database import open_engine, shown_url
from app.storage.migrating import DatabaseOutdated, SchemaState, schema_state, upgrade


def register(command: argparse.ArgumentParser) -> None:
    """The options of `minstemme db` (its parser made by app/cli/main.py)."""
    actions = command.add_subparsers(dest="action", required=True, metavar="handling")
    actions.add_parser("upgrade", help="til nyeste skjema; svarene beholdes")
    actions.add_parser("current", help="vis revisjonen")
    saved = actions.add_parser(
        "backup", help="en hel kopi av databasen mens serveren går (SQLite, eller pg_dump)"
    )
    saved.add_argument("file", type=Path, help="filen kopien skrives til")
    back = actions.add_parser(
        "restore", help="erstatt databasen med en sikkerhetskopi (spør først)"
    )
    back.add_argument("file", type=Path, help="sikkerhetskopien (fra db backup)")
    back.add_argument("--yes", action="store_true", help="ikke spør først (for skript)")
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.action == "upgrade":
        return upgrade_command()
    if args.action == "backup":
        return backup_command(args.file)
    if args.action == "restore":
        return restore_command(args.file, asked=not args.yes)
    return current_command()


def backup_command(target: Path) -> int:
    settings = get_settings()
    try:
        backup(settings, target)
    except BackupFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    size = target.stat().st_size
    print(f"Sikkerhetskopi av {shown_url(settings)} skrevet til {target} ({size:,} byte).")
    return 0


def restore_command(source: Path, *, asked: bool = True) -> int:
    settings = get_settings()
    where = shown_url(settings)
    said = f"Alt i {where} erstattes med {source}: svar gitt etter at kopien ble tatt, går tapt. "
    if asked and not confirmed(f"{said}Skriv ja for å fortsette: "):
        return 1
    try:
        restore(settings, source)
    except BackupFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    print(f"{where} er hentet tilbake fra {source}. Kjør «minstemme db upgrade» om den er eldre.")
    return 0


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
