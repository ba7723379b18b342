"""What analysts see: theme scores per municipality and period, residents beside relatives,
each municipality beside all, trends over periods, and answers to each question.

Every figure passes through app/results/suppression.py before it leaves this module, so dashboards,
reports, the command line and aggregate exports hide exactly the same things.
"""

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection

from app.clock import day_of
from app.questionnaires.catalog import Catalog
from app.results.context import ResultsContext
from app.results.headline import Headline, headline
from app.results.imported import (
    NATION,
    NATION_NAME,
    ONLY_UNFILTERED,
    imported,
    imported_sums,
    nation,
    sources,
)
from app.results.lattice import ALL, Cell, shown_cells
from app.results.scoring import Sums, score_of
from app.results.sums import CHOSEN, FILTERS, PARTIAL, Filters, ThemeKey, holding
from app.results.suppression import Shown, hidden
from app.rounds.invited import Participation, participation
from app.rounds.rounds import (
    AUDIENCES,
    NOT_ASKED,
    Audience,
    Compared,
    asked_questions,
    audiences_asked,
    norwegian_date,
    questionnaire_for,
    response_counts,
    standard_questionnaires,
)
from app.storage.tables import ImportedFigure, Round

FigureKey = tuple[str, Audience, str]  # municipality number or ALL, audience, theme


@dataclass(frozen=True)
class PeriodFigures:
    """Every figure of one period, with suppression applied across all its municipalities."""

    period: str
    rounds: list[Round]
    figures: dict[FigureKey, Shown]

    def figure(self, group: str, audience: Audience, theme: str) -> Shown:
        return self.figures.get((group, audience, theme), Shown(None, "ingen runde"))

    def group_figure(self, members: Collection[str], audience: Audience, theme: str) -> Shown:
        """A reference group of municipalities: the sum of its members shown here, as "Alle
        kommuner" is of all (a member hidden under these filters is in neither), so it is made
        of figures anyone sees already."""
        shown = [self.figure(m, audience, theme) for m in members]
        return _all_shown([f.sums for f in shown if f.score is not None], len(members))


STILL_OPEN = "runden er åpen"


def period_figures(
    period: str,
    rounds: Sequence[Round],
    sums: Mapping[Filters, dict[ThemeKey, Sums]],
    themes: Sequence[str],
    filters: Filters,
    k: int,
    still_open: Collection[int],
    compared: Compared,
) -> PeriodFigures:
    """The figures of one period under `filters`. `sums` holds every filter's sums: which
    figures may be shown is decided for all filters together (app/results/lattice.py), so no
    two figures a user can get differ by a small group. `still_open`: rounds shown as open (no
    score), and left out of all municipalities. `compared`: per audience, the questionnaire
    whose figures are shown; a round that asks another, or none, shows why instead, and is in
    no sum: answers to different questions are never added up."""
    figures: dict[FigureKey, Shown] = {}
    in_period = [r for r in rounds if r.period == period]
    closed = [r for r in in_period if r.id not in still_open]
    for survey_round in in_period:
        if survey_round.id in still_open:
            for audience in AUDIENCES:
                for theme in themes:
                    figures[(survey_round.municipality_number, audience, theme)] = Shown(
                        None, STILL_OPEN
                    )
    for audience in AUDIENCES:
        asking = []
        for survey_round in closed:
            asked = questionnaire_for(survey_round, audience)
            if asked == compared[audience]:
                asking.append(survey_round)
                continue
            for theme in themes:
                figures[(survey_round.municipality_number, audience, theme)] = Shown(
                    None, NOT_ASKED_HERE if asked == NOT_ASKED else OTHER_QUESTIONNAIRE
                )
        numbers = [r.municipality_number for r in asking]
        for theme in themes:
            cells: dict[Cell, Sums] = {}
            partial: dict[Cell, int] = {}
            for f in FILTERS:
                by_key = sums.get(f, {})
                for survey_round in asking:
                    cell = (survey_round.municipality_number, f)
                    where = (survey_round.id, audience, theme)
                    cells[cell] = by_key.get((*where, CHOSEN), Sums())
                    partial[cell] = by_key.get((*where, PARTIAL), Sums()).n
            n = {cell: value.n for cell, value in cells.items()}
            visible = shown_cells(numbers, n, k, partial)
            for number in numbers:
                value = cells[(number, filters)]
                figures[(number, audience, theme)] = (
                    Shown(score_of(value), n=value.n, sums=value)
                    if (number, filters) in visible
                    else hidden(value.n, k)
                )
            figures[(ALL, audience, theme)] = _all_shown(
                [cells[(m, filters)] for m in numbers if (m, filters) in visible], len(numbers)
            )
    return PeriodFigures(period, in_period, figures)


NOT_ASKED_HERE = "ikke spurt i runden"
OTHER_QUESTIONNAIRE = "runden spurte med et annet skjema"


def _all_shown(shown: Sequence[Sums], municipalities: int) -> Shown:
    """All municipalities: the sum of those shown (app/results/lattice.py), saying how many
    of the period's municipalities that is when some are left out."""
    if not shown:
        return Shown(None, NONE_SHOWN if municipalities else "ingen svar")
    total = sum(shown, Sums())
    note = f"{len(shown)} av {municipalities} kommuner" if len(shown) < municipalities else ""
    return Shown(score_of(total), n=total.n, note=note, sums=total)


NONE_SHOWN = "ingen kommune med nok svar"


def compared_by(catalog: Catalog, survey_round: Round) -> dict[Audience, str]:
    """A round is compared with the rounds that asked what it asked; an audience it does not
    ask is shown beside the standard questionnaire's figures."""
    standard = standard_questionnaires(catalog)
    return {a: questionnaire_for(survey_round, a) or standard[a] for a in AUDIENCES}


def figures_for(
    context: ResultsContext,
    period: str,
    rounds: Sequence[Round],
    compared: Compared | None = None,
) -> PeriodFigures:
    """`period_figures` with what the context holds: its sums, themes, filters, k and open
    rounds; `compared`: the standard questionnaires unless given (a round's report compares
    by its own). The closed rounds' sums never change, so the decision is made once per
    process (it weighs every filter and municipality: a tenth of a second a period at national
    size)."""
    in_period = [r for r in rounds if r.period == period]
    still_open = context.open_rounds(in_period)
    by = dict(compared or standard_questionnaires(context.catalog))
    key = (
        period,
        tuple(sorted((holding(r), r.id in still_open) for r in in_period)),
        context.k,
        context.filters,
        tuple(sorted(by.items())),
    )
    figures = context.sums.decided(
        key,
        lambda: (
            period_figures(
                period,
                in_period,
                context.theme_sums(in_period),
                list(context.catalog.themes),
                context.filters,
                context.k,
                still_open,
                by,
            ).figures
        ),
    )
    return PeriodFigures(period, in_period, figures)


def decide_every_period(context: ResultsContext) -> None:
    """Decide what every period shows under every filter, so the first analyst to look waits
    for none of it (the server does this after counting closed rounds, app/results/kept.py)."""
    rounds = context.rounds()
    for f in FILTERS:
        for period in sorted({r.period for r in rounds}):
            figures_for(context.filtered(f), period, rounds)


@dataclass(frozen=True)
class WordingChange:
    questionnaire_id: str
    question_id: str
    before: str
    now: str


def wording_changes(
    connection: Connection, earlier: Round, later: Round
) -> dict[str, list[WordingChange]]:
    """Per theme, the questions asked in other words (or added, or dropped) since `earlier`."""
    before = {
        (*key, theme): text for key, (theme, text) in asked_questions(connection, earlier).items()
    }
    now = {(*key, theme): text for key, (theme, text) in asked_questions(connection, later).items()}
    connection.rollback()
    if not before or not now:  # made before rounds kept their wording: nothing to compare
        return {}
    changes: dict[str, list[WordingChange]] = defaultdict(list)
    for questionnaire_id, question_id, theme in sorted(set(before) | set(now), key=str):
        key = (questionnaire_id, question_id, theme)
        old, new = before.get(key, ""), now.get(key, "")
        if theme is not None and old != new:
            changes[theme].append(WordingChange(questionnaire_id, question_id, old, new))
    return dict(changes)


def reworded(connection: Connection, earlier: Round, later: Round) -> set[tuple[Audience, str]]:
    """(audience, theme) with a question asked in other words (or added, or dropped) since
    `earlier`: a change in such a theme is said to be across wordings."""
    asked_by = {questionnaire_for(later, audience): audience for audience in audiences_asked(later)}
    return {
        (asked_by[change.questionnaire_id], theme)
        for theme, found in wording_changes(connection, earlier, later).items()
        for change in found
        if change.questionnaire_id in asked_by
    }


@dataclass(frozen=True)
class TrendPoint:
    period: str
    residents: Shown
    relatives: Shown
    changes: list[WordingChange] = field(default_factory=list)


def trends(
    connection: Connection,
    municipality: str,
    themes: Sequence[str],
    rounds: Sequence[Round],
    by_period: dict[str, PeriodFigures],
) -> dict[str, list[TrendPoint]]:
    """Per theme, a municipality's figures period by period, with changed wording marked."""
    own = sorted((r for r in rounds if r.municipality_number == municipality), key=_period_key)
    result: dict[str, list[TrendPoint]] = {theme: [] for theme in themes}
    for index, survey_round in enumerate(own):
        figures = by_period[survey_round.period]
        changes = wording_changes(connection, own[index - 1], survey_round) if index else {}
        for theme in themes:
            result[theme].append(
                TrendPoint(
                    survey_round.period,
                    figures.figure(municipality, "resident", theme),
                    figures.figure(municipality, "relative", theme),
                    changes.get(theme, []),
                )
            )
    return result


def _period_key(survey_round: Round) -> str:
    return survey_round.period


@dataclass(frozen=True)
class Group:
    key: str  # municipality number, or ALL
    name: str


ALL_GROUP = Group(ALL, "Alle kommuner")
REFERENCE = "gruppe"  # the key of the analyst's reference group among the compared
# Under a filter: the municipalities «Alle kommuner» holds there, with no filter, so a filter's
# figure is compared with the same set of municipalities (the set changes with the filter).
SAME_SET = "samme"
SAME_SET_GROUP = Group(SAME_SET, "De samme uten filter")


@dataclass(frozen=True)
class ComparisonRow:
    group: Group
    residents: Shown
    relatives: Shown


@dataclass(frozen=True)
class ThemeView:
    theme: str
    name: str
    comparison: list[ComparisonRow]  # the chosen municipalities, then all municipalities
    trends: dict[str, list[TrendPoint]]  # per chosen municipality, and ALL


@dataclass(frozen=True)
class StillOpen:
    """An open round of a chosen municipality: how many have answered so far."""

    name: str
    started: int
    finished: int
    closes_on: date


@dataclass(frozen=True)
class Dashboard:
    periods: list[str]
    period: str
    municipalities: list[Group]  # those with a round in the period
    chosen: list[Group]
    filters: Filters
    k: int
    themes: list[ThemeView]
    rounds: dict[str, int]  # municipality number → its round in the period (for the report)
    still_open: list[StillOpen] = field(default_factory=list)  # chosen, not closed yet
    headline: Headline | None = None  # the first chosen municipality's, at the top
    # The first chosen municipality's round: how many were invited and answered, by audience.
    participation: dict[Audience, Participation] = field(default_factory=dict)
    reference: list[Group] = field(default_factory=list)  # the reference group's members
    # Where «Landet»'s figures from other installations came from, and when (said as words).
    nation_sources: list[str] = field(default_factory=list)
    # Under a filter: how many municipalities' figures shown without it it hides, of how many.
    filter_hides: tuple[int, int] | None = None
    # What a reference group may hold: the period's municipalities here, then those imported
    # from other installations (app/results/imported.py).
    reference_options: list[Group] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.periods


MAX_CHOSEN = 6


def dashboard(
    context: ResultsContext,
    *,
    period: str | None,
    chosen: Sequence[str],
    reference: Collection[str] = (),
    own: Collection[str] = (),
) -> Dashboard:
    """The dashboard for a period and some of its municipalities (unknown ones are ignored),
    compared with a reference group of the period's municipalities, if one is given, and all.
    `own`: the reader's municipalities; none chosen, it opens on them, and the key figures
    follow the first of them chosen."""
    connection, catalog, filters, k = (
        context.connection,
        context.catalog,
        context.filters,
        context.k,
    )
    rounds = context.rounds()
    periods = sorted({r.period for r in rounds})
    if not periods:
        return Dashboard([], "", [], [], filters, k, [], {})
    period = period if period in periods else periods[-1]
    in_period = [r for r in rounds if r.period == period]
    municipalities = [Group(r.municipality_number, r.municipality_name) for r in in_period]
    wanted = chosen or [g.key for g in municipalities if g.key in own]
    picked = [g for g in municipalities if g.key in wanted][:MAX_CHOSEN] or municipalities[:1]
    picked.sort(key=lambda g: g.key not in own)  # their own first: the key figures follow it
    others = imported(connection, period)
    here = {g.key for g in municipalities}
    elsewhere = {f.municipality_number: f.municipality_name for f in others}
    options = municipalities + [
        Group(key, f"{name}, importert")
        for key, name in sorted(elsewhere.items())
        if key not in here
    ]
    members = [g for g in options if g.key in reference]
    compared = [*picked, *_reference_group(members), ALL_GROUP]
    compared += [SAME_SET_GROUP] if filters.active else []
    compared += [Group(NATION, NATION_NAME)] if others else []
    themes = list(catalog.themes)
    still_open = context.open_rounds(rounds)
    by_period = {p: figures_for(context, p, rounds) for p in periods}
    own_trends = {g.key: trends(connection, g.key, themes, rounds, by_period) for g in picked}
    unfiltered = context.filtered(Filters())
    made_of = _Compared(
        by_period[period],
        members,
        others,
        figures_for(unfiltered, period, rounds) if filters.active else None,
    )
    views = []
    for theme_id, theme in catalog.themes.items():
        comparison = [
            ComparisonRow(group, *(made_of.figure(group, a, theme_id) for a in AUDIENCES))
            for group in compared
        ]
        theme_trends = {key: by_theme[theme_id] for key, by_theme in own_trends.items()}
        theme_trends[ALL] = [
            TrendPoint(
                p,
                by_period[p].figure(ALL, "resident", theme_id),
                by_period[p].figure(ALL, "relative", theme_id),
            )
            for p in periods
        ]
        views.append(ThemeView(theme_id, theme.name, comparison, theme_trends))
    first = picked[0]
    own_round = next(r for r in in_period if r.municipality_number == first.key)
    invited = {
        audience: found[0] for audience, found in participation(connection, own_round, k).items()
    }
    before = sorted(
        (r for r in rounds if r.municipality_number == first.key and r.period < period),
        key=_period_key,
    )
    return Dashboard(
        periods,
        period,
        municipalities,
        picked,
        filters,
        k,
        views,
        {r.municipality_number: r.id for r in in_period},
        _participation(connection, [r for r in in_period if r.id in still_open], picked),
        headline(
            (first.key, first.name),
            period,
            before[-1].period if before else None,
            catalog.themes,
            lambda p, key, audience, theme: by_period[p].figure(key, audience, theme),
            reworded(connection, before[-1], own_round) if before else set(),
        ),
        invited,
        members,
        [
            f"{found.source} (hentet {norwegian_date(day_of(found.fetched_at))})"
            for found in (sources(connection, period) if others else [])
        ],
        made_of.filter_hides(themes),
        options,
    )


def _reference_group(members: Sequence[Group]) -> list[Group]:
    """The reference group as one of those compared (its members are listed on the page)."""
    return [Group(REFERENCE, "Valgt gruppe")] if members else []


@dataclass(frozen=True)
class _Compared:
    """What the groups compared on a period's page are made of."""

    figures: PeriodFigures  # under the chosen filters
    members: Sequence[Group]  # of the reference group
    others: Sequence[ImportedFigure]  # other installations' (for «Landet»)
    unfiltered: PeriodFigures | None  # with no filter, when a filter is chosen

    def figure(self, group: Group, audience: Audience, theme: str) -> Shown:
        figures = self.figures
        if group.key == REFERENCE:
            return self._reference(audience, theme)
        if group.key == SAME_SET and self.unfiltered is not None:
            # The municipalities «Alle kommuner» holds under the filter, with every answer.
            shown = [
                r.municipality_number
                for r in figures.rounds
                if figures.figure(r.municipality_number, audience, theme).score is not None
            ]
            if not shown:
                return Shown(None, "ingen kommune vises med filteret")
            return self.unfiltered.group_figure(shown, audience, theme)
        if group.key == NATION:
            if self.unfiltered is not None:
                return Shown(None, ONLY_UNFILTERED)
            here = {
                r.municipality_number: figures.figure(r.municipality_number, audience, theme)
                for r in figures.rounds
            }
            return nation(here, self.others, audience, theme)
        return figures.figure(group.key, audience, theme)

    def _reference(self, audience: Audience, theme: str) -> Shown:
        """The reference group: its members shown here, and (with no filter) those imported
        from other installations, as «Landet» takes them."""
        keys = {g.key for g in self.members}
        here = {r.municipality_number for r in self.figures.rounds}
        shown = [self.figures.figure(key, audience, theme) for key in keys & here]
        sums = [f.sums for f in shown if f.score is not None]
        if self.unfiltered is None:
            sums += [
                imported_sums(f)
                for f in self.others
                if f.municipality_number in keys - here
                and (f.audience, f.theme) == (audience, theme)
            ]
        return _all_shown(sums, len(keys))

    def filter_hides(self, themes: Sequence[str]) -> tuple[int, int] | None:
        """Of the municipalities' figures shown with no filter, how many the filter hides (a
        figure that would differ from the unfiltered one by 1 to k − 1 people is hidden)."""
        if self.unfiltered is None:
            return None
        pairs = [
            (
                self.figures.figure(key, audience, theme),
                self.unfiltered.figure(key, audience, theme),
            )
            for key in (r.municipality_number for r in self.figures.rounds)
            for audience in AUDIENCES
            for theme in themes
        ]
        shown = [filtered for filtered, everyone in pairs if everyone.score is not None]
        return sum(f.score is None for f in shown), len(shown)


def _participation(
    connection: Connection, still_open: Sequence[Round], picked: Sequence[Group]
) -> list[StillOpen]:
    if not still_open:
        return []
    counts = response_counts(connection)
    chosen = {group.key for group in picked}
    return [
        StillOpen(r.municipality_name, *counts.get(r.id, (0, 0)), r.closes_on)
        for r in still_open
        if r.municipality_number in chosen
    ]


AGGREGATE_HEADER = [
    "periode", "kommunenummer", "kommune", "gruppe", "tema", "skar", "nedre", "ovre", "n",
    "merknad",
]  # fmt: skip
AUDIENCE_NAMES: dict[Audience, str] = {"resident": "beboere", "relative": "parorende"}


def aggregate_rows(context: ResultsContext) -> Iterator[list[str]]:
    """Theme scores per period, municipality (and all municipalities) and group, as table
    rows with a header: exactly what the dashboard shows, hidden figures left empty."""
    catalog = context.catalog
    rounds = context.rounds()
    yield AGGREGATE_HEADER
    for period in sorted({r.period for r in rounds}):
        figures = figures_for(context, period, rounds)
        groups = [Group(r.municipality_number, r.municipality_name) for r in figures.rounds]
        for group in [*groups, ALL_GROUP]:
            for audience in AUDIENCES:
                for theme in catalog.themes:
                    figure = figures.figure(group.key, audience, theme)
                    yield figure_row(period, group, audience, theme, figure)


def figure_row(
    period: str, group: Group, audience: Audience, theme: str, figure: Shown
) -> list[str]:
    """One figure as a row under AGGREGATE_HEADER: a hidden one's score columns are empty."""
    score = figure.score
    return [
        period,
        group.key if group.key != ALL else "",
        group.name,
        AUDIENCE_NAMES[audience],
        theme,
        str(score.mean) if score else "",
        str(score.low) if score and score.low is not None else "",
        str(score.high) if score and score.high is not None else "",
        str(score.n) if score else "",
        figure.hidden_because or figure.note,
    ]
