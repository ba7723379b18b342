"""The leader's first screen: for one municipality and period, per theme, its residents' score
and the change since its previous round, all municipalities beside it, and its relatives' score
and change; the differences tested together, as one page (app/results/differences.py), so a
leader sees at a glance what is more than chance.

It shows nothing the dashboard does not: every figure is one the dashboard shows, and every
difference is of two shown figures (the test against the other municipalities uses all
municipalities and this one, both shown).
"""

from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, replace

from app.questionnaires.model import Theme
from app.results.differences import (
    Difference,
    across_wordings,
    difference,
    on_one_page,
    others,
)
from app.results.lattice import ALL
from app.results.scoring import half_up
from app.results.suppression import Shown
from app.rounds.rounds import Audience

# A figure of a period: (period, municipality number or ALL, audience, theme) → Shown.
FigureOf = Callable[[str, str, Audience, str], Shown]


@dataclass(frozen=True)
class HeadlineRow:
    theme: str
    name: str
    residents: Shown
    residents_change: Difference | None  # since the previous round
    everyone: Shown  # all municipalities' residents
    versus_everyone: Difference | None  # this one − all, tested against the others
    relatives: Shown
    relatives_change: Difference | None

    @property
    def anchor(self) -> str:
        """Where the theme's charts are on the dashboard."""
        return f"#tema-{self.theme}"


@dataclass(frozen=True)
class Headline:
    municipality: str  # its name
    period: str
    previous: str | None  # the period of its round before, compared with
    rows: list[HeadlineRow]


def headline(
    municipality: tuple[str, str],
    period: str,
    previous: str | None,
    themes: Mapping[str, Theme],
    figure: FigureOf,
    reworded: Set[tuple[Audience, str]] = frozenset(),
) -> Headline:
    """`municipality`: its number and name; `previous`: the period of its round before;
    `reworded`: (audience, theme) with a question asked in other words since then."""
    number, name = municipality
    rows = []
    for theme_id, theme in themes.items():
        residents = figure(period, number, "resident", theme_id)
        relatives = figure(period, number, "relative", theme_id)
        everyone = figure(period, ALL, "resident", theme_id)
        rows.append(
            HeadlineRow(
                theme_id,
                theme.name,
                residents,
                _change(figure, previous, number, "resident", theme_id, residents, reworded),
                everyone,
                _versus(residents, everyone),
                relatives,
                _change(figure, previous, number, "relative", theme_id, relatives, reworded),
            )
        )
    return Headline(name, period, previous, _starred(rows))


def _starred(rows: list[HeadlineRow]) -> list[HeadlineRow]:
    """The rows with every difference on the screen decided together."""
    decided = iter(
        on_one_page(
            [d for r in rows for d in (r.residents_change, r.versus_everyone, r.relatives_change)]
        )
    )
    return [
        replace(
            row,
            residents_change=next(decided),
            versus_everyone=next(decided),
            relatives_change=next(decided),
        )
        for row in rows
    ]


def _change(
    figure: FigureOf,
    previous: str | None,
    number: str,
    audience: Audience,
    theme: str,
    now: Shown,
    reworded: Set[tuple[Audience, str]],
) -> Difference | None:
    if previous is None:
        return None
    found = difference(now.score, figure(previous, number, audience, theme).score)
    return across_wordings(found) if (audience, theme) in reworded else found


def _versus(own: Shown, everyone: Shown) -> Difference | None:
    """This municipality − all municipalities as shown, and whether it differs from the other
    municipalities (all without it) by more than chance."""
    if own.score is None or everyone.score is None:
        return None
    rest = others(everyone.score, own.score)
    tested = difference(own.score, rest, one_of_many=True)
    if tested is None:
        return None
    return Difference(half_up(own.score.mean - everyone.score.mean), tested.p)
