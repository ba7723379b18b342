"""Whether a difference between two shown figures is larger than chance: Welch's two-sample
t-test, two-sided, worked through by hand here; and a page's differences decided together by
Holm's method, so a page where nothing changed shows a ✱ at most one time in twenty
(simulated)."""

import itertools
import math

import numpy
import pytest

from app.questionnaires.model import Theme
from app.results.differences import LEVEL, Difference, difference, on_one_page, others
from app.results.headline import headline
from app.results.lattice import ALL
from app.results.scoring import Score, Sums, score_of, two_sided_p
from app.results.suppression import Shown


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
    assert found.value == 10.0 and found.p < LEVEL
    assert found.p == pytest.approx(2.77e-4, rel=0.01)  # R: 2 * pt(-3.873, 58)
    assert not found.beyond_chance  # a page decides its stars
    assert on_one_page([found]) == [Difference(10.0, found.p, beyond_chance=True)]


def test_two_points_between_thirty_and_thirty_is_not() -> None:
    # t = 2 / 2.582 = 0.77 < 2.0017.
    found = difference(score(30, 62, 10), score(30, 60, 10))
    assert found is not None
    assert found.value == 2.0 and found.p > LEVEL
    assert on_one_page([found]) == [found]


def test_welchs_degrees_of_freedom_decide_near_the_line() -> None:
    # Unequal groups: se = sqrt(400/8 + 25/60) = 7.1005, Welch's df = 7.12 (counted as 7:
    # t = 2.3646). 16.5 points: t = 2.324 < 2.3646, not beyond chance (a pooled test with 66
    # degrees would have said it was: 2.324 > 1.9966).
    a, b = score(8, 76.5, 20), score(60, 60, 5)
    se = math.sqrt(20**2 / 8 + 5**2 / 60)
    assert 16.5 / se == pytest.approx(2.324, abs=0.001)
    found = difference(a, b)
    assert found is not None and found.value == 16.5 and found.p > LEVEL
    assert difference(score(8, 78, 20), b).p < LEVEL  # type: ignore[union-attr]  # t = 2.54


def test_the_p_value_is_students_tail() -> None:
    # R: 2 * pt(-2.0017, 58) = 0.05000 (the 97.5 % quantile), 2 * pt(-12.706, 1) = 0.05,
    # 2 * pt(-5, 10) = 0.000537.
    assert two_sided_p(2.0017, 58) == pytest.approx(0.05, abs=2e-5)
    assert two_sided_p(12.706, 1) == pytest.approx(0.05, abs=1e-5)
    assert two_sided_p(5.0, 10) == pytest.approx(5.373e-4, rel=1e-3)
    assert two_sided_p(0.0, 10) == 1.0


def test_holm_holds_the_smallest_of_m_against_five_percent_over_m() -> None:
    # Four tests: 0.010 ≤ 0.05/4 = 0.0125 starred; 0.015 ≤ 0.05/3 = 0.0167 starred;
    # 0.030 > 0.05/2 = 0.025 stops: neither it nor 0.040 is starred, though each is below 5 %.
    found = [Difference(1.0, p) for p in (0.030, 0.010, 0.040, 0.015)]
    decided = on_one_page([*found, None])
    assert [d.beyond_chance for d in decided if d is not None] == [False, True, False, True]
    assert decided[-1] is None
    # A change across other words is no test: it neither counts in m nor gets a star.
    reworded = Difference(9.0, 0.0, reworded=True)
    decided = on_one_page([Difference(1.0, 0.024), reworded])
    assert [d.beyond_chance for d in decided if d is not None] == [True, False]


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


def _people(answers: dict[float, float]) -> tuple[list[float], list[float]]:
    """Every theme score one respondent can have and its chance: the mean of three, four or
    five answers (as likely), each answer's score with its chance as given."""
    chances: dict[float, float] = {}
    for k in (3, 4, 5):
        for given in itertools.product(answers.items(), repeat=k):
            score = sum(value for value, _ in given) / k
            chances[score] = chances.get(score, 0.0) + math.prod(c for _, c in given) / 3
    return list(chances), list(chances.values())


# Residents' Ja / Både ja og nei / Nei (100, 50, 0); relatives' five steps (0, 25 … 100).
PEOPLE = {
    "resident": _people({100.0: 0.6, 50.0: 0.25, 0.0: 0.15}),
    "relative": _people({0.0: 0.05, 25.0: 0.1, 50.0: 0.2, 75.0: 0.35, 100.0: 0.3}),
}
THEMES = {f"tema{i}": Theme(name=f"Tema {i}") for i in range(7)}
MUNICIPALITIES = {"9901": 24, "9902": 30, "9903": 18, "9904": 40, "9905": 12, "9906": 26}
PAGES = 4000  # of each kind: the share that shows a ✱ is then known to ±0.35 % (one SE)


def _drawn(draw: numpy.random.Generator, audience: str, sizes: list[int]) -> list[Sums]:
    """The sums of groups of these sizes, every respondent drawn alike."""
    values, chances = PEOPLE[audience]
    scores = draw.choice(values, size=sum(sizes), p=chances)
    starts = [0, *itertools.accumulate(sizes)][:-1]
    totals = numpy.add.reduceat(scores, starts).tolist()
    squares = numpy.add.reduceat(scores * scores, starts).tolist()
    return [Sums(*group) for group in zip(sizes, totals, squares, strict=True)]


def _leaders_screen(draw: numpy.random.Generator) -> list[Difference | None]:
    """The leader's key figures for 9901 where nothing differs: every municipality's residents
    and relatives, this round and the one before, drawn alike (as respondents shuffled between
    two rounds and between municipalities are): 7 themes × 3 differences, as headline()
    decided them."""
    figures: dict[tuple[str, str, str, str], Sums] = {}
    for period in ("2025", "2026"):
        for audience in PEOPLE:
            groups = iter(_drawn(draw, audience, list(MUNICIPALITIES.values()) * len(THEMES)))
            for theme in THEMES:
                everyone = Sums()
                for number in MUNICIPALITIES:
                    figures[period, number, audience, theme] = next(groups)
                    everyone += figures[period, number, audience, theme]
                figures[period, ALL, audience, theme] = everyone

    def figure(period: str, number: str, audience: str, theme: str) -> Shown:
        return Shown(score_of(figures[period, number, audience, theme]))

    shown = headline(("9901", "Kommune"), "2026", "2025", THEMES, figure)
    return [
        d
        for row in shown.rows
        for d in (row.residents_change, row.versus_everyone, row.relatives_change)
    ]


def _report(draw: numpy.random.Generator) -> list[Difference | None]:
    """A report's 57 questions' changes where nothing changed (18 residents each round)."""
    groups = iter(_drawn(draw, "resident", [18] * 2 * 57))
    return [difference(score_of(next(groups)), score_of(next(groups))) for _ in range(57)]


def test_where_nothing_changed_at_most_one_page_in_twenty_shows_a_star() -> None:
    """Leader's screens and reports drawn with nothing changed: tested alone at 5 %, most
    pages would show a ✱ (the issue found 37.9 % of tables); decided over the page, at most
    5 % do. Seeded, so every run draws the same: 4.9 % of leader's screens and 4.0 % of reports
    here (other seeds: 4.3–4.9 % and 4.5–4.8 %, each known to ±0.35 %)."""
    draw = numpy.random.default_rng(34)
    for page in (_leaders_screen, _report):
        pages = [page(draw) for _ in range(PAGES)]
        alone = sum(any(d is not None and d.p < LEVEL for d in found) for found in pages)
        starred = sum(any(d is not None and d.beyond_chance for d in found) for found in pages)
        redecided = sum(
            any(d is not None and d.beyond_chance for d in on_one_page(found)) for found in pages
        )
        assert alone / PAGES > 0.5, (page.__name__, alone)
        assert redecided / PAGES <= LEVEL, (page.__name__, redecided)
        if page is _leaders_screen:  # headline() has decided its stars itself
            assert starred == redecided
