"""Accounts and signing in, the way an analyst or owner does it."""

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.accounts import add_account

PASSWORD = "korrekt-hest-batteri-stift"


def add_user(app: FastAPI, username: str, role: str, *municipalities: str) -> None:
    """An account that sees the given municipalities in full; all of them when none given."""
    with app.state.services.connect() as connection:
        add_account(connection, username, PASSWORD, role, municipalities, not municipalities)


def form_token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> int:
    page = client.get("/logg-inn")
    answer = client.post(
        "/logg-inn",
        data={"username": username, "password": password, "csrf": form_token(page.text)},
        follow_redirects=False,
    )
    status: int = answer.status_code
    return status


def as_owner(app: FastAPI, client: TestClient, username: str = "eier") -> TestClient:
    """The client signed in as a new owner (the studio's and the preview's user)."""
    add_user(app, username, "owner")
    sign_in(client, username)
    return client
