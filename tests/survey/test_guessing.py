"""Counting wrong codes: per client within a quarter of an hour, everyone within a minute,
and no client's address kept as it is."""

from app.survey.guessing import GuessLimit


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_client_may_try_again_when_the_window_has_passed() -> None:
    clock = Clock()
    limit = GuessLimit(clock)
    for _ in range(GuessLimit.PER_CLIENT):
        assert limit.allowed("203.0.113.7")
        limit.failed("203.0.113.7")
    assert not limit.allowed("203.0.113.7")
    assert limit.allowed("198.51.100.4")
    clock.now += GuessLimit.CLIENT_WINDOW + 1
    assert limit.allowed("203.0.113.7")


def test_everyone_together_is_limited_for_a_minute() -> None:
    clock = Clock()
    limit = GuessLimit(clock)
    limit.overall = 3
    for number in range(3):
        limit.failed(f"192.0.2.{number}")
    assert not limit.allowed("192.0.2.200")
    clock.now += GuessLimit.OVERALL_WINDOW + 1
    assert limit.allowed("192.0.2.200")


def test_the_address_is_not_kept_as_it_is() -> None:
    limit = GuessLimit(Clock())
    limit.failed("203.0.113.7")
    assert "203.0.113.7" not in repr(vars(limit))
    assert b"203.0.113.7" not in b"".join(vars(limit)["_by_client"])
