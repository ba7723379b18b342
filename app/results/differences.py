"""Whether a difference between two shown figures is larger than chance.

Two groups of respondents (a municipality this period and last, or a municipality and the
other municipalities) are compared with Welch's two-sample t-test, two-sided, at the 5 % level:
the difference of their means over its standard error, against Student's t with Welch's degrees
of freedom (rounded down, which errs towards "not beyond chance"). It does not assume the two
groups vary alike. The difference shown is that of the two figures as shown, so a reader who
subtracts them gets the same number.
"""

import math
from dataclasses import dataclass

from app.results.scoring import Score, Sums, half_up, score_of, t95


@dataclass(frozen=True)
class Difference:
    value: float  # the first figure minus the second, as shown (points on the 0–100 scale)
    beyond_chance: bool
    # The question was asked in other words in one of the two: the words may be what changed
    # the answers, so the change is shown, said, and never called larger than chance.
    reworded: bool = False


def across_wordings(found: Difference | None) -> Difference | None:
    """A change across a question asked in other words: shown, never starred."""
    return None if found is None else Difference(found.value, False, reworded=True)


def difference(first: Score | None, second: Score | None) -> Difference | None:
    """`first` − `second`, tested; None when either has fewer than two respondents."""
    if first is None or second is None or first.n < 2 or second.n < 2:
        return None
    shown = half_up(first.mean - second.mean)
    spread_first, spread_second = first.sd**2 / first.n, second.sd**2 / second.n
    error = math.sqrt(spread_first + spread_second)
    gap = abs(first.exact_mean - second.exact_mean)
    if error == 0:
        return Difference(shown, gap > 0)
    degrees = (spread_first + spread_second) ** 2 / (
        spread_first**2 / (first.n - 1) + spread_second**2 / (second.n - 1)
    )
    return Difference(shown, gap / error > t95(math.floor(degrees)))


def others(everyone: Score, one: Score) -> Score | None:
    """The respondents in `everyone` who are not in `one` (the other municipalities), from the
    two groups' means and spreads; None when there is no one else."""
    rest = _sums(everyone) - _sums(one)
    return score_of(rest) if rest.n > 0 else None


def _sums(score: Score) -> Sums:
    total = score.n * score.exact_mean
    return Sums(score.n, total, (score.n - 1) * score.sd**2 + total * score.exact_mean)
