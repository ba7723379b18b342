"""What every results function reads figures with, as one object: the database, the
questionnaires, the kept sums, the smallest group shown (k), today's date (is a round still
open?) and the filters chosen. Dashboards, reports, exports and the command line build one and
hand it on, so all of them count and hide alike."""

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from threading import Lock

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from app.questionnaires.catalog import Catalog
from app.results.lattice import FILTERS
from app.results.scoring import Sums
from app.results.sums import Filters, ThemeKey, basis_of, theme_sums
from app.rounds.rounds import rounds_table, status
from app.storage.tables import KeptThemeSums, Round

kept_table = KeptThemeSums.__table__  # type: ignore[attr-defined]


def analysed_rounds(connection: Connection) -> list[Round]:
    """Every round with real answers: the front page's try-out rounds are left out."""
    rows = connection.execute(
        select(rounds_table)
        .where(rounds_table.c.demo.is_(False))
        .order_by(rounds_table.c.period, rounds_table.c.municipality_name)
    ).all()
    connection.rollback()
    return [Round.model_validate(row._mapping) for row in rows]


OPEN_ROUND_SECONDS = 300


class ThemeSumsCache:
    """Sums per round and filter. A closed round takes no more answers, so its sums are
    counted once and kept: in memory, and in the database for other processes and restarts.
    An open round is counted again when its sums are older than `open_for` seconds (a
    national round takes seconds to count; analysts looking at it need not wait each time)."""

    def __init__(self, catalog: Catalog, open_for: float = OPEN_ROUND_SECONDS) -> None:
        self.catalog = catalog
        self.open_for = open_for
        self._kept: dict[tuple[int, str], dict[ThemeKey, Sums]] = {}
        self._recent: dict[tuple[int, str], tuple[float, dict[ThemeKey, Sums]]] = {}
        self._lock = Lock()

    def sums(
        self, connection: Connection, rounds: Sequence[Round], filters: Filters, today: date
    ) -> dict[ThemeKey, Sums]:
        basis = basis_of(self.catalog, filters)
        closed = {r.id or 0 for r in rounds if status(r, today) == "closed"}
        result: dict[ThemeKey, Sums] = {}
        wanted = {r.id or 0 for r in rounds}
        for round_id in list(wanted):
            kept = self._kept.get((round_id, basis)) if round_id in closed else None
            counted_at, recent = self._recent.get((round_id, basis), (0.0, None))
            if kept is None and time.monotonic() - counted_at < self.open_for:
                kept = recent
            if kept is not None:
                result.update(kept)
                wanted.discard(round_id)
        stored = self._stored(connection, wanted & closed, basis)
        wanted -= set(stored)
        fresh = theme_sums(connection, self.catalog, sorted(wanted), filters)
        counted: dict[int, dict[ThemeKey, Sums]] = {round_id: {} for round_id in wanted} | stored
        for key, value in fresh.items():
            counted.setdefault(key[0], {})[key] = value
        newly_closed = {round_id: counted[round_id] for round_id in wanted & closed}
        if newly_closed:
            self._store(connection, newly_closed, basis)
        with self._lock:
            for round_id, by_key in counted.items():
                if round_id in closed:
                    self._kept[(round_id, basis)] = by_key
                else:
                    self._recent[(round_id, basis)] = (time.monotonic(), by_key)
        for by_key in counted.values():
            result.update(by_key)
        return result

    @staticmethod
    def _stored(
        connection: Connection, round_ids: set[int], basis: str
    ) -> dict[int, dict[ThemeKey, Sums]]:
        if not round_ids:
            return {}
        rows = connection.execute(
            select(kept_table).where(
                kept_table.c.round_id.in_(round_ids), kept_table.c.basis == basis
            )
        ).all()
        connection.rollback()
        stored: dict[int, dict[ThemeKey, Sums]] = {}
        for row in rows:
            by_key = stored.setdefault(row.round_id, {})
            if row.audience:
                by_key[(row.round_id, row.audience, row.theme, row.part)] = Sums(
                    row.n, row.total, row.squares
                )
        return stored

    @staticmethod
    def _store(
        connection: Connection, counted: dict[int, dict[ThemeKey, Sums]], basis: str
    ) -> None:
        rows = [
            {"round_id": round_id, "basis": basis, "audience": "", "theme": "", "part": ""}
            | {"n": 0, "total": 0.0, "squares": 0.0}
            for round_id in counted
        ] + [
            {
                "round_id": round_id,
                "basis": basis,
                "audience": audience,
                "theme": theme,
                "part": part,
                "n": value.n,
                "total": value.total,
                "squares": value.squares,
            }
            for by_key in counted.values()
            for (round_id, audience, theme, part), value in by_key.items()
        ]
        try:
            connection.execute(insert(kept_table), rows)
            connection.commit()
        except IntegrityError:  # another process kept them a moment ago
            connection.rollback()


@dataclass(frozen=True)
class ResultsContext:
    connection: Connection
    catalog: Catalog
    sums: ThemeSumsCache
    k: int  # the smallest group a figure may stand for
    today: date
    filters: Filters = field(default_factory=Filters)  # every answer counts

    def filtered(self, filters: Filters) -> "ResultsContext":
        return replace(self, filters=filters)

    def rounds(self) -> list[Round]:
        return analysed_rounds(self.connection)

    def open_rounds(self, rounds: Sequence[Round]) -> frozenset[int]:
        """Rounds still open today: they show who has answered, never scores (a refresh where
        n rises by one would give the newest person away)."""
        return frozenset(r.id or 0 for r in rounds if status(r, self.today) != "closed")

    def theme_sums(self, rounds: Sequence[Round]) -> dict[Filters, dict[ThemeKey, Sums]]:
        """The sums of the closed rounds among `rounds`, under every filter a user can choose:
        which figures may be shown is decided for all of them together."""
        still_open = self.open_rounds(rounds)
        closed = [r for r in rounds if (r.id or 0) not in still_open]
        return {f: self.sums.sums(self.connection, closed, f, self.today) for f in FILTERS}
