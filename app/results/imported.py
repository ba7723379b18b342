"""Figures other installations published (app/results/published.py), kept with where they
came from and when (`ImportedFigure`), and «Landet»: this installation's municipalities and every
other one imported, each once.

«Landet» (`nation`) adds up the municipalities shown here («Alle kommuner») and every other
municipality imported (a municipality here is taken from here; one imported from two places
from the newest import). An imported figure counts as n people at its shown score, with the
spread its interval gives back (Student's t with n − 1 degrees): «Landet» is made of shown
figures only, rounded as shown, and only with no filter (other installations publish none).
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import Connection, delete, func, insert, select

from app.results.scoring import Sums, score_of, t95
from app.results.suppression import Shown
from app.rounds.rounds import Audience
from app.storage.tables import ImportedFigure, imported_table

NATION = "landet"  # the key of «Landet» among the groups compared
NATION_NAME = "Landet"
ONLY_UNFILTERED = "bare uten filter"  # others publish no filtered figure (the page says so)


@dataclass(frozen=True)
class PublishedFigure:
    """One municipality's shown figure, as another installation published it."""

    period: str
    municipality_number: str
    municipality_name: str
    audience: Audience
    theme: str
    score: float
    low: float | None
    high: float | None
    n: int


def store_imported(
    connection: Connection, source: str, figures: Sequence[PublishedFigure], when: datetime
) -> int:
    """Keep the figures from `source` in place of what came from there before."""
    connection.execute(delete(imported_table).where(imported_table.c.source == source))
    if figures:
        connection.execute(
            insert(imported_table),
            [
                {
                    "source": source,
                    "period": f.period,
                    "municipality_number": f.municipality_number,
                    "municipality_name": f.municipality_name,
                    "audience": f.audience,
                    "theme": f.theme,
                    "score": f.score,
                    "low": f.low,
                    "high": f.high,
                    "n": f.n,
                    "fetched_at": when,
                }
                for f in figures
            ],
        )
    connection.commit()
    return len(figures)


@dataclass(frozen=True)
class Source:
    source: str
    fetched_at: datetime
    figures: int


def sources(connection: Connection, period: str | None = None) -> list[Source]:
    """Where imported figures came from (of one period, if given), newest first."""
    statement = select(
        imported_table.c.source, func.max(imported_table.c.fetched_at), func.count()
    ).group_by(imported_table.c.source)
    if period is not None:
        statement = statement.where(imported_table.c.period == period)
    found = [Source(*row) for row in connection.execute(statement)]
    connection.rollback()
    return sorted(found, key=lambda s: s.fetched_at, reverse=True)


def remove_source(connection: Connection, source: str) -> int:
    gone = connection.execute(delete(imported_table).where(imported_table.c.source == source))
    connection.commit()
    return gone.rowcount or 0


def imported(connection: Connection, period: str) -> list[ImportedFigure]:
    """The period's imported figures, each municipality's figure once: from the newest import."""
    rows = connection.execute(
        select(imported_table)
        .where(imported_table.c.period == period)
        .order_by(imported_table.c.fetched_at.desc())
    ).all()
    connection.rollback()
    seen: set[tuple[str, str, str]] = set()
    found = []
    for row in rows:
        key = (row.municipality_number, row.audience, row.theme)
        if key not in seen:
            seen.add(key)
            found.append(ImportedFigure(**row._mapping))
    return found


def nation(
    here: Mapping[str, Shown],
    others: Sequence[ImportedFigure],
    audience: Audience,
    theme: str,
) -> Shown:
    """«Landet»: the municipalities `here` (each one's figure, as shown here: those shown are
    «Alle kommuner») and the municipalities imported that are not here."""
    shown = [f.sums for f in here.values() if f.score is not None]
    away = [
        f
        for f in others
        if f.audience == audience and f.theme == theme and f.municipality_number not in here
    ]
    parts = shown + [imported_sums(f) for f in away]
    if not parts:
        return Shown(None, "ingen kommune med nok svar")
    total = sum(parts, Sums())
    note = f"{len(parts)} kommuner"  # where from: said under the heading
    return Shown(score_of(total), n=total.n, note=note)


def imported_sums(figure: ImportedFigure) -> Sums:
    """What an imported figure adds to a sum of municipalities: n people at the shown score,
    spread as the interval says (t with n − 1 degrees)."""
    n = figure.n
    total = Fraction(Decimal(repr(figure.score))) * n
    spread = 0.0
    if figure.low is not None and figure.high is not None and n > 1:
        margin = max(figure.high - figure.score, figure.score - figure.low)  # one side clipped
        spread = margin * math.sqrt(n) / t95(n - 1)
    mean = float(total) / n
    return Sums(n, total, (n - 1) * spread**2 + n * mean * mean)
