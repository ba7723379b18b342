"""Rounds live in Norway's day (MINSTEMME_TIME_ZONE), whatever zone the server runs in: under
UTC, a container's default, the server's own date closed a round at 01:00 or 02:00 Norwegian
time and opened one an hour or two late."""

import ast
import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from app import PROJECT_ROOT, clock
from app.config import Settings
from app.questionnaires.catalog import Catalog
from app.rounds.rounds import create_round

ZONES = ["UTC", "America/Los_Angeles", "Asia/Tokyo", "Europe/Oslo"]
LAST_DAY = date(2026, 4, 30)  # summer time in Norway: UTC+2


@pytest.fixture(params=ZONES)
def server_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The server process runs in this zone (TZ), as a container or a laptop may."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def at(monkeypatch: pytest.MonkeyPatch, instant: datetime) -> None:
    monkeypatch.setattr(clock, "now", lambda: instant)


def test_today_is_norways_date_in_every_server_zone(
    server_zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at(monkeypatch, datetime(2026, 4, 30, 22, 30, tzinfo=UTC))  # 00:30 on 1 May in Oslo
    assert clock.today() == date(2026, 5, 1), server_zone
    at(monkeypatch, datetime(2026, 4, 30, 21, 30, tzinfo=UTC))  # 23:30 on 30 April in Oslo
    assert clock.today() == date(2026, 4, 30), server_zone
    at(monkeypatch, datetime(2026, 12, 31, 23, 30, tzinfo=UTC))  # winter: 00:30 on 1 January
    assert clock.today() == date(2027, 1, 1), server_zone


def test_a_round_takes_answers_through_its_last_day_in_norway_and_not_after(
    server_zone: str, monkeypatch: pytest.MonkeyPatch, app: FastAPI, catalog: Catalog
) -> None:
    with app.state.services.connect() as connection:
        survey_round = create_round(
            connection,
            catalog,
            municipality_name="Lillevik",
            municipality_number="9931",
            period="2026",
            opens_on=date(2026, 3, 1),
            closes_on=LAST_DAY,
        )
    link = f"/r/{survey_round.relative_token}"
    with TestClient(app) as client:
        at(monkeypatch, datetime(2026, 4, 30, 21, 30, tzinfo=UTC))  # 23:30 in Oslo
        assert "Undersøkelsen er avsluttet" not in client.get(link).text, server_zone
        at(monkeypatch, datetime(2026, 4, 30, 22, 30, tzinfo=UTC))  # 00:30 in Oslo
        assert "Undersøkelsen er avsluttet" in client.get(link).text, server_zone


def test_the_time_zone_is_a_setting_and_a_wrong_one_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(clock, "get_settings", lambda: Settings(time_zone="Asia/Tokyo"))
    at(monkeypatch, datetime(2026, 4, 30, 16, 30, tzinfo=UTC))  # 01:30 on 1 May in Tokyo
    assert clock.today() == date(2026, 5, 1)
    with pytest.raises(ValidationError, match="MINSTEMME_TIME_ZONE: «Norge/Bergen» is not"):
        Settings(time_zone="Norge/Bergen")


def test_no_date_in_the_product_comes_from_the_servers_own_zone() -> None:
    """`date.today()` and a `datetime.now()` without a zone read the server's zone: every
    "today" comes from app/clock.py, in the tests too (a test that asked the server's zone
    failed between midnight in Oslo and midnight UTC: «Skrevet ut 7. desember» on the 8th)."""
    found = []
    here = Path(__file__).resolve()
    for path in sorted(
        [*(PROJECT_ROOT / "app").rglob("*.py"), *(PROJECT_ROOT / "tests").rglob("*.py")]
    ):
        if path.resolve() == here:  # this module sets the server's zone on purpose
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            called = node.func
            owner = called.value.id if isinstance(called.value, ast.Name) else ""
            if (owner, called.attr) == ("date", "today") or (
                (owner, called.attr) == ("datetime", "now") and not node.args
            ):
                found.append(f"{Path(path).relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert found == []
