"""Small groups are never shown: a figure built on fewer than k respondents is hidden.

k is 5 by default (MINSTEMME_MIN_GROUP) and never below 3. Which figures may be shown together,
so that none can be worked out from others by subtracting, is decided in
app/results/lattice.py; this module holds k and what a figure looks like, shown or hidden.
"""

from dataclasses import dataclass, field

from app.results.scoring import Score, Sums

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
    n: int = 0  # respondents behind it, shown or not (never displayed when hidden)
    note: str = ""  # said beside a shown figure ("14 av 15 kommuner")
    # What a shown municipality's figure adds to a sum of municipalities ("Alle kommuner", a
    # reference group); empty when hidden. Not part of what a figure is.
    sums: Sums = field(default_factory=Sums, compare=False)


def hidden(n: int, k: int) -> Shown:
    """A figure the lattice rule keeps back: too small itself, or it would show a small group
    beside the same group's figure under another filter (app/results/lattice.py). Nobody is
    said as 1 to k−1 are ("færre enn 5 svar"): "nobody helped" beside a total would tell that
    the total is all "answered alone", which the rule hid."""
    if n < k:
        return Shown(None, f"færre enn {k} svar", n)
    return Shown(None, "skjult så en liten gruppe ikke kan regnes ut", n)
