"""Accounts for the people who read results: analysts see them, owners also manage rounds.

Passwords are hashed with argon2id. A sign-in is a server-side session: the browser keeps a
random token, the database only its SHA-256, so a copied database signs no one in. Each
session has its own CSRF token for the forms shown to it.
"""

import re
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.codes import digest
from app.storage.tables import accounts_table, places_table, sessions_table, utcnow

Role = Literal["analyst", "owner"]
ROLES: tuple[Role, ...] = ("analyst", "owner")
ROLE_NAMES = {"analyst": "analytiker", "owner": "eier"}
MIN_PASSWORD_LENGTH = 12
SESSION_HOURS = 12

_hasher = PasswordHasher()


@cache
def _unknown_user_hash() -> str:
    """Verified when the user name is unknown, so a wrong name takes as long as a wrong
    password. Made at the first sign-in, not when the server starts (a hash takes 0.15 s)."""
    return _hasher.hash(secrets.token_urlsafe(16))


USERNAME = re.compile(r"[a-zA-Z0-9._@-]{2,60}")


class AccountProblem(ValueError):
    """Said to the person managing accounts, in Norwegian."""


@dataclass(frozen=True)
class SignedIn:
    username: str
    role: Role
    csrf_token: str
    national: bool = False  # sees every municipality's rounds in full
    municipalities: frozenset[str] = frozenset()  # else: these municipalities' rounds

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"

    def sees_in_full(self, municipality_number: str) -> bool:
        """Whether this account may see a municipality's rounds in full (reports, microdata)
        and, as an owner, manage them. Everyone sees every municipality in the dashboard's
        aggregates, where small groups are hidden."""
        return self.national or municipality_number in self.municipalities

    @property
    def scope(self) -> str:
        return "alle kommuner" if self.national else ", ".join(sorted(self.municipalities))


def add_account(
    connection: Connection,
    username: str,
    password: str,
    role: str,
    municipalities: Sequence[str] = (),
    national: bool = False,
) -> None:
    """An account that sees `municipalities` (four-digit numbers) in full, or every one when
    `national`."""
    if not USERNAME.fullmatch(username):
        raise AccountProblem(
            "Brukernavnet skal være 2–60 tegn: bokstaver a–z, sifre, punktum, @, - eller _."
        )
    if role not in ROLES:
        raise AccountProblem("Rollen skal være analyst eller owner.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountProblem(f"Passordet må ha minst {MIN_PASSWORD_LENGTH} tegn.")
    if not national and not municipalities:
        raise AccountProblem(
            "Si hvilke kommuner brukeren skal se: --municipality 4601 (én eller flere), "
            "eller --national for alle."
        )
    wrong = [m for m in municipalities if not re.fullmatch(r"[0-9]{4}", m)]
    if wrong:
        raise AccountProblem(
            f"Kommunenummer har fire sifre, for eksempel 4601 (ikke «{wrong[0]}»)."
        )
    try:
        connection.execute(
            insert(accounts_table).values(
                username=username.lower(),
                password_hash=_hasher.hash(password),
                role=role,
                created_at=utcnow(),
                national=national,
            )
        )
        for number in sorted(set(municipalities)):
            connection.execute(
                insert(places_table).values(username=username.lower(), municipality_number=number)
            )
    except IntegrityError:
        connection.rollback()
        raise AccountProblem(f"Det finnes allerede en bruker som heter «{username}».") from None
    connection.commit()


def set_password(connection: Connection, username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountProblem(f"Passordet må ha minst {MIN_PASSWORD_LENGTH} tegn.")
    changed = connection.execute(
        update(accounts_table)
        .where(accounts_table.c.username == username.lower())
        .values(password_hash=_hasher.hash(password))
    )
    if changed.rowcount == 0:
        raise AccountProblem(f"Fant ingen bruker som heter «{username}».")
    # A new password signs out every browser signed in with the old one.
    connection.execute(delete(sessions_table).where(sessions_table.c.username == username.lower()))
    connection.commit()


def remove_account(connection: Connection, username: str) -> None:
    name = username.lower()
    connection.execute(delete(sessions_table).where(sessions_table.c.username == name))
    connection.execute(delete(places_table).where(places_table.c.username == name))
    removed = connection.execute(delete(accounts_table).where(accounts_table.c.username == name))
    if removed.rowcount == 0:
        connection.rollback()
        raise AccountProblem(f"Fant ingen bruker som heter «{username}».")
    connection.commit()


def all_accounts(connection: Connection) -> list[tuple[str, str, str]]:
    """Every account: name, role, and which municipalities it sees in full."""
    rows = connection.execute(
        select(
            accounts_table.c.username, accounts_table.c.role, accounts_table.c.national
        ).order_by(accounts_table.c.username)
    ).all()
    places = _places(connection)
    connection.rollback()
    return [
        (name, role, "alle kommuner" if national else ", ".join(sorted(places.get(name, ()))))
        for name, role, national in rows
    ]


def _places(connection: Connection, username: str | None = None) -> dict[str, set[str]]:
    statement = select(places_table.c.username, places_table.c.municipality_number)
    if username is not None:
        statement = statement.where(places_table.c.username == username)
    found: dict[str, set[str]] = {}
    for name, number in connection.execute(statement):
        found.setdefault(name, set()).add(number)
    return found


FREE_ATTEMPTS = 5  # wrong passwords for a name before each next try must wait
LONGEST_WAIT = timedelta(minutes=5)  # the wait grows no further: an owner is never locked out
CHECKS_AT_ONCE = 4  # argon2 takes 64 MiB a check: many at once would exhaust the server
_checking = threading.BoundedSemaphore(CHECKS_AT_ONCE)


class SignInPaused(Exception):
    """Too many wrong passwords for this name lately: the next try waits `wait`."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__(f"wait {wait}")
        self.wait = wait


def wait_after(failures: int) -> timedelta:
    """How long the next try waits after this many wrong passwords in a row."""
    if failures <= FREE_ATTEMPTS:
        return timedelta(0)
    return min(timedelta(seconds=2 ** (failures - FREE_ATTEMPTS - 1)), LONGEST_WAIT)


def _password_matches(stored: str, password: str) -> bool:
    with _checking:
        try:
            return bool(_hasher.verify(stored, password))
        except (VerificationError, InvalidHashError):
            return False


def _claim(connection: Connection, name: str, now: datetime) -> str | None:
    """Count this try before its password is checked, so that tries at the same moment cannot
    all be checked: only one try can move the count from a given number. The stored hash, or
    None for no such account; SignInPaused while the name must wait."""
    for _ in range(50):  # others may claim between our read and our write: read again
        row = connection.execute(
            select(
                accounts_table.c.password_hash,
                accounts_table.c.failed_signins,
                accounts_table.c.next_signin_at,
            ).where(accounts_table.c.username == name)
        ).first()
        if row is None:
            connection.rollback()
            return None
        stored, failures, next_at = row
        if next_at is not None:
            next_at = next_at if next_at.tzinfo else next_at.replace(tzinfo=now.tzinfo)
            if next_at > now:
                connection.rollback()
                raise SignInPaused(next_at - now)
        claimed = connection.execute(
            update(accounts_table)
            .where(accounts_table.c.username == name, accounts_table.c.failed_signins == failures)
            .values(failed_signins=failures + 1, next_signin_at=now + wait_after(failures + 1))
        )
        connection.commit()
        if claimed.rowcount == 1:
            return str(stored)
    raise SignInPaused(timedelta(seconds=1))


def sign_in(
    connection: Connection, username: str, password: str, now: datetime | None = None
) -> str | None:
    """A new session token when the password is right, else None; SignInPaused when the name
    has had too many wrong passwords lately (the right one waits too, briefly)."""
    now = now or utcnow()
    name = username.strip().lower()
    # A name no account can have is not looked up (a NUL byte upsets PostgreSQL).
    stored = _claim(connection, name, now) if USERNAME.fullmatch(name) else None
    if not _password_matches(stored or _unknown_user_hash(), password) or stored is None:
        return None
    if _hasher.check_needs_rehash(stored):
        connection.execute(
            update(accounts_table)
            .where(accounts_table.c.username == name)
            .values(password_hash=_hasher.hash(password))
        )
    connection.execute(
        update(accounts_table)
        .where(accounts_table.c.username == name)
        .values(failed_signins=0, next_signin_at=None)
    )
    token = secrets.token_urlsafe(32)
    connection.execute(delete(sessions_table).where(sessions_table.c.expires_at < now))
    connection.execute(
        insert(sessions_table).values(
            token_hash=digest(token),
            username=name,
            csrf_token=secrets.token_urlsafe(32),
            expires_at=now + timedelta(hours=SESSION_HOURS),
        )
    )
    connection.commit()
    return token


def signed_in(connection: Connection, token: str, now: datetime | None = None) -> SignedIn | None:
    """Who a session token belongs to, while the session lasts."""
    row = connection.execute(
        select(
            accounts_table.c.username,
            accounts_table.c.role,
            sessions_table.c.csrf_token,
            sessions_table.c.expires_at,
            accounts_table.c.national,
        )
        .select_from(sessions_table.join(accounts_table))
        .where(sessions_table.c.token_hash == digest(token))
    ).first()
    if row is None:
        connection.rollback()
        return None
    places = _places(connection, row[0]).get(row[0], set())
    connection.rollback()
    expires = row[3] if row[3].tzinfo else row[3].replace(tzinfo=utcnow().tzinfo)
    if expires <= (now or utcnow()):
        return None
    return SignedIn(row[0], row[1], row[2], bool(row[4]), frozenset(places))


def sign_ins(connection: Connection, now: datetime | None = None) -> tuple[int, int]:
    """How many sign-ins there are: in use, and expired (deleted at the next sign-in)."""
    ended = sessions_table.c.expires_at <= (now or utcnow())
    row = connection.execute(
        select(func.count(), func.count().filter(ended)).select_from(sessions_table)
    ).one()
    connection.rollback()
    return row[0] - row[1], row[1]


def sign_out_everyone(connection: Connection, but: str | None = None) -> int:
    """End every sign-in, in use or expired, except the one whose token is `but`: everyone
    signs in again (after a password may have been seen, or to clear old sign-ins)."""
    query = delete(sessions_table)
    if but is not None:
        query = query.where(sessions_table.c.token_hash != digest(but))
    ended = connection.execute(query).rowcount
    connection.commit()
    return ended


def sign_out(connection: Connection, token: str) -> None:
    connection.execute(delete(sessions_table).where(sessions_table.c.token_hash == digest(token)))
    connection.commit()
