"""The logbook: what owners and analysts did that others may need to account for, by whom and
when: publishing questionnaires, downloading microdata or comments, making, closing and opening
rounds again, deleting an answer or a round's answers, ending every sign-in. Owners read it
under «Logg» (for the municipalities they see, and what belongs to none); the command line
writes as its user. It never holds a respondent, an answer or a code."""

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select

from app.storage.tables import Round, logbook_table, publications_table, utcnow

SHOWN = 500  # the newest entries a page shows


def command_line() -> str:
    """Who did it, when it was done on the command line: its user on the server."""
    try:
        return f"kommandolinjen ({getpass.getuser()})"
    except (KeyError, OSError):  # a user the system has no name for
        return "kommandolinjen"


@dataclass(frozen=True)
class Entry:
    at: datetime
    who: str
    municipality: str
    what: str


def note(
    connection: Connection, who: str, what: str, municipality: str = "", *, commit: bool = True
) -> None:
    """Write what `who` did (in words) into the logbook."""
    connection.execute(
        insert(logbook_table).values(
            at=utcnow(), who=who[:100], municipality=municipality, what=what[:500]
        )
    )
    if commit:
        connection.commit()


def note_round(connection: Connection, who: str, survey_round: Round, what: str) -> None:
    """What `who` did with a round: «Avsluttet runde 4 (Lillevik 2026)»."""
    held = f"runde {survey_round.id} ({survey_round.municipality_name} {survey_round.period})"
    note(connection, who, f"{what} {held}", survey_round.municipality_number)


def entries(connection: Connection, municipalities: frozenset[str] | None) -> list[Entry]:
    """The newest entries first: those of `municipalities` (None: of every one) and those of
    none; with every publication, which is kept whole on its own (app/studio/publications.py)."""
    query = select(logbook_table).order_by(logbook_table.c.at.desc(), logbook_table.c.id.desc())
    if municipalities is not None:
        query = query.where(logbook_table.c.municipality.in_({"", *municipalities}))
    rows = connection.execute(query.limit(SHOWN)).all()
    published = connection.execute(
        select(
            publications_table.c.published_at,
            publications_table.c.by_whom,
            publications_table.c.summary,
        )
        .order_by(publications_table.c.published_at.desc())
        .limit(SHOWN)
    ).all()
    connection.rollback()
    shown = [Entry(_utc(row.at), row.who, row.municipality, row.what) for row in rows] + [
        Entry(_utc(at), by_whom or "serveren", "", f"Publiserte: {summary}")
        for at, by_whom, summary in published
    ]
    return sorted(shown, key=lambda entry: entry.at, reverse=True)[:SHOWN]


def _utc(at: datetime) -> datetime:
    """SQLite gives the time back without its zone: it was stored in UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)
