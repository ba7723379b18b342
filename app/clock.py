"""The survey's day: rounds open and close by the date in the municipalities' time zone
(`MINSTEMME_TIME_ZONE`, Europe/Oslo), whatever zone the server runs in. Under UTC (a container's
default) the server's own date would close a round at 01:00 or 02:00 Norwegian time.

Every "today" in the product comes from here; instants (when an answer was saved) are kept in
UTC as before."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from app.config import get_settings


def now() -> datetime:
    """This instant, in UTC (one place, so tests can move the clock)."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date where the survey's municipalities are."""
    return now().astimezone(ZoneInfo(get_settings().time_zone)).date()


def day_of(instant: datetime) -> date:
    """The date an instant fell on where the municipalities are (a time without a zone is
    UTC, as the database keeps it)."""
    utc = instant if instant.tzinfo else instant.replace(tzinfo=UTC)
    return utc.astimezone(ZoneInfo(get_settings().time_zone)).date()
