"""Backups of the database while the server runs, and restoring one.

SQLite: SQLite's own online backup, page by page from one consistent read, so answers that are
only in the write-ahead log so far are in it too (a copy of the .db file alone misses them).
PostgreSQL: `pg_dump` in its custom format, one consistent snapshot; `pg_restore` brings it back
in one transaction, so a restore that fails leaves the database as it was. Either way an answer
saved while the backup runs is in it whole or not at all: each save is one transaction.

A backup is written beside its target and renamed into place when complete, so a file with the
target's name is always a whole backup.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import make_url

from app.config import Settings

SQLITE_HEADER = b"SQLite format 3\x00"
PG_HEADER = b"PGDMP"


class BackupFailed(RuntimeError):
    """A backup or restore could not be made; the message says why, in Norwegian."""


def backup(settings: Settings, target: Path) -> None:
    """A consistent copy of the database, written to `target`."""
    partial = target.with_name(f".{target.name}.delar")
    try:
        if settings.sqlite_path is not None:
            _sqlite_copy(settings.sqlite_path, partial)
        else:
            _run(["pg_dump", "--format=custom", f"--file={partial}", _libpq(settings)], settings)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def restore(settings: Settings, source: Path) -> None:
    """The database replaced by the backup in `source` (the server may run: on SQLite the copy
    waits for each write, on PostgreSQL it is one transaction)."""
    try:
        header = source.open("rb").read(len(SQLITE_HEADER))
    except OSError as unreadable:
        raise BackupFailed(f"Kan ikke lese {source}: {unreadable.strerror}.") from None
    if settings.sqlite_path is not None:
        if not header.startswith(SQLITE_HEADER):
            raise BackupFailed(f"{source} er ingen sikkerhetskopi av en SQLite-database.")
        _sqlite_copy(source, settings.sqlite_path)
        return
    if not header.startswith(PG_HEADER):
        raise BackupFailed(f"{source} er ingen sikkerhetskopi fra pg_dump (custom-format).")
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_libpq(settings)}",
            str(source),
        ],
        settings,
    )


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupFailed(f"Databasen {source} finnes ikke.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source, timeout=30) as reading, sqlite3.connect(target, timeout=30) as to:
        reading.backup(to)
    reading.close()
    to.close()


def _libpq(settings: Settings) -> str:
    """The database's address as pg_dump and pg_restore take it, without its password (that
    goes in their environment, not on a command line others can list)."""
    url = make_url(settings.database_url).set(drivername="postgresql", password=None)
    return url.render_as_string(hide_password=False)


def _run(command: list[str], settings: Settings) -> None:
    password = make_url(settings.database_url).password
    environment = {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}
    if shutil.which(command[0]) is None:
        raise BackupFailed(
            f"{command[0]} finnes ikke på maskinen. Installer PostgreSQL-klienten "
            "(Debian: apt install postgresql-client) i samme hovedversjon som serveren."
        )
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        raise BackupFailed(f"{command[0]} feilet: {said[-1] if said else done.returncode}")
