"""A round's theme scores by service and by form of housing, beside those per home
(app/results/units.py), where no group under k can be worked out from them together.

A resident's service and form of housing are those the owner gave their home
(app/rounds/homes.py); a relative's service is their own answer to «Hvilke tjenester får din
pårørende?» where their questionnaire asks it (the first they ticked, in the list's order: a
relative is counted once), and their form of housing is that of the home they answered.

Each figure shown sums the people of some cells: a cell is the people with one home (or none
said) and one answer. The figures of one audience in one round are: the round's own, the homes
its microdata names one by one with the rest together (the same split as the homes on the report,
`named_homes`), and each breakdown's groups. Someone who has them all can work out the sum of any
*atom*: the people who share a place in every one of those splits, and nothing smaller. So a
breakdown is shown only when every atom, in every theme, holds no one or at least k people, and no
atom is the unnamed rows of one home whose rows leave the home out (a home × helper cell under k:
matching its rows would give it back). A breakdown that fails merges its smallest group into the
rest («Andre …») and is tried again; it is shown only with two groups or more. Breakdowns are
decided in order (service, then form of housing), each with those already shown.

Like the homes, these figures count every answer (no filter), and only themes whose round figure
is shown. Growth when a reopened round shows every response is checked per cell
(app/results/reopened.py), so each group grows by no one or by at least k.
"""

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

from app.questionnaires.model import values_of
from app.results.context import ResultsContext
from app.results.scoring import Sums, score_of
from app.results.sums import cell_theme_sums
from app.results.suppression import Shown
from app.results.units import PEOPLE, UnitGroup, UnitResults, home_cells, named_homes, shown_themes
from app.rounds.homes import HOUSING_FORMS, home_tags, service_question, services
from app.rounds.rounds import Audience, questionnaire_for
from app.storage.tables import Round

Cell = tuple[str | None, str | None]  # a home (None: not said), an answer (None: none)
Labels = Callable[[Cell], str | None]  # a cell's group in a breakdown (None: not said)
REST = "andre"  # the label of a breakdown's rest group
NOT_SAID = "ikke oppgitt"
RESTS = {"tjeneste": "Andre tjenester", "boform": "Andre boformer"}


def shown_breakdowns(
    n: Mapping[Cell, Mapping[str, int]],
    named: Collection[str],
    breakdowns: Sequence[Labels],
    themes: Collection[str],
    k: int,
    never_alone: Collection[str] = (),
) -> list[dict[Cell, str] | None]:
    """Each breakdown's group of each cell as shown (its own label, or REST), or None where it
    is not shown, given how many people each cell holds in each theme and the homes shown one
    by one (`named`, the others together: the module says why). Plain counts, so the rule can
    be tested against an attacker."""
    cells = list(n)
    accepted: list[Mapping[Cell, Hashable]] = [
        {cell: cell[0] if cell[0] in named else None for cell in cells}
    ]
    pinned = set(never_alone) - set(named)
    decided: list[dict[Cell, str] | None] = []
    for labels in breakdowns:
        own = {cell: labels(cell) for cell in cells}
        alone = sorted(
            {label for label in own.values() if label is not None},
            key=lambda label: _fewest(n, [c for c in cells if own[c] == label], themes),
            reverse=True,
        )
        chosen: dict[Cell, str] | None = None
        while alone:
            grouped = {cell: label if label in alone else REST for cell, label in own.items()}
            groups = {grouped[c] for c in cells if any(n[c].get(t, 0) for t in themes)}
            if len(groups) > 1 and _atoms_safe(n, [*accepted, grouped], themes, k, pinned):
                chosen = grouped
                break
            alone.pop()  # the smallest group joins the rest
        decided.append(chosen)
        if chosen is not None:
            accepted.append(chosen)
    return decided


def _fewest(n: Mapping[Cell, Mapping[str, int]], cells: list[Cell], themes: Collection[str]) -> int:
    return min((sum(n[c].get(t, 0) for c in cells) for t in themes), default=0)


def _atoms_safe(
    n: Mapping[Cell, Mapping[str, int]],
    splits: Sequence[Mapping[Cell, Hashable]],
    themes: Collection[str],
    k: int,
    pinned_homes: Collection[str],
) -> bool:
    atoms: dict[tuple[Hashable, ...], list[Cell]] = {}
    for cell in n:
        atoms.setdefault(tuple(split[cell] for split in splits), []).append(cell)
    for members in atoms.values():
        if any(0 < sum(n[c].get(t, 0) for c in members) < k for t in themes):
            return False
        homes = {c[0] for c in members}
        if len(homes) == 1 and homes <= set(pinned_homes):
            return False
    return True


@dataclass(frozen=True)
class Breakdown:
    by: str  # "tjeneste", "boform"
    words: dict[str, str]  # each label's words
    labels: Labels
    counted_as: str  # who is in which group, said under the table


BY_HOME = {
    "tjeneste": "Hver {one} telles under tjenesten kommunen har satt for boligen.",
    "boform": "Hver {one} telles under boformen kommunen har satt for boligen.",
}
BY_ANSWER = "Hver {one} telles én gang: under den første tjenesten i listen som er krysset av."
ONE: dict[Audience, str] = {"resident": "beboer", "relative": "pårørende"}


def breakdown_results(
    context: ResultsContext, survey_round: Round, audience: Audience = "resident"
) -> list[UnitResults]:
    """The round's residents (or relatives) by service and by form of housing, as the module
    says; a breakdown nobody is tagged or answered for is left out."""
    catalog = context.catalog
    themes, names = shown_themes(context, survey_round, audience)
    tags = home_tags(context.connection, survey_round.id)
    asked = service_question(catalog.questionnaires.get(questionnaire_for(survey_round, audience)))
    offered = services(catalog)
    service = {home: t.service for home, t in tags.items() if t.service}
    housing = {home: t.housing for home, t in tags.items() if t.housing}
    one = ONE[audience]
    breakdowns = []
    if asked:
        said = BY_ANSWER.format(one=one)
        breakdowns.append(Breakdown("tjeneste", offered, _by_answer(offered), said))
    elif service:
        said = BY_HOME["tjeneste"].format(one=one)
        breakdowns.append(Breakdown("tjeneste", offered, _by_home(service), said))
    if housing:
        said = BY_HOME["boform"].format(one=one)
        breakdowns.append(Breakdown("boform", HOUSING_FORMS, _by_home(housing), said))
    if not breakdowns:
        return []
    sums = cell_theme_sums(context.connection, catalog, survey_round, audience, asked)
    n: dict[Cell, dict[str, int]] = {}
    for (unit, answer, theme), value in sums.items():
        n.setdefault((unit, answer), {})[theme] = value.n
    named = named_homes(context, survey_round, audience)
    cells = home_cells(context.connection, survey_round, questionnaire_for(survey_round, audience))
    never_alone = {unit for (unit, _), count in cells.items() if unit and count < context.k}
    decided = (
        shown_breakdowns(n, named, [b.labels for b in breakdowns], themes, context.k, never_alone)
        if themes
        else [None for _ in breakdowns]
    )
    return [
        _results(audience, b, grouped, sums, themes, names, context.k)
        for b, grouped in zip(breakdowns, decided, strict=True)
    ]


def _by_home(tagged: Mapping[str, str]) -> Labels:
    """The tag of a person's home."""

    def labels(cell: Cell) -> str | None:
        return tagged.get(cell[0] or "")

    return labels


def _by_answer(offered: Mapping[str, str]) -> Labels:
    """The first service a person ticked, in the list's order."""

    def labels(cell: Cell) -> str | None:
        ticked = set(values_of(cell[1]))
        return next((value for value in offered if value in ticked), None)

    return labels


def _results(
    audience: Audience,
    breakdown: Breakdown,
    grouped: dict[Cell, str] | None,
    sums: Mapping[tuple[str | None, str | None, str], Sums],
    themes: list[str],
    names: list[tuple[str, str]],
    k: int,
) -> UnitResults:
    if grouped is None:
        why = (
            "runden har ingen tall som kan vises"
            if not themes
            else f"gruppene kan ikke lages slik at hver har minst {k} {PEOPLE[audience]}, "
            "også sammen med de andre tallene for runden"
        )
        return UnitResults(audience, names, [], why, breakdown.by, breakdown.counted_as)
    order = [*breakdown.words, REST]
    groups = []
    for label in sorted(set(grouped.values()), key=order.index):
        members = [cell for cell, group in grouped.items() if group == label]
        figures: dict[str, Shown] = {}
        for theme in themes:
            total = sum((sums.get((*cell, theme), Sums()) for cell in members), Sums())
            score = score_of(total)
            figures[theme] = Shown(score, n=total.n) if score else Shown(None, "ingen svar")
        if not any(f.n for f in figures.values()):
            continue
        groups.append(UnitGroup(_name(breakdown, label, members), (), figures))
    return UnitResults(audience, names, groups, "", breakdown.by, breakdown.counted_as)


def _name(breakdown: Breakdown, label: str, members: list[Cell]) -> str:
    if label != REST:
        return breakdown.words[label]
    held = sorted({breakdown.words[own] for c in members if (own := breakdown.labels(c))})
    said = [*held, *([NOT_SAID] if any(breakdown.labels(c) is None for c in members) else [])]
    return f"{RESTS[breakdown.by]} ({', '.join(said)})"
