"""Signing in cannot be guessed at speed, nor used to lock an owner out: wrong passwords for a
name are counted in the database (shared by every worker, claimed atomically), each one past
five waits twice as long as the last, at most five minutes; and only a few password checks run
at once, however many arrive."""

import contextlib
import io
import threading
from datetime import timedelta
from typing import Literal

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import accounts, urls
from app.accounts import SignInPaused, add_account, sign_in
from app.cli.main import main
from app.config import Settings, get_settings
from app.logbook import entries
from app.storage.tables import utcnow
from app.web.app import create_app
from tests.support import signing_in
from tests.support.signing_in import add_user, form_token

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


def test_a_national_owner_signs_everyone_else_out_after_being_asked(
    app: FastAPI, client: TestClient
) -> None:
    """A password may have been seen, or old sign-ins pile up: a national owner ends every
    other sign-in from «Logg» (asked first, logged) and stays signed in; an owner of one
    municipality cannot (the others include other municipalities' people)."""
    add_user(app, "sjef", "owner")
    add_user(app, "analytiker", "analyst")
    add_user(app, "lokal", "owner", "9963")
    with TestClient(app) as other, TestClient(app) as local:
        signing_in.sign_in(other, "analytiker")
        signing_in.sign_in(local, "lokal")
        signing_in.sign_in(client, "sjef")
        with app.state.services.connect() as connection:  # an old one, expired
            sign_in(connection, "analytiker", signing_in.PASSWORD, utcnow() - timedelta(hours=30))
        assert other.get(urls.RESULTS, follow_redirects=False).status_code == 200
        local_token = form_token(local.get(urls.LOGBOOK).text)
        assert "Logg ut alle andre" not in local.get(urls.LOGBOOK).text
        refused = local.post(urls.SIGN_OUT_EVERYONE, data={"csrf": local_token, "bekreft": "ja"})
        assert refused.status_code == 403
        token = form_token(client.get(urls.LOGBOOK).text)
        asked = client.post(urls.SIGN_OUT_EVERYONE, data={"csrf": token})
        assert "2 andre innlogginger i bruk, 1 utløpt." in asked.text
        assert other.get(urls.RESULTS, follow_redirects=False).status_code == 200  # not yet
        done = client.post(urls.SIGN_OUT_EVERYONE, data={"csrf": token, "bekreft": "ja"})
        assert "Avsluttet 3 innlogginger." in done.text
        assert other.get(urls.RESULTS, follow_redirects=False).status_code == 303
        assert local.get(urls.RESULTS, follow_redirects=False).status_code == 303
        log = client.get(urls.LOGBOOK)
        assert log.status_code == 200 and "Avsluttet alle andre innlogginger (3)" in log.text


def test_the_command_line_signs_everyone_out_after_asking(
    app: FastAPI,
    client: TestClient,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_user(app, "analytiker", "analyst")
    signing_in.sign_in(client, "analytiker")
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO("nei\n"))
        assert main(["user", "signout-all"]) == 1
        said = capsys.readouterr().out
        assert "Innlogginger: 1 i bruk, 0 utløpt." in said and "Ingenting er endret." in said
        assert client.get(urls.RESULTS, follow_redirects=False).status_code == 200
        assert main(["user", "signout-all", "--yes"]) == 0
        assert "Avsluttet 1 innlogginger." in capsys.readouterr().out
    finally:
        get_settings.cache_clear()
    assert client.get(urls.RESULTS, follow_redirects=False).status_code == 303
    with app.state.services.connect() as connection:
        assert any(e.what == "Avsluttet alle innlogginger (1)" for e in entries(connection, None))
