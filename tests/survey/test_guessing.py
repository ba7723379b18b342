"""Counting wrong codes in the database: a client waits after ten, longer for each, never more
than two minutes; nobody is locked out by somebody else; every server on one database shares
the count; no client's address is kept as it is, nor longer than it counts."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select

from app.config import Settings
from app.storage.database import make_engine
from app.storage.tables import guesses_table
from app.survey.guessing import GuessLimit, client_group


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def engine(any_database_settings: Settings) -> Iterator[Engine]:
    engine = make_engine(any_database_settings)
    yield engine
    engine.dispose()


def limit_on(engine: Engine, clock: Clock) -> GuessLimit:
    return GuessLimit(engine, b"k" * 32, clock)


def test_a_client_waits_after_ten_wrong_codes_longer_each_time(engine: Engine) -> None:
    clock = Clock()
    limit = limit_on(engine, clock)
    for _ in range(GuessLimit.FREE):
        assert limit.wait("203.0.113.7") == 0
        limit.failed("203.0.113.7")
    waits = []
    for _ in range(5):
        waits.append(limit.wait("203.0.113.7"))
        clock.now += waits[-1]
        assert limit.wait("203.0.113.7") == 0
        limit.failed("203.0.113.7")
    assert waits == [15, 30, 60, 120, 120]  # never more than two minutes a try
    assert limit.wait("198.51.100.4") == 0  # another client is not slowed
    clock.now += GuessLimit.WINDOW + 1
    assert limit.wait("203.0.113.7") == 0


def test_when_everyone_guesses_a_client_waits_from_its_first_wrong_code(engine: Engine) -> None:
    """Someone with many addresses: each of them waits after one wrong code, and a person who
    types the right code at once is not held up at all."""
    clock = Clock()
    limit = limit_on(engine, clock)
    for number in range(GuessLimit.BUSY):
        limit.failed(f"10.0.{number // 250}.{number % 250}")
    assert limit.wait("10.0.0.1") == 15
    assert limit.wait("192.0.2.200") == 0  # nobody is locked out
    limit.failed("192.0.2.200")
    assert limit.wait("192.0.2.200") == 15  # a mistyped code waits a little
    clock.now += GuessLimit.BUSY_WINDOW + 1
    assert limit.wait("192.0.2.200") == 0  # the rush is over: ten again


def test_two_servers_on_one_database_share_the_count(engine: Engine) -> None:
    """Two workers (or servers) each kept their own count: twice the tries."""
    clock = Clock()
    first, second = limit_on(engine, clock), limit_on(engine, clock)
    for number in range(GuessLimit.FREE):
        (first if number % 2 else second).failed("203.0.113.7")
    assert first.wait("203.0.113.7") == second.wait("203.0.113.7") == 15


def test_an_ipv6_network_counts_as_one_client(engine: Engine) -> None:
    """A home or a phone gets a whole /64: a new address for each guess is the same client."""
    limit = limit_on(engine, Clock())
    for number in range(GuessLimit.FREE):
        limit.failed(f"2001:db8:1:2::{number + 1:x}")
    assert limit.wait("2001:db8:1:2:ffff::9") == 15
    assert limit.wait("2001:db8:1:3::1") == 0
    assert client_group("::ffff:203.0.113.7") == "203.0.113.7"


def test_the_address_is_kept_only_as_a_keyed_digest_and_only_while_it_counts(
    engine: Engine,
) -> None:
    clock = Clock()
    limit = limit_on(engine, clock)
    limit.failed("203.0.113.7")
    with engine.connect() as connection:
        kept = connection.execute(select(guesses_table.c.client)).scalars().all()
    assert len(kept) == 1 and "203.0.113" not in kept[0]
    assert kept[0] != limit_on(engine, clock)._client("198.51.100.4")
    clock.now += GuessLimit.WINDOW + 1
    limit.failed("198.51.100.4")
    with engine.connect() as connection:
        assert len(connection.execute(select(guesses_table.c.client)).all()) == 1
