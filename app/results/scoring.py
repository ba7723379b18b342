"""Theme scores: 0 to 100 for a group of respondents, with n and a 95% confidence interval.

Every answer counts what its option's `score` says (questions/scales.yaml): residents Ja 100,
Både ja og nei / Av og til 50, Nei 0; relatives (x − 1) / 5 × 100. "Vil ikke svare" and "Vet
ikke" count nothing. A question asked as the opposite of another (`reverse_of`) counts
100 − score; a repeat (`repeat_of`) is a check item and counts nothing, so no question weighs
twice. Each respondent's theme score is the mean of their counted answers in the theme; the
group's score is the mean over respondents, so one talkative person weighs as much as anyone.

The database adds the respondents' scores up (app/results/sums.py); this module turns the sums
into a mean and a 95% confidence interval. The sum of the scores is an exact fraction, so a mean
exactly halfway (68.75) is rounded up as the rule says: added as floating-point numbers, thirds
and quarters made 68.7499… and showed 68.7.
"""

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from app.questionnaires.model import QuestionPage, Scale

HelpFilter = Literal["all", "alone", "helped"]


def t95(degrees: int) -> float:
    """The two-sided 95% quantile of Student's t with these degrees of freedom, exact to
    about 1e-12 (R's qt(0.975, df))."""
    return _t_quantile(0.975, max(1, degrees))


def two_sided_p(t: float, degrees: int) -> float:
    """P(|T| ≥ |t|) under Student's t with these degrees of freedom (R's 2 * pt(-|t|, df)),
    from the tail itself so a small p keeps its digits."""
    degrees = max(1, degrees)
    return _incomplete_beta(degrees / 2, 0.5, degrees / (degrees + t * t))


def half_up(value: float | Fraction, decimals: int = 1) -> float:
    """Rounded as people and spreadsheets do: 66.25 → 66.3, 12.5 → 13, −2.25 → −2.3 (Python's
    round() gives 66.2 and 12, to the even digit). A fraction is rounded exactly; a float as
    its shortest decimal."""
    if isinstance(value, Fraction):
        whole = math.floor(abs(value) * 10**decimals + Fraction(1, 2))
        return math.copysign(whole / 10**decimals, value)
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


@lru_cache(maxsize=4096)
def _t_quantile(probability: float, degrees: int) -> float:
    """Newton's method from the normal quantile's expansion, kept within a bracket."""
    z = 1.959963984540054  # the normal's 97.5% quantile
    guess = z + (z**3 + z) / (4 * degrees) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * degrees**2)
    low, high = 0.0, 100.0  # the 97.5% quantile is 12.7 at one degree and less above
    t = min(guess, 50.0)
    for _ in range(100):
        error = _t_cdf(t, degrees) - probability
        if abs(error) < 1e-14:
            break
        low, high = (t, high) if error < 0 else (low, t)
        step = t - error / _t_density(t, degrees)
        t = step if low < step < high else (low + high) / 2
    return t


def _t_density(t: float, degrees: int) -> float:
    log_density = (
        math.lgamma((degrees + 1) / 2)
        - math.lgamma(degrees / 2)
        - 0.5 * math.log(degrees * math.pi)
        - (degrees + 1) / 2 * math.log1p(t * t / degrees)
    )
    return math.exp(log_density)


def _t_cdf(t: float, degrees: int) -> float:
    """P(T ≤ t) for t ≥ 0, through the regularized incomplete beta function."""
    return 1 - 0.5 * _incomplete_beta(degrees / 2, 0.5, degrees / (degrees + t * t))


def _incomplete_beta(a: float, b: float, x: float) -> float:
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(a, b, x) / a
    return 1 - front * _beta_fraction(b, a, 1 - x) / b


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz's method)."""
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    fraction = d
    for m in range(1, 1000):
        for step in (
            m * (b - m) * x / ((a - 1 + 2 * m) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 1 + 2 * m)),
        ):
            d = 1 + step * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + step / c
            c = c if abs(c) > tiny else tiny
            fraction *= d * c
        if abs(d * c - 1) < 1e-15:
            break
    return fraction


@dataclass(frozen=True)
class Score:
    mean: float  # rounded half up to one decimal, as shown
    n: int  # respondents with at least one counted answer in the theme
    low: float | None  # 95% confidence interval; None for a single respondent
    high: float | None
    # Unrounded, and the respondents' standard deviation: what a test of a difference needs
    # (app/results/differences.py). Not part of what a figure is: two figures shown alike are
    # equal.
    exact_mean: float = field(default=0.0, compare=False)
    sd: float = field(default=0.0, compare=False)


@dataclass(frozen=True)
class Sums:
    """Respondents' theme scores added up: enough for a mean and a confidence interval."""

    n: int = 0
    # Exact, from the answers' scores; a float only in sums kept by a version before exact sums
    # (whatever is added to one is then a float too).
    total: Fraction | float = Fraction(0)
    squares: float = 0.0

    def __add__(self, other: "Sums") -> "Sums":
        return Sums(self.n + other.n, self.total + other.total, self.squares + other.squares)

    def __sub__(self, other: "Sums") -> "Sums":
        return Sums(self.n - other.n, self.total - other.total, self.squares - other.squares)


def score_of(sums: Sums) -> Score | None:
    """The group's mean over respondents with a Student-t 95% interval (None without anyone)."""
    if sums.n == 0:
        return None
    mean = sums.total / sums.n
    if sums.n < 2:
        return Score(half_up(mean), 1, None, None, float(mean))
    variance = max(0.0, (sums.squares - float(sums.total * mean)) / (sums.n - 1))
    margin = t95(sums.n - 1) * math.sqrt(variance / sums.n)
    return Score(
        half_up(mean),
        sums.n,
        half_up(max(0.0, mean - margin)),
        half_up(min(100.0, mean + margin)),
        float(mean),
        math.sqrt(variance),
    )


def item_score(question: QuestionPage, scale: Scale, value: str | None) -> float | None:
    """What one answer counts in its theme, or None when it counts nothing."""
    if value is None or question.theme is None or question.repeat_of is not None:
        return None
    option = scale.option(value)
    if option is None or option.score is None:
        return None
    return 100 - option.score if question.reverse_of is not None else option.score
