"""Theme scores: 0 to 100 for a group of respondents, with n and a 95% confidence interval.

Every answer counts what its option's `score` says (questions/scales.yaml): residents Ja 100,
Både ja og nei / Av og til 50, Nei 0; relatives (x − 1) / 5 × 100. "Vil ikke svare" and "Vet
ikke" count nothing. A question asked as the opposite of another (`reverse_of`) counts
100 − score; a repeat (`repeat_of`) is a check item and counts nothing, so no question weighs
twice. Each respondent's theme score is the mean of their counted answers in the theme; the
group's score is the mean over respondents, so one talkative person weighs as much as anyone.

The database adds the respondents' scores up (app/results/sums.py); this module turns the sums
into a mean and a 95% confidence interval.
"""

import math
from dataclasses import dataclass
from typing import Literal

from app.questionnaires.model import QuestionPage, Scale

HelpFilter = Literal["all", "alone", "helped"]

# Two-sided 95% quantiles of Student's t by degrees of freedom.
_T95 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
    9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120,
    17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064,
    25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000,
    120: 1.980,
}  # fmt: skip


def t95(degrees: int) -> float:
    """Between rows of the table, the row with fewer degrees: its interval is a little wider."""
    return _T95[max(d for d in _T95 if d <= max(1, degrees))]


@dataclass(frozen=True)
class Score:
    mean: float
    n: int  # respondents with at least one counted answer in the theme
    low: float | None  # 95% confidence interval; None for a single respondent
    high: float | None


@dataclass(frozen=True)
class Sums:
    """Respondents' theme scores added up: enough for a mean and a confidence interval."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0

    def __add__(self, other: "Sums") -> "Sums":
        return Sums(self.n + other.n, self.total + other.total, self.squares + other.squares)


def score_of(sums: Sums) -> Score | None:
    """The group's mean over respondents with a Student-t 95% interval (None without anyone)."""
    if sums.n == 0:
        return None
    mean = sums.total / sums.n
    if sums.n < 2:
        return Score(round(mean, 1), 1, None, None)
    variance = max(0.0, (sums.squares - sums.total * mean) / (sums.n - 1))
    margin = t95(sums.n - 1) * math.sqrt(variance / sums.n)
    return Score(
        round(mean, 1),
        sums.n,
        round(max(0.0, mean - margin), 1),
        round(min(100.0, mean + margin), 1),
    )


def item_score(question: QuestionPage, scale: Scale, value: str | None) -> float | None:
    """What one answer counts in its theme, or None when it counts nothing."""
    if value is None or question.theme is None or question.repeat_of is not None:
        return None
    option = scale.option(value)
    if option is None or option.score is None:
        return None
    return 100 - option.score if question.reverse_of is not None else option.score
