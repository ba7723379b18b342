"""Whether a difference between two shown figures is larger than chance, over a whole page.

Two groups of respondents (a municipality this period and last, or a municipality and the
other municipalities) are compared with Welch's two-sample t-test, two-sided: the difference of
their means over its standard error, against Student's t with Welch's degrees of freedom
(rounded down, which errs towards "not beyond chance"). It does not assume the two groups vary
alike. The difference shown is that of the two figures as shown, so a reader who subtracts them
gets the same number.

A page shows many differences (the leader's key figures up to 21, a report about 57), and at
5 % each, a page where nothing changed would still show a ✱ more often than not. So the tests
of one page are decided together by Holm's step-down method: the smallest p-value of m is held
against 5 %/m, the next against 5 %/(m − 1), and so on until one is not below its line. The
chance that a page shows any ✱ where nothing differs is then at most 5 %, however the tests
hang together (tests/results/test_differences.py simulates it). Holm, not Benjamini–Hochberg:
every ✱ is then on its own "hardly chance", which is what the page says it is; BH would only
say that most stars are. `difference` gives the test alone; `on_one_page` decides the stars.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.results.scoring import Score, Sums, half_up, score_of, two_sided_p

LEVEL = 0.05  # the chance of any ✱ on a page where nothing differs


@dataclass(frozen=True)
class Difference:
    value: float  # the first figure minus the second, as shown (points on the 0–100 scale)
    p: float = 1.0  # Welch's test alone, two-sided; 1 where nothing is tested
    # Larger than chance, decided with every other difference on its page (`on_one_page`).
    beyond_chance: bool = False
    # The question was asked in other words in one of the two: the words may be what changed
    # the answers, so the change is shown, said, and never called larger than chance.
    reworded: bool = False


def across_wordings(found: Difference | None) -> Difference | None:
    """A change across a question asked in other words: shown, never tested nor starred."""
    return None if found is None else Difference(found.value, reworded=True)


def difference(
    first: Score | None, second: Score | None, *, one_of_many: bool = False
) -> Difference | None:
    """`first` − `second` with its test alone (not yet starred: see `on_one_page`); None when
    either has fewer than two respondents.

    `one_of_many`: `second` is everyone else (a municipality beside all the other ones), many
    times `first`. Welch's degrees of freedom are then too generous where answers are skewed:
    simulated with residents' answers (60 % Ja), 24 beside 126 were called larger than chance
    1.15 times as often as they should at p = 0.002, the level a page's smallest test meets.
    Such a test counts `first`'s own n − 1 (Hsu's conservative choice): 0.94 times."""
    if first is None or second is None or first.n < 2 or second.n < 2:
        return None
    shown = half_up(first.mean - second.mean)
    spread_first, spread_second = first.sd**2 / first.n, second.sd**2 / second.n
    error = math.sqrt(spread_first + spread_second)
    gap = abs(first.exact_mean - second.exact_mean)
    if error == 0:
        return Difference(shown, 0.0 if gap > 0 else 1.0)
    degrees = (spread_first + spread_second) ** 2 / (
        spread_first**2 / (first.n - 1) + spread_second**2 / (second.n - 1)
    )
    if one_of_many:
        degrees = min(degrees, first.n - 1)
    return Difference(shown, two_sided_p(gap / error, math.floor(degrees)))


def on_one_page(found: Sequence[Difference | None]) -> list[Difference | None]:
    """Every difference one page shows, in the same order, with its ✱ decided by Holm's method
    over all of them that were tested (a change across other words is not a test)."""
    tested = sorted((d.p, i) for i, d in enumerate(found) if d is not None and not d.reworded)
    starred: set[int] = set()
    for rank, (p, i) in enumerate(tested):
        if p > LEVEL / (len(tested) - rank):
            break
        starred.add(i)
    return [
        None if d is None else replace(d, beyond_chance=i in starred) for i, d in enumerate(found)
    ]


def others(everyone: Score, one: Score) -> Score | None:
    """The respondents in `everyone` who are not in `one` (the other municipalities), from the
    two groups' means and spreads; None when there is no one else."""
    rest = _sums(everyone) - _sums(one)
    return score_of(rest) if rest.n > 0 else None


def _sums(score: Score) -> Sums:
    total = score.n * score.exact_mean
    return Sums(score.n, total, (score.n - 1) * score.sd**2 + total * score.exact_mean)
