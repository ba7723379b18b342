"""Small groups are never shown: a figure built on fewer than k respondents is hidden.

k is 5 by default and never below 3. When a group is shown beside its complement (answered
alone / with help, out of everyone), a small complement would be revealed by subtracting the
shown group from the total; so if either side is small, both are hidden (complementary
suppression).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from app.scoring import Score

DEFAULT_MIN_GROUP = 5
LOWEST_MIN_GROUP = 3


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


def too_small(n: int, k: int) -> str:
    return f"færre enn {k} svar" if 0 < n < k else ""


def shown(score: Score | None, k: int) -> Shown:
    if score is None:
        return Shown(None, "ingen svar")
    reason = too_small(score.n, k)
    return Shown(None, reason) if reason else Shown(score)


def shown_part(part: Score | None, complement: Score | None, k: int) -> Shown:
    """A part of a shown total (its complement is the rest): hidden if either side is small."""
    own = shown(part, k)
    if own.score is None:
        return own
    if complement is not None and too_small(complement.n, k):
        return Shown(None, f"skjult fordi resten har {too_small(complement.n, k)}")
    return own


def shown_themes(scores: Mapping[str, Score], k: int) -> dict[str, Shown]:
    return {theme: shown(score, k) for theme, score in scores.items()}
