"""Accounts for the people who read results: analysts see them, owners also manage rounds.

Passwords are hashed with argon2id. A sign-in is a server-side session: the browser keeps a
random token, the database only its SHA-256, so a copied database signs no one in. Each
session has its own CSRF token for the forms shown to it.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.storage.tables import Account, LoginSession, utcnow

Role = Literal["analyst", "owner"]
ROLES: tuple[Role, ...] = ("analyst", "owner")
ROLE_NAMES = {"analyst": "analytiker", "owner": "eier"}
MIN_PASSWORD_LENGTH = 12
SESSION_HOURS = 12

accounts_table = Account.__table__  # type: ignore[attr-defined]
sessions_table = LoginSession.__table__  # type: ignore[attr-defined]
_hasher = PasswordHasher()
# Verified when the user name is unknown, so a wrong name takes as long as a wrong password.
_UNKNOWN_USER_HASH = _hasher.hash(secrets.token_urlsafe(16))


USERNAME = re.compile(r"[a-zA-Z0-9._@-]{2,60}")


class AccountProblem(ValueError):
    """Said to the person managing accounts, in Norwegian."""


@dataclass(frozen=True)
class SignedIn:
    username: str
    role: Role
    csrf_token: str

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


def add_account(connection: Connection, username: str, password: str, role: str) -> None:
    if not USERNAME.fullmatch(username):
        raise AccountProblem(
            "Brukernavnet skal være 2–60 tegn: bokstaver a–z, sifre, punktum, @, - eller _."
        )
    if role not in ROLES:
        raise AccountProblem("Rollen skal være analyst eller owner.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountProblem(f"Passordet må ha minst {MIN_PASSWORD_LENGTH} tegn.")
    try:
        connection.execute(
            insert(accounts_table).values(
                username=username.lower(),
                password_hash=_hasher.hash(password),
                role=role,
                created_at=utcnow(),
            )
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
    removed = connection.execute(delete(accounts_table).where(accounts_table.c.username == name))
    if removed.rowcount == 0:
        connection.rollback()
        raise AccountProblem(f"Fant ingen bruker som heter «{username}».")
    connection.commit()


def all_accounts(connection: Connection) -> list[tuple[str, str]]:
    rows = connection.execute(
        select(accounts_table.c.username, accounts_table.c.role).order_by(accounts_table.c.username)
    ).all()
    connection.rollback()
    return [(row[0], row[1]) for row in rows]


def sign_in(connection: Connection, username: str, password: str) -> str | None:
    """A new session token when the password is right, else None."""
    name = username.strip().lower()
    row = (  # a name no account can have is not looked up (a NUL byte upsets PostgreSQL)
        connection.execute(
            select(accounts_table.c.password_hash).where(accounts_table.c.username == name)
        ).first()
        if USERNAME.fullmatch(name)
        else None
    )
    stored = row[0] if row else _UNKNOWN_USER_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        connection.rollback()
        return None
    if row is None:
        return None
    if _hasher.check_needs_rehash(stored):
        connection.execute(
            update(accounts_table)
            .where(accounts_table.c.username == name)
            .values(password_hash=_hasher.hash(password))
        )
    token = secrets.token_urlsafe(32)
    now = utcnow()
    connection.execute(delete(sessions_table).where(sessions_table.c.expires_at < now))
    connection.execute(
        insert(sessions_table).values(
            token_hash=_digest(token),
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
        )
        .select_from(sessions_table.join(accounts_table))
        .where(sessions_table.c.token_hash == _digest(token))
    ).first()
    connection.rollback()
    if row is None:
        return None
    expires = row[3] if row[3].tzinfo else row[3].replace(tzinfo=utcnow().tzinfo)
    if expires <= (now or utcnow()):
        return None
    return SignedIn(row[0], row[1], row[2])


def sign_out(connection: Connection, token: str) -> None:
    connection.execute(delete(sessions_table).where(sessions_table.c.token_hash == _digest(token)))
    connection.commit()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LoginThrottle:
    """After five wrong passwords for a name, that name waits a quarter of an hour.

    Kept in memory: it slows down guessing through one server process, which is what it is
    for; a restart forgets it, the argon2 cost still holds.
    """

    ATTEMPTS = 5
    WINDOW = timedelta(minutes=15)

    def __init__(self) -> None:
        self._failures: dict[str, list[datetime]] = {}

    def blocked(self, username: str, now: datetime | None = None) -> bool:
        recent = self._recent(username.strip().lower(), now or utcnow())
        return len(recent) >= self.ATTEMPTS

    def failed(self, username: str, now: datetime | None = None) -> None:
        name = username.strip().lower()
        self._failures[name] = [*self._recent(name, now or utcnow()), now or utcnow()]

    def succeeded(self, username: str) -> None:
        self._failures.pop(username.strip().lower(), None)

    def _recent(self, name: str, now: datetime) -> list[datetime]:
        return [t for t in self._failures.get(name, []) if now - t < self.WINDOW]
