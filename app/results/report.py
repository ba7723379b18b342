"""One round's results: residents beside relatives and beside all municipalities in the
period, per theme, and the answers to each question. Used by the report page and the
command line; suppression is the same as on the dashboard (app/results/dashboard.py)."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from app.questionnaires import declining
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import QuestionPage
from app.results.dashboard import ALL, AUDIENCES, ThemeSumsCache, analysed_rounds, period_figures
from app.results.sums import Filters, answer_counts
from app.results.suppression import Shown, too_small
from app.rounds.rounds import Audience, questionnaire_for, response_counts
from app.storage.tables import Round


@dataclass(frozen=True)
class ThemeResult:
    theme: str
    name: str
    residents: Shown
    relatives: Shown
    all_residents: Shown  # every municipality with a round in the period
    all_relatives: Shown


def round_results(
    connection: Connection,
    catalog: Catalog,
    cache: ThemeSumsCache,
    survey_round: Round,
    filters: Filters,
    k: int,
    today: date,
) -> list[ThemeResult]:
    """Per theme, this round's figures and all municipalities' in the same period."""
    rounds = [r for r in analysed_rounds(connection) if r.period == survey_round.period]
    if survey_round.demo:  # a try-out round is compared with nothing but itself
        rounds = [survey_round]
    sums = cache.sums(connection, rounds, filters, today)
    figures = period_figures(survey_round.period, rounds, sums, list(catalog.themes), filters, k)
    number = survey_round.municipality_number
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
    ]


@dataclass(frozen=True)
class Distribution:
    """How the answers to one question were spread, or why they are hidden."""

    question: QuestionPage
    counts: list[tuple[str, int]]  # option label (and "Vil ikke svare") → answers
    n: int
    hidden_because: str = ""


def distributions(
    connection: Connection,
    catalog: Catalog,
    survey_round: Round,
    questionnaire_id: str,
    filters: Filters,
    k: int,
) -> list[Distribution]:
    """Each question's answers in a round. A question with fewer than k answers (or whose
    filtered-out rest is fewer than k) is hidden whole: single answers are never shown."""
    questionnaire = catalog.questionnaires[questionnaire_id]
    counts = answer_counts(connection, catalog, survey_round.id or 0, questionnaire_id, filters)
    result = []
    for question in questionnaire.questions:
        scale = catalog.scale_of(question)
        chosen = [(o.label, counts.get((question.id, o.value, "chosen"), 0)) for o in scale.options]
        chosen.append((declining.LABEL, counts.get((question.id, None, "chosen"), 0)))
        n = sum(count for _, count in chosen)
        rest = sum(v for (q, _, part), v in counts.items() if q == question.id and part == "rest")
        reason = too_small(n, k) or (
            f"skjult fordi resten har {too_small(rest, k)}" if too_small(rest, k) else ""
        )
        if n == 0:
            reason = "ingen svar"
        result.append(Distribution(question, [] if reason else chosen, n, reason))
    return result


@dataclass(frozen=True)
class Report:
    """What the printable report of a round shows."""

    themes: list[ThemeResult]
    questions: dict[Audience, list[Distribution]]
    started: int
    finished: int


def round_report(
    connection: Connection,
    catalog: Catalog,
    cache: ThemeSumsCache,
    survey_round: Round,
    filters: Filters,
    k: int,
    today: date,
) -> Report:
    """A round's theme results beside all municipalities, and every question's answers."""
    themes = round_results(connection, catalog, cache, survey_round, filters, k, today)
    questions: dict[Audience, list[Distribution]] = {
        audience: distributions(
            connection, catalog, survey_round, questionnaire_for(survey_round, audience), filters, k
        )
        for audience in AUDIENCES
    }
    started, finished = response_counts(connection).get(survey_round.id or 0, (0, 0))
    return Report(themes, questions, started, finished)
