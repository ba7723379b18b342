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
   can be worked out. A municipality's own analysts see it in full, so they can take it out
   too (of the hidden ones, and of "all municipalities" in rule 1); so can an account that
   sees several. Otherwise up to two more municipalities (the smallest shown) are hidden when
   that is enough; if not, "all municipalities" is hidden under that filter.

Plain functions over counts (n), so the rule can be tested against an attacker directly.
"""

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

from app.results.sums import FILTERS, Filters

ALL = "alle"  # the group "all municipalities"
Cell = tuple[str, Filters]  # a group and a filter
Insider = frozenset[str]  # municipalities someone sees in full: they can take them out of a sum
NOBODY: Insider = frozenset()


def within(inner: Filters, outer: Filters) -> bool:
    """Whether everyone `inner` counts is counted by `outer` too."""
    return (outer.help == "all" or outer.help == inner.help) and (
        inner.without_flagged or not outer.without_flagged
    )


def unsafe(difference: int, k: int) -> bool:
    return 0 < difference < k


def _fits(
    group: str,
    f: Filters,
    n: Mapping[Cell, int],
    shown: set[Cell],
    k: int,
    insiders: Sequence[Insider] = (),
) -> bool:
    """Whether the figure of `group` under `f` may be shown beside those already shown.
    `insiders`: municipalities within the group whose analysts know their own figures under
    every filter (from their microdata), and so can take them out of the group's."""
    known = {other for other in FILTERS if (group, other) in shown}
    nested = [other for other in known if within(f, other) or within(other, f)]
    for insider in (NOBODY, *insiders):

        def value(filters: Filters, insider: Insider = insider) -> int:
            return n.get((group, filters), 0) - _total(insider, filters, n)

        here = value(f)
        if (here < k) if not insider else unsafe(here, k):
            return False
        if any(unsafe(abs(value(other) - here), k) for other in nested):
            return False
        # Everyone minus "alone" minus "with help" (under filters within it) is a group too:
        # those the parts' filters leave out, such as flagged people who had help.
        parts = known | {f}
        for whole in (w for w in parts if w.help == "all"):
            for alone in (a for a in parts if a.help == "alone" and within(a, whole)):
                for helped in (h for h in parts if h.help == "helped" and within(h, whole)):
                    if unsafe(value(whole) - value(alone) - value(helped), k):
                        return False
    return True


def _per_group(
    municipalities: Sequence[str], n: Mapping[Cell, int], k: int, together: Sequence[Insider]
) -> set[Cell]:
    shown: set[Cell] = set()
    everyone = [frozenset([m]) for m in municipalities] + list(together)
    for group in [*municipalities, ALL]:
        insiders = everyone if group == ALL else []
        for f in FILTERS:
            if _fits(group, f, n, shown, k, insiders):
                shown.add((group, f))
    return shown


def shown_filters(n: Mapping[Filters, int], k: int) -> set[Filters]:
    """For one group alone (a round's question in its report): the filters it may be shown
    under."""
    only = {("group", f): v for f, v in n.items()}
    shown: set[Cell] = set()
    for f in FILTERS:
        if _fits("group", f, only, shown, k):
            shown.add(("group", f))
    return {f for _, f in shown}


def _total(group: Iterable[str], f: Filters, n: Mapping[Cell, int]) -> int:
    return sum(n.get((m, f), 0) for m in group)


def _residual_safe(
    f: Filters,
    municipalities: list[str],
    n: Mapping[Cell, int],
    shown: set[Cell],
    k: int,
    together: Sequence[Insider] = (),
) -> bool:
    """Whether "all municipalities" minus the shown ones is safe under `f`: for anyone, and
    for a municipality's own analysts, who can also take their own municipality out (rest =
    hidden − theirs) and know it under every filter."""
    hidden = {m for m in municipalities if (m, f) not in shown}
    if not hidden or (ALL, f) not in shown:
        return True
    here = _total(hidden, f, n)
    # Per nested filter: the same municipalities' total there; those hidden there but shown
    # under f (the view through "all" needs them known); those hidden under both.
    nested = []
    for other in FILTERS:
        if other != f and (within(f, other) or within(other, f)):
            hidden_there = {m for m in municipalities if (m, other) not in shown}
            through_all = (ALL, other) in shown
            nested.append(
                (other, _total(hidden, other, n), through_all, hidden_there - hidden,
                 hidden_there & hidden)
            )  # fmt: skip
    # Who can take something out: anyone's own municipality, and accounts' sets of them.
    reach = set(hidden).union(*(outside for _, _, _, outside, _ in nested))
    insiders = [frozenset([m]) for m in sorted(reach)] + [s for s in together if s & reach]
    for insider in (NOBODY, *insiders):
        rest_here = here - _total(insider & hidden, f, n)
        if unsafe(rest_here, k):
            return False
        for other, there, through_all, outside, inside in nested:
            # The rest under `other`: through "all" when whatever is hidden there and not in
            # the rest is the insider's own; or each of the rest shown on its own there.
            known = (through_all and outside <= insider) or inside <= insider
            rest_there = there - _total(insider & hidden, other, n)
            if known and unsafe(abs(rest_there - rest_here), k):
                return False
    return True


def shown_cells(
    municipalities: list[str],
    n: Mapping[Cell, int],
    k: int,
    together: Sequence[Insider] = (),
) -> set[Cell]:
    """The cells (group, filter) of one period, audience and theme that may be shown.
    `together`: sets of municipalities an account sees in full at once (each municipality on
    its own is always weighed: its analysts see it in full)."""
    shown = _per_group(municipalities, n, k, together)
    changed = True
    while changed:
        changed = False
        for f in FILTERS:
            if _residual_safe(f, municipalities, n, shown, k, together):
                continue
            shown -= _fewest_to_hide(f, municipalities, n, shown, k, together)
            changed = True
    return shown


MORE_TO_HIDE = 2  # hidden beside a small group before "all municipalities" is hidden instead


def _fewest_to_hide(
    f: Filters,
    municipalities: list[str],
    n: Mapping[Cell, int],
    shown: set[Cell],
    k: int,
    together: Sequence[Insider],
) -> set[Cell]:
    """Hide the smallest shown municipalities until all minus the shown ones is safe, or, when
    that takes more than `MORE_TO_HIDE`, "all municipalities" under this filter instead. Two
    can be needed: beside one more, that municipality's own analysts would take theirs out and
    be left with the small group."""
    trial, hidden = set(shown), set()
    smallest = sorted((n.get((m, f), 0), m) for m in municipalities if (m, f) in shown)
    for _, m in smallest[:MORE_TO_HIDE]:
        trial.discard((m, f))
        hidden.add((m, f))
        if _residual_safe(f, municipalities, n, trial, k, together):
            return hidden
    return {(ALL, f)}


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
