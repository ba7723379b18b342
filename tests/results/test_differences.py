"""Whether a difference between two shown figures is larger than chance: Welch's two-sample
t-test, two-sided, at 5 %, worked through by hand here."""

import math

import pytest

from app.results.differences import difference, others
from app.results.scoring import Score, Sums, score_of


def group(n: int, mean: float, sd: float) -> Sums:
    """The sums of n respondents with this mean and standard deviation."""
    total = n * mean
    return Sums(n, total, (n - 1) * sd**2 + total * mean)


def score(n: int, mean: float, sd: float) -> Score:
    found = score_of(group(n, mean, sd))
    assert found is not None
    return found


def test_a_difference_of_ten_points_between_thirty_and_thirty_is_beyond_chance() -> None:
    # se = sqrt(100/30 + 100/30) = 2.582; t = 10 / 2.582 = 3.87; Welch's df = 58;
    # t(0.975, 58) = 2.0017: beyond chance.
    found = difference(score(30, 70, 10), score(30, 60, 10))
    assert found is not None
    assert found.value == 10.0 and found.beyond_chance


def test_two_points_between_thirty_and_thirty_is_not() -> None:
    # t = 2 / 2.582 = 0.77 < 2.0017.
    found = difference(score(30, 62, 10), score(30, 60, 10))
    assert found is not None
    assert found.value == 2.0 and not found.beyond_chance


def test_welchs_degrees_of_freedom_decide_near_the_line() -> None:
    # Unequal groups: se = sqrt(400/8 + 25/60) = 7.1005, Welch's df = 7.12 (counted as 7:
    # t = 2.3646). 16.5 points: t = 2.324 < 2.3646, not beyond chance (a pooled test with 66
    # degrees would have said it was: 2.324 > 1.9966).
    a, b = score(8, 76.5, 20), score(60, 60, 5)
    se = math.sqrt(20**2 / 8 + 5**2 / 60)
    assert 16.5 / se == pytest.approx(2.324, abs=0.001)
    found = difference(a, b)
    assert found is not None and found.value == 16.5 and not found.beyond_chance
    assert difference(score(8, 78, 20), b).beyond_chance  # type: ignore[union-attr]  # t = 2.54


def test_no_test_without_two_respondents_on_each_side() -> None:
    one = score_of(Sums(1, 80, 6400))
    assert difference(one, score(30, 60, 10)) is None
    assert difference(None, score(30, 60, 10)) is None


def test_the_shown_difference_is_the_difference_of_the_shown_figures() -> None:
    # 66.25 and 60.04 are shown as 66.3 and 60.0: the difference shown is 6.3, not 6.2.
    found = difference(score(40, 66.25, 12), score(40, 60.04, 12))
    assert found is not None and found.value == 6.3


def test_the_other_municipalities_are_all_minus_one() -> None:
    ours, rest = group(30, 70, 10), group(90, 60, 12)
    everyone = score_of(ours + rest)
    assert everyone is not None
    them = others(everyone, score(30, 70, 10))
    expected = score_of(rest)
    assert them is not None and expected is not None
    assert them.n == 90 and them.mean == expected.mean
    assert them.sd == pytest.approx(expected.sd)
    assert others(score(30, 70, 10), score(30, 70, 10)) is None  # no one else
