"""Which figures of a period may be shown together, over every filter at once.

Every filter a user can choose (who was with the resident, with or without flagged responses)
gives a figure for each municipality and for all municipalities. Two shown figures over nested
groups differ by the people one has and the other lacks; when that difference is 1 to k−1
people, subtracting them gives a small group's answers. So the choice is made once per period
and theme, for all filters and all municipalities together, and every page, export and command
shows the same choice:

1. Per group (a municipality, or all of them), filters in a fixed order (unfiltered first): a
   figure is shown when it stands for k or more people and differs by 0 or k or more from
   every nested figure already shown; and where "alone" and "with help" both show within a
   figure for everyone, the people in neither must be 0 or k or more.
2. Per filter, the municipalities beside "all municipalities": all minus the shown ones gives
   the hidden ones together. That figure, too, must stand for 0 or k or more people, and must
   differ by 0 or k or more from the same municipalities under every nested filter where they
   can be worked out. Otherwise one more municipality (the smallest shown) is hidden when that
   is enough; if not, "all municipalities" is hidden under that filter.

Plain functions over counts (n), so the rule can be tested against an attacker directly.
"""

from collections.abc import Iterable, Mapping
from itertools import combinations

from app.results.sums import FILTERS, Filters

ALL = "alle"  # the group "all municipalities"
Cell = tuple[str, Filters]  # a group and a filter


def within(inner: Filters, outer: Filters) -> bool:
    """Whether everyone `inner` counts is counted by `outer` too."""
    return (outer.help == "all" or outer.help == inner.help) and (
        inner.without_flagged or not outer.without_flagged
    )


def unsafe(difference: int, k: int) -> bool:
    return 0 < difference < k


def _fits(group: str, f: Filters, n: Mapping[Cell, int], shown: set[Cell], k: int) -> bool:
    here = n.get((group, f), 0)
    if here < k:
        return False
    for other in FILTERS:
        if (group, other) not in shown:
            continue
        if (within(f, other) or within(other, f)) and unsafe(abs(n[(group, other)] - here), k):
            return False
    # Everyone minus "alone" minus "with help" (under filters within it) is a group too: those
    # the parts' filters leave out, such as flagged people who had help.
    known = {other for other in FILTERS if (group, other) in shown} | {f}
    for whole in (w for w in known if w.help == "all"):
        for alone in (a for a in known if a.help == "alone" and within(a, whole)):
            for helped in (h for h in known if h.help == "helped" and within(h, whole)):
                rest = n.get((group, whole), 0) - n.get((group, alone), 0)
                if unsafe(rest - n.get((group, helped), 0), k):
                    return False
    return True


def _per_group(groups: Iterable[str], n: Mapping[Cell, int], k: int) -> set[Cell]:
    shown: set[Cell] = set()
    for group in groups:
        for f in FILTERS:
            if _fits(group, f, n, shown, k):
                shown.add((group, f))
    return shown


def shown_filters(n: Mapping[Filters, int], k: int) -> set[Filters]:
    """For one group alone (a round's question in its report): the filters it may be shown
    under."""
    return {f for group, f in _per_group(["group"], {("group", f): v for f, v in n.items()}, k)}


def _worked_out(
    hidden: frozenset[str], f: Filters, municipalities: list[str], shown: set[Cell]
) -> bool:
    """Whether the hidden municipalities together can be worked out under filter `f`."""
    return (ALL, f) in shown and all((m, f) in shown for m in municipalities if m not in hidden)


def _total(group: frozenset[str], f: Filters, n: Mapping[Cell, int]) -> int:
    return sum(n.get((m, f), 0) for m in group)


def _residual_safe(
    f: Filters, municipalities: list[str], n: Mapping[Cell, int], shown: set[Cell], k: int
) -> bool:
    hidden = frozenset(m for m in municipalities if (m, f) not in shown)
    if not hidden or not _worked_out(hidden, f, municipalities, shown):
        return True
    here = _total(hidden, f, n)
    if unsafe(here, k):
        return False
    for other in FILTERS:
        if other == f or not (within(f, other) or within(other, f)):
            continue
        visible = hidden if _worked_out(hidden, other, municipalities, shown) else None
        if visible is None and all((m, other) in shown for m in hidden):
            visible = hidden  # each shown on its own: their sum too
        if visible is not None and unsafe(abs(_total(hidden, other, n) - here), k):
            return False
    return True


def shown_cells(municipalities: list[str], n: Mapping[Cell, int], k: int) -> set[Cell]:
    """The cells (group, filter) of one period, audience and theme that may be shown."""
    shown = _per_group([*municipalities, ALL], n, k)
    changed = True
    while changed:
        changed = False
        for f in FILTERS:
            if _residual_safe(f, municipalities, n, shown, k):
                continue
            shown -= _fewest_to_hide(f, municipalities, n, shown, k)
            changed = True
    return shown


def _fewest_to_hide(
    f: Filters, municipalities: list[str], n: Mapping[Cell, int], shown: set[Cell], k: int
) -> set[Cell]:
    """Hide the smallest shown municipalities until all minus the shown ones is safe, or, when
    that takes more than one, "all municipalities" under this filter instead."""
    trial, hidden = set(shown), set()
    for _, m in sorted((n.get((m, f), 0), m) for m in municipalities if (m, f) in shown):
        trial.discard((m, f))
        hidden.add((m, f))
        if _residual_safe(f, municipalities, n, trial, k):
            break
    return (
        hidden
        if len(hidden) == 1 and _residual_safe(f, municipalities, n, trial, k)
        else {(ALL, f)}
    )


def small_differences(
    figures: Iterable[tuple[frozenset[str], Filters, int]], k: int
) -> list[tuple[tuple[frozenset[str], Filters, int], tuple[frozenset[str], Filters, int]]]:
    """Pairs of figures over nested groups (municipalities and filter) whose difference is a
    group of 1 to k−1 people: what an attacker subtracting two figures would find."""
    found = []
    for a, b in combinations(list(figures), 2):
        (sa, fa, na), (sb, fb, nb) = a, b
        nested = (sa <= sb and within(fa, fb)) or (sb <= sa and within(fb, fa))
        if nested and unsafe(abs(na - nb), k):
            found.append((a, b))
    return found
