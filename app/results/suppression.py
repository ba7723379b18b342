"""Small groups are never shown: a figure built on fewer than k respondents is hidden.

k is 5 by default (MINSTEMME_MIN_GROUP) and never below 3. Two ways a hidden figure could
still be worked out are closed as well (complementary suppression):

- A filtered figure (answered alone, or without flagged responses) next to the unfiltered
  one gives away what the filter left out. So when the left-out rest is a small group, the
  filtered figure is hidden too.
- Municipalities next to "all municipalities": the total minus the shown ones gives away the
  hidden ones. So when the hidden groups together are fewer than k, the smallest shown ones
  are hidden as well, until what could be worked out is k respondents or more.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from app.results.scoring import Score

DEFAULT_MIN_GROUP = 5
LOWEST_MIN_GROUP = 3
Key = TypeVar("Key", bound=Hashable)


class UnsafeMinimum(ValueError):
    """k below 3 would let single people be recognized."""


def checked_minimum(k: int) -> int:
    if k < LOWEST_MIN_GROUP:
        raise UnsafeMinimum(f"Minste gruppe kan ikke være under {LOWEST_MIN_GROUP} (ble {k}).")
    return k


@dataclass(frozen=True)
class Shown:
    """A figure as it may be shown: the score, or None with the reason it is hidden."""

    score: Score | None
    hidden_because: str = ""
    n: int = 0  # respondents behind it, shown or not (never displayed when hidden)


def too_small(n: int, k: int) -> str:
    return f"færre enn {k} svar" if 0 < n < k else ""


def shown(score: Score | None, k: int, rest: int = 0) -> Shown:
    """The figure, hidden when it is small or when `rest` (what a filter left out) is."""
    if score is None:
        return Shown(None, "ingen svar")
    reason = too_small(score.n, k)
    if reason:
        return Shown(None, reason, score.n)
    if too_small(rest, k):
        return Shown(None, f"skjult fordi resten har {too_small(rest, k)}", score.n)
    return Shown(score, n=score.n)


def shown_beside_total(figures: Mapping[Key, Shown], k: int) -> dict[Key, Shown]:
    """Groups shown beside their total: hidden groups together must hold k or more."""
    result = dict(figures)
    hidden = sum(f.n for f in result.values() if f.score is None)
    candidates = sorted((f.n, i) for i, (key, f) in enumerate(result.items()) if f.score)
    keys = list(result)
    while 0 < hidden < k and candidates:
        n, index = candidates.pop(0)
        result[keys[index]] = Shown(None, "skjult så en liten gruppe ikke kan regnes ut", n)
        hidden += n
    return result
