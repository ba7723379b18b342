"""Which figures of a period may be shown together, over every filter at once.

Every filter a user can choose (who was with the resident, with or without flagged responses)
gives a figure for each municipality. Two shown figures over nested groups differ by the people
one has and the other lacks; when that difference is 1 to k−1 people, subtracting them gives a
small group's answers. So the choice is made for every filter together:

1. Per municipality, filters in a fixed order (unfiltered first): a figure is shown when it
   stands for k or more people and differs by 0 or k or more from every nested figure already
   shown; and where "alone" and "with help" both show within a figure for everyone, the people
   in neither must be 0 or k or more.
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


def shown_filters(n: Mapping[Filters, int], k: int) -> set[Filters]:
    """The filters one group (a municipality's round, or one question in its report) may be
    shown under, given how many people each filter keeps."""
    shown: set[Filters] = set()
    for f in FILTERS:
        if _fits(f, n, shown, k):
            shown.add(f)
    return shown


def _fits(f: Filters, n: Mapping[Filters, int], shown: set[Filters], k: int) -> bool:
    here = n.get(f, 0)
    if here < k:
        return False
    nested = [other for other in shown if within(f, other) or within(other, f)]
    if any(unsafe(abs(n[other] - here), k) for other in nested):
        return False
    # Everyone minus "alone" minus "with help" (under filters within it) is a group too: those
    # the parts' filters leave out, such as flagged people who had help.
    parts = shown | {f}
    for whole in (w for w in parts if w.help == "all"):
        for alone in (a for a in parts if a.help == "alone" and within(a, whole)):
            for helped in (h for h in parts if h.help == "helped" and within(h, whole)):
                if unsafe(n.get(whole, 0) - n.get(alone, 0) - n.get(helped, 0), k):
                    return False
    return True


def shown_cells(municipalities: Iterable[str], n: Mapping[Cell, int], k: int) -> set[Cell]:
    """The cells (municipality, filter) of one period, audience and theme that may be shown.
    "All municipalities" is then the sum of the shown ones under each filter."""
    return {
        (m, f)
        for m in municipalities
        for f in shown_filters({f: n.get((m, f), 0) for f in FILTERS}, k)
    }
