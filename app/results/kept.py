"""Sums of closed rounds, counted once and kept.

A closed round takes no more answers, so its sums under every filter are counted once (one pass
over its answers, app/results/sums.py) and kept: in memory, and in the database for other
processes and restarts. Open rounds are never counted: they show participation only.

Counting a national period takes minutes, so no analyst should be the first to look: the server
counts every closed round that has no kept sums when it starts, once an hour after that (rounds
close at midnight by their date), and right after an owner closes a round.

Sums kept by a version before exact sums (no `exact_total`) are counted again and replaced,
unless the round's answers are deleted: then their floating-point totals are all there is.
"""

import logging
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from fractions import Fraction
from threading import Event, Lock, Thread
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from app.clock import today
from app.questionnaires.catalog import Catalog
from app.results.reopened import show_every_response
from app.results.scoring import Sums
from app.results.sums import FILTERS, Filters, Holding, ThemeKey, basis_of, holding, theme_sums
from app.rounds.rounds import analysed_rounds, status
from app.storage.database import one_process_at_a_time
from app.storage.tables import Round, kept_table

log = logging.getLogger(__name__)

ByFilter = dict[Filters, dict[ThemeKey, Sums]]
T = TypeVar("T")
COUNT_EVERY_SECONDS = 3600


class ThemeSumsCache:
    def __init__(self, catalog: Catalog, k: int) -> None:
        self.catalog, self.k = catalog, k  # k: a reopened round shows new answers from k on
        self.bases = {f: basis_of(catalog, f) for f in FILTERS}
        # By round and the responses it holds (which a reopening changes).
        self._kept: dict[Holding, ByFilter] = {}
        self._weighed: set[Holding] = set()  # reopened rounds weighed for every response
        # A page asking for a round the background is counting waits for that count instead
        # of doing it again.
        self._counting = Lock()
        self._decided: dict[Hashable, Any] = {}

    def sums(self, connection: Connection, rounds: Sequence[Round], today: date) -> ByFilter:
        """The sums of the closed rounds among `rounds`, under every filter."""
        closed = [r for r in rounds if status(r, today) == "closed"]
        missing = [r for r in closed if holding(r) not in self._kept]
        if missing:
            # One count at a time in this process, and among every process on the database:
            # the others wait, then read what was counted (_fill looks for kept sums first).
            with self._counting, one_process_at_a_time(connection, "counting"):
                self._fill(connection, [r for r in missing if holding(r) not in self._kept])
        result: ByFilter = {f: {} for f in FILTERS}
        for survey_round in closed:
            for f, by_key in self._kept[holding(survey_round)].items():
                result[f].update(by_key)
        return result

    def rounds(self, connection: Connection, today: date) -> list[Round]:
        """Every round with real answers (`analysed_rounds`), each closed round that was opened
        again first weighed for showing every response."""
        rounds = analysed_rounds(connection)
        if self._weigh_reopened(connection, rounds, today):
            rounds = analysed_rounds(connection)  # a round now holds every response
        return rounds

    def _weigh_reopened(self, connection: Connection, rounds: Sequence[Round], today: date) -> bool:
        """Let each closed round among `rounds` that was opened again show every response once
        that is safe (app/results/reopened.py); True when one now does."""
        changed = False
        for survey_round in rounds:
            key = holding(survey_round)
            if survey_round.counts_before is None or key in self._weighed:
                continue
            if survey_round.answers_deleted_at is not None:  # its kept sums stand for good
                continue
            if status(survey_round, today) == "closed":
                changed |= show_every_response(connection, self.catalog, survey_round, self.k)
                self._weighed.add(key)
        return changed

    def decided(self, key: Hashable, decide: Callable[[], T]) -> T:
        """A decision that rests on closed rounds' sums only (which figures of a period are
        shown), made once: those sums never change. `key` names everything else it rests on."""
        if key not in self._decided:
            self._decided[key] = decide()
        result: T = self._decided[key]
        return result

    @property
    def decisions(self) -> int:
        """How many decisions are made and kept."""
        return len(self._decided)

    def count_closed(self, connection: Connection, today: date) -> int:
        """Count every closed round whose sums are not kept yet; returns how many there are."""
        closed = [r for r in self.rounds(connection, today) if status(r, today) == "closed"]
        self.sums(connection, closed, today)
        return len(closed)

    def _fill(self, connection: Connection, rounds: Sequence[Round]) -> None:
        if not rounds:
            return
        by_id = {r.id: r for r in rounds}
        # A round whose answers are deleted is never counted again: what was kept is all it has.
        gone = {r.id for r in rounds if r.answers_deleted_at is not None}
        stored, marked, inexact = self._stored(connection, set(by_id), gone)
        missing = [r for r in rounds if r.id not in stored and r.id not in gone]
        fresh: dict[int, ByFilter] = {r.id: {f: {} for f in FILTERS} for r in missing}
        for f, by_key in theme_sums(connection, self.catalog, missing).items():
            for key, value in by_key.items():
                fresh[key[0]][f][key] = value
        if fresh:
            self._store(connection, fresh, marked - inexact, inexact)
        nothing: dict[int, ByFilter] = {r: {f: {} for f in FILTERS} for r in gone - set(stored)}
        self._kept.update({holding(by_id[r]): v for r, v in (stored | fresh | nothing).items()})

    def _stored(
        self, connection: Connection, round_ids: set[int], gone: set[int]
    ) -> tuple[dict[int, ByFilter], set[tuple[int, str]], set[tuple[int, str]]]:
        """The rounds kept under every filter (those in `gone`, whose answers are deleted, under
        what filters were kept), which (round, basis) are kept at all (an older version may
        have kept some filters only), and which of those were kept without exact totals (to be
        counted again, but for rounds in `gone`)."""
        by_basis = {basis: f for f, basis in self.bases.items()}
        rows = connection.execute(
            select(kept_table).where(
                kept_table.c.round_id.in_(round_ids), kept_table.c.basis.in_(by_basis)
            )
        ).all()
        connection.rollback()
        marked = {(row.round_id, row.basis) for row in rows if not row.audience}
        inexact = {
            (row.round_id, row.basis)
            for row in rows
            if row.audience and row.exact_total is None and row.round_id not in gone
        }
        stored: dict[int, ByFilter] = {}
        for row in rows:
            by_filter = stored.setdefault(row.round_id, {f: {} for f in FILTERS})
            if row.audience:
                key = (row.round_id, row.audience, row.theme, row.part)
                total = row.total if row.exact_total is None else Fraction(row.exact_total)
                by_filter[by_basis[row.basis]][key] = Sums(row.n, total, row.squares)
        complete = {
            r
            for r in stored
            if r in gone or all((r, b) in marked and (r, b) not in inexact for b in by_basis)
        }
        return {r: v for r, v in stored.items() if r in complete}, marked, inexact

    def _store(
        self,
        connection: Connection,
        counted: dict[int, ByFilter],
        marked: set[tuple[int, str]],
        replaced: set[tuple[int, str]],
    ) -> None:
        """Keep what was counted, but where a (round, basis) is kept already (`marked`); what
        is kept without exact totals (`replaced`) goes first."""
        for round_id, basis in replaced:
            connection.execute(
                delete(kept_table).where(
                    kept_table.c.round_id == round_id, kept_table.c.basis == basis
                )
            )
        rows = []
        for round_id, by_filter in counted.items():
            for f, by_key in by_filter.items():
                basis = self.bases[f]
                if (round_id, basis) in marked:
                    continue
                rows.append(_row(round_id, basis, ("", "", ""), Sums()))  # counted, if empty
                rows += [
                    _row(round_id, basis, (audience, theme, part), value)
                    for (_, audience, theme, part), value in by_key.items()
                ]
        try:
            if rows:
                connection.execute(insert(kept_table), rows)
                connection.commit()
        except IntegrityError:  # another process kept them a moment ago
            connection.rollback()


def _row(round_id: int, basis: str, where: tuple[str, str, str], value: Sums) -> dict[str, object]:
    audience, theme, part = where
    return {
        "round_id": round_id,
        "basis": basis,
        "audience": audience,
        "theme": theme,
        "part": part,
        "n": value.n,
        "total": float(value.total),
        "squares": value.squares,
        "exact_total": str(value.total) if isinstance(value.total, Fraction) else None,
    }


AfterCounting = Callable[[Connection], None]


def count_closed_rounds(
    engine: Engine, cache: ThemeSumsCache, then: AfterCounting | None = None
) -> None:
    """Count what closed rounds have not been counted, then do `then` (decide what to show);
    a database that is down is tried again next time (and logged without any figure or
    answer)."""
    try:
        with engine.connect() as connection:
            cache.count_closed(connection, today())
            if then is not None:
                then(connection)
    except SQLAlchemyError as problem:
        log.warning(
            "Closed rounds not counted now (%s); trying again later.", type(problem).__name__
        )


class Counting:
    """Counts closed rounds in a thread of its own (and then does `then`): at once, then every
    `every` seconds, and whenever `now()` is called, until `stop()`."""

    def __init__(
        self,
        engine: Engine,
        cache: ThemeSumsCache,
        then: AfterCounting | None = None,
        every: float = COUNT_EVERY_SECONDS,
    ) -> None:
        self.engine, self.cache, self.then, self.every = engine, cache, then, every
        self._wake, self._stopping = Event(), False
        self._thread: Thread | None = None
        self.counted_once = Event()  # set when the first pass after start() is over

    def start(self) -> None:
        self._stopping = False
        self.counted_once.clear()
        self._thread = Thread(target=self._run, name="counting", daemon=True)
        self._thread.start()

    def now(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)  # a national count in progress is left to the process end

    def _run(self) -> None:
        while not self._stopping:
            try:
                count_closed_rounds(self.engine, self.cache, self.then)
            except Exception as problem:  # a fault must not end counting for the server's life
                log.error("Counting failed (%s); trying again later.", type(problem).__name__)
            self.counted_once.set()
            self._wake.wait(self.every)
            self._wake.clear()
