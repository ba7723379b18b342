"""Each audience's theme scores of a round per home (unit), where the groups are large enough:
residents by the home staff chose when starting the tablet, relatives by the home they answered.

A home's figure is shown only as part of a split of the whole round into groups that each hold
no one or at least k people in every theme: each home with enough answers on its own, and the
rest together ("Andre boliger", with the answers whose home was not said). Where the rest would
be a small group, the smallest home joins it, and so on, so subtracting the homes shown from the
round's figure never leaves fewer than k. A split into fewer than two groups shows nothing the
round's own figure does not.

The same split decides which homes a round's microdata names (`named_homes`): a home shown on
its own, and no other. A home where a home × helper cell holds 1 to k−1 responses (staff know
who answered with help in a small home) is never shown on its own, and its rows leave the home
out; the rest group they are in always holds more than one home (or homes and answers whose
home was not said). So every row without a home lies only in the rest group's figure, which
holds all of them together: matching rows to homes by subset sums (it gave 15 of 15 rows their
home back when a home with such a row was shown on its own) finds no one home for any row.

Decisions: these figures count every answer (no filter), since a home's figure under "answered
alone" beside its figure for everyone would show the few helped there; and a theme whose round
figure is hidden (app/results/lattice.py) shows no home either, since the homes add up to it.
A round whose homes are not split names no home in its microdata (a home's count of answers
on the report, with its named rows, would otherwise place the rest).
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from app.results.context import ResultsContext
from app.results.dashboard import compared_by, figures_for
from app.results.scoring import Sums, score_of
from app.results.sums import Filters, counted, unit_theme_sums
from app.results.suppression import Shown
from app.rounds.rounds import Audience, questionnaire_for
from app.storage.tables import Round, responses_table

REST = "Andre boliger"
PEOPLE: dict[Audience, str] = {"resident": "beboere", "relative": "pårørende"}
TITLES: dict[Audience, str] = {"resident": "Beboerne", "relative": "De pårørende"}
NOT_SAID = "bolig ikke oppgitt"


@dataclass(frozen=True)
class UnitGroup:
    name: str  # a home, or REST with the homes it holds
    units: tuple[str | None, ...]  # the homes (None: not said) whose answers it holds
    figures: dict[str, Shown]  # theme → figure


# What a round's people are grouped by: per home here, by service and by form of housing in
# app/results/breakdowns.py. (heading, the table's first column)
GROUPED_BY: dict[str, tuple[str, str]] = {
    "bolig": ("per bolig", "Bolig"),
    "tjeneste": ("etter tjeneste", "Tjeneste"),
    "boform": ("etter boform", "Boform"),
}


@dataclass(frozen=True)
class UnitResults:
    audience: Audience
    themes: list[tuple[str, str]]  # (theme, name), in the catalog's order
    groups: list[UnitGroup]  # empty when no split is large enough
    why_none: str = ""  # said when `groups` is empty
    by: str = "bolig"  # a key of GROUPED_BY
    counted_as: str = ""  # who is in which group, where the page must say it

    @property
    def people(self) -> str:
        return PEOPLE[self.audience]

    @property
    def title(self) -> str:
        return TITLES[self.audience]

    @property
    def heading(self) -> str:
        return f"{self.title} {GROUPED_BY[self.by][0]}"

    @property
    def caption(self) -> str:
        return f"{self.title}s skår per tema {GROUPED_BY[self.by][0]}"

    @property
    def column(self) -> str:
        return GROUPED_BY[self.by][1]


def split_into_groups(
    n: Mapping[str | None, Mapping[str, int]],
    themes: Sequence[str],
    k: int,
    never_alone: Collection[str] = (),
) -> list[tuple[str | None, ...]]:
    """Homes → groups that each hold 0 or at least k people in every theme: each large-enough
    home alone (largest first), except those `never_alone` (their rows leave the home out in
    microdata), and the rest together, never just one home. Fewer than two groups: none."""

    def safe(members: Sequence[str | None]) -> bool:
        return all(
            not 0 < sum(n.get(unit, {}).get(theme, 0) for unit in members) < k for theme in themes
        )

    def smallest(unit: str | None) -> int:
        return min((n[unit].get(theme, 0) for theme in themes), default=0)

    def one_home(members: Sequence[str | None]) -> bool:
        """The rest as one home's figure: its rows without a home would be that home's."""
        return len(members) == 1 and members[0] is not None

    alone = sorted(
        (u for u in n if u is not None and u not in never_alone and safe([u])),
        key=smallest,
        reverse=True,
    )
    rest = [u for u in n if u not in alone]
    while rest and (not safe(rest) or one_home(rest)) and alone:
        rest.append(alone.pop())  # the smallest home joins the rest
    if rest and (not safe(rest) or one_home(rest)):
        return []
    groups: list[tuple[str | None, ...]] = [(unit,) for unit in alone]
    if any(sum(n[u].values()) for u in rest):
        groups.append(tuple(rest))
    return groups if len(groups) > 1 else []


def unit_results(
    context: ResultsContext, survey_round: Round, audience: Audience = "resident"
) -> UnitResults:
    """The round's residents (or relatives) per home, as the module says. Each audience is
    split on its own: residents and relatives are different people."""
    catalog = context.catalog
    shown, names = shown_themes(context, survey_round, audience)
    people = PEOPLE[audience]
    if not shown:
        return UnitResults(audience, names, [], f"runden har ingen tall for {people} som kan vises")
    sums = unit_theme_sums(context.connection, catalog, survey_round, audience)
    n: dict[str | None, dict[str, int]] = {}
    for (unit, theme), value in sums.items():
        n.setdefault(unit, {})[theme] = value.n
    cells = home_cells(context.connection, survey_round, questionnaire_for(survey_round, audience))
    never_alone = {unit for (unit, _), count in cells.items() if unit and count < context.k}
    groups = split_into_groups(n, shown, context.k, never_alone)
    if not groups:
        return UnitResults(
            audience,
            names,
            [],
            f"boligene kan ikke deles i grupper med minst {context.k} {people} hver, "
            "så ingen kan regnes ut av de andre",
        )
    return UnitResults(audience, names, [_group(members, sums, shown) for members in groups])


def shown_themes(
    context: ResultsContext, survey_round: Round, audience: Audience
) -> tuple[list[str], list[tuple[str, str]]]:
    """The themes whose round figure (every answer, no filter) is shown, and every theme with
    its name, in the catalog's order."""
    catalog = context.catalog
    rounds = [r for r in context.rounds() if r.period == survey_round.period]
    compared = compared_by(catalog, survey_round)
    whole = figures_for(context.filtered(Filters()), survey_round.period, rounds, compared)
    number = survey_round.municipality_number
    names = [(theme, t.name) for theme, t in catalog.themes.items()]
    return [t for t, _ in names if whole.figure(number, audience, t).score is not None], names


def named_homes(
    context: ResultsContext, survey_round: Round, audience: Audience = "resident"
) -> frozenset[str]:
    """The homes the round's microdata names (the module says why): those its report shows on
    their own; with no homes on the report, those without a small home × helper cell. Either
    way, the rows left without a home come from at least two places (homes, or answers whose
    home was not said), where the round has them: a home's count of answers (participation)
    would otherwise place every such row."""
    questionnaire_id = questionnaire_for(survey_round, audience)
    cells = home_cells(context.connection, survey_round, questionnaire_id)
    groups = unit_results(context, survey_round, audience).groups
    if groups:
        return frozenset(g.units[0] for g in groups if len(g.units) == 1 and g.units[0] is not None)
    rows: dict[str | None, int] = {}
    for (unit, _), count in cells.items():
        rows[unit] = rows.get(unit, 0) + count
    small = {unit for (unit, _), count in cells.items() if unit and count < context.k}
    named = sorted((u for u in rows if u is not None and u not in small), key=rows.__getitem__)
    left_out: set[str | None] = {*small, *([None] if None in rows else [])}
    while len(left_out) == 1 and None not in left_out and named:
        left_out.add(named.pop(0))  # the smallest named home is left out as well
    return frozenset(named)


def named_homes_by_round(
    context: ResultsContext, rounds: Sequence[Round], audience: Audience
) -> dict[int, frozenset[str]]:
    """`named_homes` of each round, by its id (a period's microdata in one file)."""
    return {r.id: named_homes(context, r, audience) for r in rounds}


def home_cells(
    connection: Connection, survey_round: Round, questionnaire_id: str
) -> dict[tuple[str | None, str | None], int]:
    """How many of a round's responses to a questionnaire each (home, helper) holds (home None:
    not said)."""
    cells = connection.execute(
        select(responses_table.c.unit, responses_table.c.helper, func.count())
        .where(counted(survey_round), responses_table.c.questionnaire_id == questionnaire_id)
        .group_by(responses_table.c.unit, responses_table.c.helper)
    ).all()
    connection.rollback()
    return {(unit, helper): count for unit, helper, count in cells}


def _group(
    members: tuple[str | None, ...], sums: Mapping[tuple[str | None, str], Sums], shown: list[str]
) -> UnitGroup:
    figures: dict[str, Shown] = {}
    for theme in shown:
        total = sum((sums.get((unit, theme), Sums()) for unit in members), Sums())
        score = score_of(total)
        figures[theme] = Shown(score, n=total.n) if score else Shown(None, "ingen svar")
    if len(members) == 1 and members[0] is not None:
        return UnitGroup(members[0], members, figures)
    held = ", ".join(sorted(u for u in members if u is not None))
    if None in members:
        held = f"{held} og {NOT_SAID}" if held else NOT_SAID
    return UnitGroup(f"{REST} ({held})", members, figures)
