"""One round's results: residents beside relatives and beside all municipalities in the
period, per theme, and the answers to each question. Used by the report page and the
command line; suppression is the same as on the dashboard (app/results/dashboard.py)."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from app.questionnaires import declining
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import QuestionPage, Scale, values_of
from app.results.breakdowns import breakdown_results
from app.results.context import ResultsContext
from app.results.dashboard import STILL_OPEN, compared_by, figures_for
from app.results.differences import Difference, across_wordings, difference
from app.results.lattice import ALL, shown_filters
from app.results.scoring import Score, Sums, item_score, score_of
from app.results.sums import QuestionKey, answer_counts
from app.results.suppression import Shown, hidden
from app.results.units import UnitResults, unit_results
from app.rounds.invited import Participation, participation
from app.rounds.rounds import (
    ROUND_UNIT,
    Audience,
    asked_wording,
    audiences_asked,
    questionnaire_for,
    response_counts,
    units_of,
)
from app.storage.tables import Round


@dataclass(frozen=True)
class ThemeResult:
    theme: str
    name: str
    residents: Shown
    relatives: Shown
    all_residents: Shown  # every municipality with a round in the period
    all_relatives: Shown


def round_results(context: ResultsContext, survey_round: Round) -> list[ThemeResult]:
    """Per theme its questionnaires ask about, this round's figures and all municipalities'
    in the same period that asked the same questionnaire."""
    catalog = context.catalog
    rounds = [r for r in context.rounds() if r.period == survey_round.period]
    if survey_round.demo:  # a try-out round is compared with nothing but itself
        rounds = [survey_round]
    figures = figures_for(context, survey_round.period, rounds, compared_by(catalog, survey_round))
    number = survey_round.municipality_number
    asked = themes_asked(catalog, survey_round)
    return [
        ThemeResult(
            theme=theme_id,
            name=theme.name,
            residents=figures.figure(number, "resident", theme_id),
            relatives=figures.figure(number, "relative", theme_id),
            all_residents=figures.figure(ALL, "resident", theme_id),
            all_relatives=figures.figure(ALL, "relative", theme_id),
        )
        for theme_id, theme in catalog.themes.items()
        if theme_id in asked
    ]


def themes_asked(catalog: Catalog, survey_round: Round) -> set[str]:
    """The themes the round's questionnaires ask about."""
    return {
        question.theme
        for audience in audiences_asked(survey_round)
        if (asked := catalog.questionnaires.get(questionnaire_for(survey_round, audience)))
        for question in asked.questions
        if question.theme is not None
    }


@dataclass(frozen=True)
class Distribution:
    """How the answers to one question were spread, or why they are hidden."""

    question: QuestionPage
    counts: list[tuple[str, int]]  # option label (and "Vil ikke svare") → answers
    n: int
    hidden_because: str = ""
    wording: str = ""  # the question as the round asked it
    # What each of `counts` counts in the theme (0 worst, 100 best, turned for a question asked
    # the other way round); None for an answer that counts nothing, or a background question.
    scores: list[float | None] = field(default_factory=list)

    @property
    def several(self) -> bool:
        """Boxes to tick: each option's share is of the people, so they add up to over 100 %."""
        return self.question.multiple

    @property
    def score(self) -> Score | None:
        """The mean of what its answers count, 0–100; None when hidden or counting nothing."""
        if self.hidden_because:
            return None
        counted = [
            (count, score)
            for (_, count), score in zip(self.counts, self.scores, strict=True)
            if score is not None and count
        ]
        return score_of(
            Sums(
                sum(count for count, _ in counted),
                sum((count * Fraction(repr(score)) for count, score in counted), Fraction(0)),
                sum(count * score * score for count, score in counted),
            )
        )


def distributions(
    context: ResultsContext, survey_round: Round, questionnaire_id: str
) -> list[Distribution]:
    """Each question's answers in a round. A question is hidden whole when fewer than k
    answered it, or when beside the same question under another filter it would show a small
    group (decided for all filters together, app/results/lattice.py): single answers are
    never shown, nor can they be worked out."""
    catalog, k = context.catalog, context.k
    questionnaire = catalog.questionnaires[questionnaire_id]
    stored = asked_wording(context.connection, survey_round.id, questionnaire_id)
    asked = {q.id: stored.get(q.id, q.text) for q in questionnaire.questions}
    if context.open_rounds([survey_round]) or survey_round.answers_deleted_at is not None:
        why = STILL_OPEN if survey_round.answers_deleted_at is None else ANSWERS_DELETED
        return [
            Distribution(question, [], 0, why, asked[question.id])
            for question in questionnaire.questions
        ]
    counts = answer_counts(context.connection, catalog, survey_round, questionnaire_id)
    result = []
    for question in questionnaire.questions:
        answered = {
            f: sum(
                v for (q, _, part), v in by_value.items() if q == question.id and part == "chosen"
            )
            for f, by_value in counts.items()
        }
        scale = catalog.scale_of(question)
        chosen = _chosen(question, scale, counts[context.filters])
        scores = [item_score(question, scale, o.value) for o in scale.options] + [None]
        scores = [None, *scores] if question.round_units else scores
        n = answered[context.filters]
        wording = asked[question.id]
        if context.filters in shown_filters(answered, k):
            result.append(Distribution(question, chosen, n, "", wording, scores))
        else:
            result.append(Distribution(question, [], n, hidden(n, k).hidden_because, wording))
    return result


ANSWERS_DELETED = "svarene er slettet"  # app/survey/retention.py
HOME_CHOSEN = "En av rundens boliger"  # a home asked (`round_units`): not which, only that


def _chosen(
    question: QuestionPage, scale: Scale, counts: Mapping[QuestionKey, int]
) -> list[tuple[str, int]]:
    """How many chose each option (with boxes to tick, each box counts the people who ticked
    it, so they add up to more than n), then "Vil ikke svare"."""
    per_value: Counter[str | None] = Counter()
    for (question_id, value, part), count in counts.items():
        if question_id == question.id and part == "chosen":
            for each in values_of(value) if question.multiple and value else [value]:
                per_value[each] += count
    rows = [(o.label, per_value[o.value]) for o in scale.options]
    homes = [(HOME_CHOSEN, per_value[ROUND_UNIT])] if question.round_units else []
    return [*homes, *rows, (declining.LABEL, per_value[None])]


@dataclass(frozen=True)
class Report:
    """What the printable report of a round shows."""

    themes: list[ThemeResult]
    questions: dict[Audience, list[Distribution]]
    started: int
    finished: int
    # How many were invited and answered, per audience (the whole round, then each home);
    # empty when the owner has not said how many were invited.
    participation: dict[Audience, list[Participation]] = field(default_factory=dict)
    previous: str = ""  # the period of the municipality's round before, if any
    # Per audience and question: its score now minus in the round before, tested (both shown).
    changes: dict[Audience, dict[str, Difference | None]] = field(default_factory=dict)
    # Each audience's themes per home (app/results/units.py): residents where the round lists
    # homes, relatives where their questionnaire also asks which (`round_units`).
    homes: list[UnitResults] = field(default_factory=list)
    # Each audience's themes by service and by form of housing (app/results/breakdowns.py).
    breakdowns: list[UnitResults] = field(default_factory=list)


def round_report(context: ResultsContext, survey_round: Round) -> Report:
    """A round's theme results beside all municipalities, every question's answers, and each
    question's change since the municipality's round before."""
    themes = round_results(context, survey_round)
    questions: dict[Audience, list[Distribution]] = {
        audience: distributions(context, survey_round, questionnaire_for(survey_round, audience))
        for audience in audiences_asked(survey_round)
    }
    started, finished = response_counts(context.connection).get(survey_round.id, (0, 0))
    invited = participation(context.connection, survey_round, context.k)
    before = round_before(context, survey_round)
    changes: dict[Audience, dict[str, Difference | None]] = {}
    if before is not None:
        for audience in questions:
            asked = questionnaire_for(survey_round, audience)
            same = questionnaire_for(before, audience) == asked  # the same questions only
            earlier = {d.question.id: d for d in distributions(context, before, asked)}
            earlier = earlier if same else {}
            changes[audience] = {
                d.question.id: _change(d, earlier.get(d.question.id)) for d in questions[audience]
            }
    previous = before.period if before is not None else ""
    kept = survey_round.answers_deleted_at is None  # else only the round's kept sums are left
    homes = [
        unit_results(context, survey_round, audience)
        for audience in audiences_asked(survey_round)
        if kept and units_of(survey_round) and _asks_home(context, survey_round, audience)
    ]
    breakdowns = [
        shown
        for audience in audiences_asked(survey_round)
        if kept
        for shown in breakdown_results(context, survey_round, audience)
    ]
    return Report(
        themes, questions, started, finished, invited, previous, changes, homes, breakdowns
    )


def _change(now: Distribution, then: Distribution | None) -> Difference | None:
    """A question's change since the round before; across other words, said and unstarred."""
    if then is None:
        return None
    found = difference(now.score, then.score)
    return across_wordings(found) if now.wording != then.wording else found


def _asks_home(context: ResultsContext, survey_round: Round, audience: Audience) -> bool:
    if audience == "resident":
        return True
    asked = context.catalog.questionnaires.get(questionnaire_for(survey_round, audience))
    return asked is not None and any(q.round_units for q in asked.questions)


def round_before(context: ResultsContext, survey_round: Round) -> Round | None:
    earlier = [
        r
        for r in context.rounds()
        if r.municipality_number == survey_round.municipality_number
        and r.period < survey_round.period
    ]
    return max(earlier, key=lambda r: r.period) if earlier and not survey_round.demo else None
