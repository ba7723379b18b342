"""Each audience's theme scores of a round per home (unit), where the groups are large enough:
residents by the home staff chose when starting the tablet, relatives by the home they answered.

A home's figure is shown only as part of a split of the whole round into groups that each hold
no one or at least k people in every theme: each home with enough answers on its own, and the
rest together ("Andre boliger", with the answers whose home was not said). Where the rest would
be a small group, the smallest home joins it, and so on, so subtracting the homes shown from the
round's figure never leaves fewer than k. A split into fewer than two groups shows nothing the
round's own figure does not.

Decisions: these figures count every answer (no filter), since a home's figure under "answered
alone" beside its figure for everyone would show the few helped there; and a theme whose round
figure is hidden (app/results/lattice.py) shows no home either, since the homes add up to it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.results.context import ResultsContext
from app.results.dashboard import figures_for
from app.results.scoring import Sums, score_of
from app.results.sums import Filters, unit_theme_sums
from app.results.suppression import Shown
from app.rounds.rounds import Audience
from app.storage.tables import Round

REST = "Andre boliger"
PEOPLE: dict[Audience, str] = {"resident": "beboere", "relative": "pårørende"}
TITLES: dict[Audience, str] = {"resident": "Beboerne", "relative": "De pårørende"}
NOT_SAID = "bolig ikke oppgitt"


@dataclass(frozen=True)
class UnitGroup:
    name: str  # a home, or REST with the homes it holds
    units: tuple[str | None, ...]  # the homes (None: not said) whose answers it holds
    figures: dict[str, Shown]  # theme → figure


@dataclass(frozen=True)
class UnitResults:
    audience: Audience
    themes: list[tuple[str, str]]  # (theme, name), in the catalog's order
    groups: list[UnitGroup]  # empty when no split is large enough
    why_none: str = ""  # said when `groups` is empty

    @property
    def people(self) -> str:
        return PEOPLE[self.audience]

    @property
    def title(self) -> str:
        return TITLES[self.audience]


def split_into_groups(
    n: Mapping[str | None, Mapping[str, int]], themes: Sequence[str], k: int
) -> list[tuple[str | None, ...]]:
    """Homes → groups that each hold 0 or at least k people in every theme: each large-enough
    home alone (largest first), the rest together. Fewer than two groups: none."""

    def safe(members: Sequence[str | None]) -> bool:
        return all(
            not 0 < sum(n.get(unit, {}).get(theme, 0) for unit in members) < k for theme in themes
        )

    def smallest(unit: str | None) -> int:
        return min((n[unit].get(theme, 0) for theme in themes), default=0)

    alone = sorted((u for u in n if u is not None and safe([u])), key=smallest, reverse=True)
    rest = [u for u in n if u not in alone]
    while rest and not safe(rest) and alone:
        rest.append(alone.pop())  # the smallest home joins the rest
    if rest and not safe(rest):
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
    rounds = [r for r in context.rounds() if r.period == survey_round.period]
    whole = figures_for(context.filtered(Filters()), survey_round.period, rounds)
    number = survey_round.municipality_number
    names = [(theme, t.name) for theme, t in catalog.themes.items()]
    shown = [t for t, _ in names if whole.figure(number, audience, t).score is not None]
    people = PEOPLE[audience]
    if not shown:
        return UnitResults(audience, names, [], f"runden har ingen tall for {people} som kan vises")
    sums = unit_theme_sums(context.connection, catalog, survey_round, audience)
    n: dict[str | None, dict[str, int]] = {}
    for (unit, theme), value in sums.items():
        n.setdefault(unit, {})[theme] = value.n
    groups = split_into_groups(n, shown, context.k)
    if not groups:
        return UnitResults(
            audience,
            names,
            [],
            f"boligene kan ikke deles i grupper med minst {context.k} {people} hver, "
            "så ingen kan regnes ut av de andre",
        )
    return UnitResults(audience, names, [_group(members, sums, shown) for members in groups])


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
