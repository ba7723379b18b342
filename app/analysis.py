"""What analysts see: theme scores per municipality and period, residents beside relatives,
each municipality beside all, trends over periods, and answers to each question.

Every figure passes through app/suppression.py before it leaves this module, so dashboards,
reports, the command line and aggregate exports hide exactly the same things.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from threading import Lock

from sqlalchemy import Connection, select

from app.aggregates import Filters, ThemeKey, theme_sums
from app.catalog import Catalog
from app.models import AskedQuestion, Round
from app.rounds import Audience, rounds_table, status
from app.scoring import Sums, score_of
from app.suppression import Shown, shown, shown_beside_total

AUDIENCES: tuple[Audience, ...] = ("resident", "relative")
ALL = "alle"  # the group "all municipalities" in a period
asked_table = AskedQuestion.__table__  # type: ignore[attr-defined]


def analysed_rounds(connection: Connection) -> list[Round]:
    """Every round with real answers: the front page's try-out rounds are left out."""
    rows = connection.execute(
        select(rounds_table)
        .where(rounds_table.c.demo.is_(False))
        .order_by(rounds_table.c.period, rounds_table.c.municipality_name)
    ).all()
    connection.rollback()
    return [Round.model_validate(row._mapping) for row in rows]


class ThemeSumsCache:
    """Sums per round and filter. A closed round takes no more answers, so its sums are kept."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._kept: dict[tuple[int, Filters], dict[ThemeKey, Sums]] = {}
        self._lock = Lock()

    def sums(
        self, connection: Connection, rounds: Sequence[Round], filters: Filters, today: date
    ) -> dict[ThemeKey, Sums]:
        result: dict[ThemeKey, Sums] = {}
        missing = []
        for survey_round in rounds:
            kept = self._kept.get((survey_round.id or 0, filters))
            if kept is None:
                missing.append(survey_round)
            else:
                result.update(kept)
        fresh = theme_sums(connection, self.catalog, [r.id or 0 for r in missing], filters)
        result.update(fresh)
        with self._lock:
            for survey_round in missing:
                if status(survey_round, today) == "closed":
                    self._kept[(survey_round.id or 0, filters)] = {
                        key: value for key, value in fresh.items() if key[0] == survey_round.id
                    }
        return result


FigureKey = tuple[str, Audience, str]  # municipality number or ALL, audience, theme


@dataclass(frozen=True)
class PeriodFigures:
    """Every figure of one period, with suppression applied across all its municipalities."""

    period: str
    rounds: list[Round]
    figures: dict[FigureKey, Shown]

    def figure(self, group: str, audience: Audience, theme: str) -> Shown:
        return self.figures.get((group, audience, theme), Shown(None, "ingen runde"))


def period_figures(
    period: str,
    rounds: Sequence[Round],
    sums: dict[ThemeKey, Sums],
    themes: Sequence[str],
    filters: Filters,
    k: int,
) -> PeriodFigures:
    figures: dict[FigureKey, Shown] = {}
    in_period = [r for r in rounds if r.period == period]
    for audience in AUDIENCES:
        for theme in themes:
            groups: dict[str, Shown] = {}
            chosen_all, rest_all = Sums(), Sums()
            for survey_round in in_period:
                chosen = sums.get((survey_round.id or 0, audience, theme, "chosen"), Sums())
                rest = sums.get((survey_round.id or 0, audience, theme, "rest"), Sums())
                chosen_all, rest_all = chosen_all + chosen, rest_all + rest
                groups[survey_round.municipality_number] = shown(
                    score_of(chosen), k, rest.n if filters.active else 0
                )
            for number, figure in shown_beside_total(groups, k).items():
                figures[(number, audience, theme)] = figure
            figures[(ALL, audience, theme)] = shown(
                score_of(chosen_all), k, rest_all.n if filters.active else 0
            )
    return PeriodFigures(period, in_period, figures)


@dataclass(frozen=True)
class WordingChange:
    question_id: str
    before: str
    now: str


def wording_changes(
    connection: Connection, earlier: Round, later: Round
) -> dict[str, list[WordingChange]]:
    """Per theme, the questions asked in other words (or added, or dropped) since `earlier`."""
    rows = connection.execute(
        select(
            asked_table.c.round_id,
            asked_table.c.question_id,
            asked_table.c.theme,
            asked_table.c.text,
        ).where(asked_table.c.round_id.in_([earlier.id, later.id]))
    ).all()
    connection.rollback()
    before = {(r[1], r[2]): r[3] for r in rows if r[0] == earlier.id}
    now = {(r[1], r[2]): r[3] for r in rows if r[0] == later.id}
    changes: dict[str, list[WordingChange]] = defaultdict(list)
    for question_id, theme in sorted(set(before) | set(now), key=lambda key: key[0]):
        old, new = before.get((question_id, theme), ""), now.get((question_id, theme), "")
        if theme is not None and old != new:
            changes[theme].append(WordingChange(question_id, old, new))
    return dict(changes)


@dataclass(frozen=True)
class TrendPoint:
    period: str
    residents: Shown
    relatives: Shown
    changes: list[WordingChange] = field(default_factory=list)


def trend(
    connection: Connection,
    municipality: str,
    theme: str,
    rounds: Sequence[Round],
    by_period: dict[str, PeriodFigures],
) -> list[TrendPoint]:
    """A municipality's figures in a theme, period by period, with changed wording marked."""
    own = sorted((r for r in rounds if r.municipality_number == municipality), key=_period_key)
    points = []
    for index, survey_round in enumerate(own):
        figures = by_period[survey_round.period]
        changes = (
            wording_changes(connection, own[index - 1], survey_round).get(theme, [])
            if index
            else []
        )
        points.append(
            TrendPoint(
                survey_round.period,
                figures.figure(municipality, "resident", theme),
                figures.figure(municipality, "relative", theme),
                changes,
            )
        )
    return points


def _period_key(survey_round: Round) -> str:
    return survey_round.period
