"""Which figures of a period may be shown together, over every filter at once.

Every filter a user can choose (who was with the resident, with or without flagged responses)
gives a figure for each municipality. Two shown figures over nested groups differ by the people
one has and the other lacks; when that difference is 1 to k−1 people, subtracting them gives a
small group's answers. So the choice is made for every filter together:

1. Per municipality, filters in a fixed order (unfiltered first): a figure is shown when it
   stands for k or more people and differs by 0 or k or more people from every nested figure
   already shown (counting those whose answers it holds only in part: someone who answered
   some questions of a theme with help is in "answered alone" with fewer answers); and where
   "alone" and "with help" both show within a figure for everyone, the people in neither must
   be 0 or k or more.
2. "All municipalities" under a filter is the sum of the municipalities shown under it. A
   municipality hidden under a filter is left out of that sum too, so the sum tells nothing the
   shown figures do not: subtracting shown municipalities from it leaves shown ones; two
   nested filters' sums differ by what each municipality's shown figures differ by (0 or k or
   more each); and a municipality's own analysts, taking their own out, are left with others'
   shown figures. Nor does it give anything away over time: when another round of the period
   closes, the sum grows by that round's shown figures only.

Each municipality's choice rests on its own round alone, so it never changes once the round
has closed. Plain functions over counts (n), so the rule can be tested against an attacker.
"""

from collections.abc import Iterable, Mapping

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


def shown_filters(
    n: Mapping[Filters, int], k: int, partial: Mapping[Filters, int] | None = None
) -> set[Filters]:
    """The filters one group (a municipality's round, or one question in its report) may be
    shown under, given how many people each filter keeps and, of those, how many it keeps
    with some of their answers left out (`partial`: under a help filter, people who answered
    some questions of a theme alone and some with help; none for a question's answers)."""
    shown: set[Filters] = set()
    for f in FILTERS:
        if _fits(f, n, partial or {}, shown, k):
            shown.add(f)
    return shown


def difference(
    inner: Filters, outer: Filters, n: Mapping[Filters, int], partial: Mapping[Filters, int]
) -> int:
    """How many people's answers are in the figure under `outer` and not under `inner` (nested
    within it): those it leaves out, and those it keeps with fewer answers. Two figures of the
    same n still differ by the second kind (55.4 against 59.0, both n = 7, gave one person's
    helped answers away), so they count as much as the first."""
    kept_whole = 0 if inner.help == outer.help else partial.get(inner, 0)
    return n.get(outer, 0) - n.get(inner, 0) + kept_whole


def _fits(
    f: Filters,
    n: Mapping[Filters, int],
    partial: Mapping[Filters, int],
    shown: set[Filters],
    k: int,
) -> bool:
    if n.get(f, 0) < k:
        return False
    for other in shown:
        if within(f, other) and unsafe(difference(f, other, n, partial), k):
            return False
        if within(other, f) and unsafe(difference(other, f, n, partial), k):
            return False
    # Everyone minus "alone" minus "with help" (under filters within it) is a group too: those
    # the parts' filters leave out, such as flagged people who had help. (People with answers
    # of both kinds are in both parts: counted once.)
    parts = shown | {f}
    for whole in (w for w in parts if w.help == "all"):
        for alone in (a for a in parts if a.help == "alone" and within(a, whole)):
            for helped in (h for h in parts if h.help == "helped" and within(h, whole)):
                both = partial.get(alone if alone.without_flagged else helped, 0)
                neither = n.get(whole, 0) - n.get(alone, 0) - n.get(helped, 0) + both
                if unsafe(neither, k):
                    return False
    return True


def shown_cells(
    municipalities: Iterable[str],
    n: Mapping[Cell, int],
    k: int,
    partial: Mapping[Cell, int] | None = None,
) -> set[Cell]:
    """The cells (municipality, filter) of one period, audience and theme that may be shown.
    "All municipalities" is then the sum of the shown ones under each filter."""
    partial = partial or {}
    return {
        (m, f)
        for m in municipalities
        for f in shown_filters(
            {f: n.get((m, f), 0) for f in FILTERS},
            k,
            {f: partial.get((m, f), 0) for f in FILTERS},
        )
    }
