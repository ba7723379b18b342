"""Signing in cannot be guessed at speed, nor used to lock an owner out: wrong passwords for a
name are counted in the database (shared by every worker, claimed atomically), each one past
five waits twice as long as the last, at most five minutes; and only a few password checks run
at once, however many arrive."""

import contextlib
import threading
from datetime import timedelta
from typing import Literal

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI

from app import accounts
from app.accounts import SignInPaused, add_account, sign_in
from app.config import Settings
from app.storage.tables import utcnow
from app.web.app import create_app

PASSWORD = "riktig-hest-batteri"


@pytest.fixture
def owner(app: FastAPI) -> FastAPI:
    with app.state.services.connect() as connection:
        add_account(connection, "eier", PASSWORD, "owner", national=True)
    return app


def test_thirty_wrong_passwords_at_once_get_at_most_six_checks(
    owner: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks = []

    class Counted(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
            checks.append(password)
            return super().verify(hash, password)

    monkeypatch.setattr(accounts, "_hasher", Counted())
    start = threading.Barrier(30)

    def guess(number: int) -> None:
        start.wait()
        with owner.state.services.connect() as connection, contextlib.suppress(SignInPaused):
            sign_in(connection, "eier", f"gjetning-{number}")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= len(checks) <= accounts.FREE_ATTEMPTS + 1


def test_waits_grow_are_shared_between_workers_and_never_lock_the_owner_out(
    settings: Settings,
) -> None:
    one, other = create_app(settings), create_app(settings)  # two workers, one database
    with one.state.services.connect() as connection:
        add_account(connection, "eier", PASSWORD, "owner", national=True)
    now = utcnow()
    for _ in range(accounts.FREE_ATTEMPTS):
        with one.state.services.connect() as connection:
            assert sign_in(connection, "eier", "feil-passord-nå", now=now) is None
    with other.state.services.connect() as connection:
        assert sign_in(connection, "eier", "feil-igjen-passord", now=now) is None  # the 6th
        with pytest.raises(SignInPaused) as paused:
            sign_in(connection, "eier", PASSWORD, now=now)  # even the right one waits
        assert paused.value.wait == timedelta(seconds=1)
        assert (
            sign_in(connection, "eier", "feil-en-gang-til", now=now + timedelta(seconds=1)) is None
        )
        with pytest.raises(SignInPaused) as paused:
            sign_in(connection, "eier", PASSWORD, now=now + timedelta(seconds=2))
        assert paused.value.wait == timedelta(seconds=1)  # 2 s after the 7th, 1 s left
    much_later = now + timedelta(hours=5)
    with one.state.services.connect() as connection:
        for minutes in range(0, 60, 6):  # an attacker keeps trying: the wait stops growing
            try:
                sign_in(
                    connection,
                    "eier",
                    "feil-passord-nå",
                    now=much_later + timedelta(minutes=minutes),
                )
            except SignInPaused as again:
                assert again.wait <= accounts.LONGEST_WAIT
        assert (
            sign_in(connection, "eier", PASSWORD, now=much_later + timedelta(hours=1)) is not None
        )
        # a right password starts the count afresh
        assert (
            sign_in(connection, "eier", "feil-passord-nå", now=much_later + timedelta(hours=1))
            is None
        )


def test_only_a_few_password_checks_run_at_once(
    owner: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    running, most = [0], [0]
    lock = threading.Lock()

    class Watched(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            try:
                return super().verify(hash, password)
            finally:
                with lock:
                    running[0] -= 1

    monkeypatch.setattr(accounts, "_hasher", Watched())
    start = threading.Barrier(24)

    def attempt(number: int) -> None:
        start.wait()
        with owner.state.services.connect() as connection:
            sign_in(connection, f"ukjent-{number}", "feil-passord-nå")  # unknown names check too

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= most[0] <= accounts.CHECKS_AT_ONCE
