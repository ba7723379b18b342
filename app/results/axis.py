"""The vertical axis of a trend: it spans the figures and their confidence intervals, with a
little room, in steps of five, so a change of a few points can be seen; it never goes past the
scale's 0–100 and never spans less than twenty points, where chance would look like change.
The chart says where the axis starts when it does not start at 0."""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.results.dashboard import TrendPoint

SCALE = (0, 100)
NARROWEST = 20
ROOM = 2  # points above and below the outermost figure
MOST_STEPS = 6


@dataclass(frozen=True)
class Axis:
    low: int
    high: int
    step: int = 25

    @property
    def ticks(self) -> list[int]:
        return list(range(self.low, self.high + 1, self.step))

    def y(self, value: float, *, top: float, bottom: float) -> float:
        """Where `value` sits between `bottom` (the axis's low end) and `top`."""
        return bottom - (value - self.low) / (self.high - self.low) * (bottom - top)


def axis_for(values: Iterable[float]) -> Axis:
    shown = list(values)
    if not shown:
        return Axis(*SCALE)
    low = max(SCALE[0], math.floor((min(shown) - ROOM) / 5) * 5)
    high = min(SCALE[1], math.ceil((max(shown) + ROOM) / 5) * 5)
    while high - low < NARROWEST:
        if low > SCALE[0]:
            low -= 5
        if high - low < NARROWEST and high < SCALE[1]:
            high += 5
    # Ends on the lines: every 5, 10 or 25 points, whichever needs at most six steps.
    for step in (5, 10, 25):
        start, end = math.floor(low / step) * step, math.ceil(high / step) * step
        if (end - start) / step <= MOST_STEPS:
            return Axis(start, end, step)
    return Axis(*SCALE)


def trend_axis(own: Sequence[TrendPoint], everyone: Sequence[TrendPoint]) -> Axis:
    """The axis of a municipality's trend: its residents and relatives with their intervals,
    and all municipalities' residents."""
    shown = (
        [p.residents for p in own] + [p.relatives for p in own] + [p.residents for p in everyone]
    )
    return axis_for(
        value
        for figure in shown
        if figure.score is not None
        for value in (figure.score.mean, figure.score.low, figure.score.high)
        if value is not None
    )
