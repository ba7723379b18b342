"""Theme scores: 0 to 100 for a group of respondents, with n and a 95% confidence interval.

Every answer counts what its option's `score` says (questions/scales.yaml): residents Ja 100,
Både ja og nei / Av og til 50, Nei 0; relatives (x − 1) / 5 × 100. "Vil ikke svare" and "Vet
ikke" count nothing. A question asked as the opposite of another (`reverse_of`) counts
100 − score; a repeat (`repeat_of`) is a check item and counts nothing, so no question weighs
twice. Each respondent's theme score is the mean of their counted answers in the theme; the
group's score is the mean over respondents, so one talkative person weighs as much as anyone.

Computed in one pass over a stream of answers, in constant memory per theme.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from app.helping import answered_with_help
from app.questionnaire import Questionnaire, QuestionPage, Scale

HelpFilter = Literal["all", "alone", "helped"]

# Two-sided 95% quantiles of Student's t by degrees of freedom; 1.96 beyond the table.
_T95 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
    9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120,
    17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064,
    25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000,
    120: 1.980,
}  # fmt: skip


def t95(degrees: int) -> float:
    if degrees in _T95:
        return _T95[degrees]
    larger = [d for d in _T95 if d > degrees]
    return _T95[min(larger)] if larger else 1.960  # the next row up is the safer (wider) one


@dataclass(frozen=True)
class AnswerRow:
    """One stored answer, with what the filters need from its response."""

    response_id: str
    question_id: str
    value: str | None
    helper: str | None  # who was with the resident when it was given
    flagged: bool  # the response has answer-quality flags


@dataclass(frozen=True)
class Score:
    mean: float
    n: int  # respondents with at least one counted answer in the theme
    low: float | None  # 95% confidence interval; None for a single respondent
    high: float | None


@dataclass
class _Running:
    """Welford's running mean and variance over respondents' theme scores."""

    n: int = 0
    mean: float = 0.0
    squares: float = 0.0

    def add(self, value: float) -> None:
        self.n += 1
        delta = value - self.mean
        self.mean += delta / self.n
        self.squares += delta * (value - self.mean)

    def score(self) -> Score:
        if self.n < 2:
            return Score(round(self.mean, 1), self.n, None, None)
        margin = t95(self.n - 1) * math.sqrt(self.squares / (self.n - 1)) / math.sqrt(self.n)
        return Score(
            round(self.mean, 1),
            self.n,
            round(max(0.0, self.mean - margin), 1),
            round(min(100.0, self.mean + margin), 1),
        )


def item_score(question: QuestionPage, scale: Scale, value: str | None) -> float | None:
    """What one answer counts in its theme, or None when it counts nothing."""
    if value is None or question.theme is None or question.repeat_of is not None:
        return None
    option = scale.option(value)
    if option is None or option.score is None:
        return None
    return 100 - option.score if question.reverse_of is not None else option.score


@dataclass
class _Respondent:
    response_id: str = ""
    sums: dict[str, list[float]] = field(default_factory=dict)  # theme → [total, count]


def theme_scores(
    questionnaire: Questionnaire,
    scales: Mapping[str, Scale],
    answers: Iterable[AnswerRow],
    *,
    help_filter: HelpFilter = "all",
    without_flagged: bool = False,
) -> dict[str, Score]:
    """Scores per theme for the answers given, which must come grouped by response.

    `help_filter` keeps answers given alone or with help (for questionnaires that ask who
    helps; others are not filtered). `without_flagged` leaves out flagged responses.
    """
    questions = {q.id: q for q in questionnaire.questions}
    running: dict[str, _Running] = {}
    current = _Respondent()

    def close(respondent: _Respondent) -> None:
        for theme, (total, count) in respondent.sums.items():
            running.setdefault(theme, _Running()).add(total / count)

    for row in answers:
        if row.response_id != current.response_id:
            close(current)
            current = _Respondent(row.response_id)
        question = questions.get(row.question_id)
        if question is None or question.theme is None or (without_flagged and row.flagged):
            continue
        filtering = questionnaire.ask_helper and help_filter != "all"
        if filtering and answered_with_help(row.helper) != (help_filter == "helped"):
            continue
        counted = item_score(question, scales[question.scale], row.value)
        if counted is not None:
            sums = current.sums.setdefault(question.theme, [0.0, 0])
            sums[0] += counted
            sums[1] += 1
    close(current)
    return {theme: values.score() for theme, values in running.items()}
