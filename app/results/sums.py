"""Sums the database computes for results: per round, audience, theme and part.

The score of each answer (app/results/scoring.py) is handed to the database as a small table, so the
database does the counting: each respondent's theme score is the mean of their counted
answers, and each group keeps n, the sum and the sum of squares of those scores. Nothing is
held per respondent in Python, so a national round costs one query, not a loop over rows.

The sum is exact: each answer's score goes in as a whole number (`scaled`: the score times
`score_scale`, 1 for the shipped scales), the database adds those up per respondent and then
per group of respondents with as many counted answers (who all divide by the same number), and
Python adds the few groups up as fractions. Floating-point thirds and quarters had made a mean
of exactly 56.25 into 56.2499…, shown 56.2.

Only answers that pass the filters are counted; their sums are keyed as the "chosen" part, and
under a help filter the "partial" part counts the people it holds with some of their answers left
out (older versions also counted the "rest" a filter left out; kept sums may still hold it). Which
figures may be shown beside which is decided from every filter's sums together
(app/results/lattice.py).
"""

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from sqlalchemy import (
    BigInteger,
    Connection,
    Float,
    String,
    and_,
    case,
    column,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    table,
)
from sqlalchemy.sql.elements import ColumnElement

from app.questionnaires.catalog import Catalog
from app.results.scoring import HelpFilter, Sums, item_score
from app.rounds.rounds import Audience, questionnaire_for
from app.storage.tables import Round, answers_table, responses_table
from app.survey.helping import ALONE

# "partial": under a help filter, how many it counts with some of their answers left out
# (n only; app/results/lattice.py). "rest": only in sums kept by older versions.
Part = Literal["chosen", "partial", "rest"]
CHOSEN: Part = "chosen"
PARTIAL: Part = "partial"
# Kept sums made by another version of the counting are counted again: 2 counts "partial".
COUNTING_VERSION = 2


def counted(survey_round: Round) -> ColumnElement[bool]:
    """The responses a round's figures and files hold: every one, or, for a round opened again
    whose new responses are not yet enough to show, those it held when it closed
    (app/results/reopened.py)."""
    condition: ColumnElement[bool] = responses_table.c.round_id == survey_round.id
    if survey_round.counts_before is None:
        return condition
    return and_(condition, responses_table.c.started_at < survey_round.counts_before)


Holding = tuple[int, datetime | None, datetime | None]


def holding(survey_round: Round) -> Holding:
    """Which responses a round's figures hold: a reopening, and showing every response after
    it, change it; anything kept of a round's figures is kept under it."""
    return (survey_round.id, survey_round.reopened_at, survey_round.counts_before)


def counted_in(rounds: Sequence[Round]) -> ColumnElement[bool]:
    """The responses the figures of `rounds` hold (`counted`), for all of them at once."""
    whole = [r.id for r in rounds if r.counts_before is None]
    return or_(
        responses_table.c.round_id.in_(whole), *(counted(r) for r in rounds if r.counts_before)
    )


@dataclass(frozen=True)
class Filters:
    """Which answers count: by who was with the resident, and without flagged responses."""

    help: HelpFilter = "all"
    without_flagged: bool = False

    @property
    def active(self) -> bool:
        return self.help != "all" or self.without_flagged


# Every filter a user can choose, in the order figures are given a place: unfiltered first.
FILTERS = (
    Filters("all", False),
    Filters("alone", False),
    Filters("helped", False),
    Filters("all", True),
    Filters("alone", True),
    Filters("helped", True),
)

ThemeKey = tuple[int, str, str, Part]  # round id, audience, theme, part
QuestionKey = tuple[str, str | None, Part]  # question id, value (None: declined), part


# What each answer counts, as a table the database can look answers up in. Temporary: each
# connection has its own, so two processes never write the same table, and a rollback drops
# it. The primary key is what makes the lookup fast (a VALUES list was scanned per answer).
ITEM_COLUMNS = ("questionnaire_id", "question_id", "value", "theme", "score", "scaled")
item_scores = table(
    "item_score",
    column("questionnaire_id", String),
    column("question_id", String),
    column("value", String),
    column("theme", String),
    column("score", Float),
    column("scaled", BigInteger),
)
_CREATE_ITEM_SCORES = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS item_score (questionnaire_id VARCHAR(40), "
    "question_id VARCHAR(40), value VARCHAR(40), theme VARCHAR(40), score FLOAT, "
    "scaled BIGINT, PRIMARY KEY (questionnaire_id, question_id, value))"
)
MOST_DECIMALS = 6  # of a score that is counted exactly (scales.yaml's have none)


def score_scale(catalog: Catalog) -> int:
    """What every answer's score is multiplied by to be a whole number: 10 to the most
    decimals any score has as written (up to `MOST_DECIMALS`; beyond, a score is rounded)."""
    decimals = max(
        (len(repr(row[4]).partition(".")[2].rstrip("0")) for row in item_score_rows(catalog)),
        default=0,
    )
    return int(10 ** min(decimals, MOST_DECIMALS))


def load_item_scores(connection: Connection, catalog: Catalog) -> int:
    """The answers' scores as a table in this connection; returns their `score_scale`."""
    scale = score_scale(catalog)
    connection.exec_driver_sql(_CREATE_ITEM_SCORES)
    connection.execute(delete(item_scores))
    connection.execute(
        insert(item_scores),
        [
            dict(zip(ITEM_COLUMNS, (*row, round(Fraction(repr(row[4])) * scale)), strict=True))
            for row in item_score_rows(catalog)
        ],
    )
    return scale


def exact_total(scaled: int | Decimal | None, scale: int, answers: int) -> Fraction:
    """The sum of some respondents' theme scores, from the sum of their answers' `scaled`
    scores, when each of them gave `answers` counted answers (PostgreSQL sums as a decimal)."""
    return Fraction(int(scaled or 0), scale * answers)


def item_score_rows(catalog: Catalog) -> Iterator[tuple[str, str, str, str, float]]:
    """Every (questionnaire, question, option) that counts in a theme, with what it counts."""
    for questionnaire in catalog.questionnaires.values():
        for question in questionnaire.questions:
            scale = catalog.scale_of(question)
            for option in scale.options:
                score = item_score(question, scale, option.value)
                if score is not None and question.theme is not None:
                    yield questionnaire.id, question.id, option.value, question.theme, score


def _its_score() -> ColumnElement[bool]:
    """Joins an answer to what it counts (`item_scores`)."""
    return and_(
        item_scores.c.questionnaire_id == responses_table.c.questionnaire_id,
        item_scores.c.question_id == answers_table.c.question_id,
        item_scores.c.value == answers_table.c.value,
    )


def _helped() -> ColumnElement[bool]:
    """True for an answer given with someone helping (not alone, and someone was asked)."""
    return and_(answers_table.c.helper.is_not(None), answers_table.c.helper != ALONE)


def _asking(catalog: Catalog) -> list[str]:
    """The questionnaires that ask who helped: the help filter applies to their answers only."""
    return [q.id for q in catalog.questionnaires.values() if q.ask_helper]


def _chosen(catalog: Catalog, filters: Filters) -> ColumnElement[bool]:
    """True for an answer the filters keep."""
    conditions: list[ColumnElement[bool]] = []
    if filters.help != "all":
        wanted = _helped() if filters.help == "helped" else ~_helped()
        conditions.append(or_(responses_table.c.questionnaire_id.not_in(_asking(catalog)), wanted))
    if filters.without_flagged:
        conditions.append(responses_table.c.quality_flags == "")
    return and_(literal(True), *conditions)


def theme_sums(
    connection: Connection, catalog: Catalog, rounds: Sequence[Round]
) -> dict[Filters, dict[ThemeKey, Sums]]:
    """Sums of respondents' theme scores for each round, audience and theme, under every filter
    in `FILTERS`, in one pass over the answers.

    Per respondent and theme the database adds up the scores of the answers given alone and of
    those given with help, apart; each filter's score for that respondent follows from the two
    (both, one of them, or none when the response is flagged and the filter leaves those out).
    Counting every filter costs about what counting one did, where six counts cost six times."""
    if not rounds:
        return {}
    scale = load_item_scores(connection, catalog)
    items = item_scores
    helped = _helped()
    per_respondent = (
        select(
            responses_table.c.round_id,
            responses_table.c.questionnaire_id,
            responses_table.c.quality_flags,
            items.c.theme,
            func.sum(case((helped, items.c.score))).label("helped_total"),
            func.sum(case((helped, items.c.scaled))).label("helped_scaled"),
            func.count(case((helped, items.c.score))).label("helped_n"),
            func.sum(case((~helped, items.c.score))).label("alone_total"),
            func.sum(case((~helped, items.c.scaled))).label("alone_scaled"),
            func.count(case((~helped, items.c.score))).label("alone_n"),
        )
        .select_from(
            # An outer join, so the database goes from each answer to its score (an indexed
            # lookup), not from every score to the answers; measured 2.4 times faster on
            # SQLite. Answers that count nothing form a group without a theme, dropped below.
            responses_table.join(
                answers_table, answers_table.c.response_id == responses_table.c.id
            ).outerjoin(items, _its_score())
        )
        .where(counted_in(rounds))
        # Grouped by the response's key: its round, questionnaire and flags follow from it.
        .group_by(responses_table.c.id, items.c.theme)
        .subquery()
    )
    person = per_respondent.c
    asks = person.questionnaire_id.in_(_asking(catalog))
    unflagged = person.quality_flags == ""
    everything = (
        func.coalesce(person.helped_total, 0.0) + func.coalesce(person.alone_total, 0.0)
    ) / (person.helped_n + person.alone_n)
    alone = case((person.alone_n > 0, person.alone_total / person.alone_n))
    with_help = case((person.helped_n > 0, person.helped_total / person.helped_n))
    by_help = {
        "all": everything,
        "alone": case((asks, alone), else_=everything),
        "helped": case((asks, with_help), else_=everything),
    }
    # The same sums as whole numbers, not yet divided by the answers counted (exact_total).
    scaled_everything = func.coalesce(person.helped_scaled, 0) + func.coalesce(
        person.alone_scaled, 0
    )
    scaled = {
        "all": scaled_everything,
        "alone": case((asks, person.alone_scaled), else_=scaled_everything),
        "helped": case((asks, person.helped_scaled), else_=scaled_everything),
    }
    # Someone with answers given alone and with help: a help filter leaves part of them out.
    mixed = and_(asks, person.helped_n > 0, person.alone_n > 0)
    scores = select(
        person.round_id,
        person.questionnaire_id,
        person.theme,
        person.alone_n,
        person.helped_n,
        *(
            (case((unflagged, by_help[f.help])) if f.without_flagged else by_help[f.help]).label(
                f"score_{number}"
            )
            for number, f in enumerate(FILTERS)
        ),
        *(
            (case((unflagged, scaled[f.help])) if f.without_flagged else scaled[f.help]).label(
                f"scaled_{number}"
            )
            for number, f in enumerate(FILTERS)
        ),
        case((mixed, 1)).label("mixed"),
        case((and_(mixed, unflagged), 1)).label("mixed_unflagged"),
    ).where(person.theme.is_not(None))
    each = scores.subquery()
    # Grouped also by how many answers each person has alone and with help: everyone in a
    # group divides by the same number under each filter, so their sum is exact.
    grouped = (each.c.round_id, each.c.questionnaire_id, each.c.theme, each.c.alone_n)
    statement = select(
        *grouped,
        each.c.helped_n,
        *(
            aggregate
            for number in range(len(FILTERS))
            for aggregate in (
                func.count(each.c[f"score_{number}"]),
                func.sum(each.c[f"scaled_{number}"]),
                func.sum(each.c[f"score_{number}"] * each.c[f"score_{number}"]),
            )
        ),
        func.count(each.c.mixed),
        func.count(each.c.mixed_unflagged),
    ).group_by(*grouped, each.c.helped_n)
    audience = {q.id: q.audience for q in catalog.questionnaires.values()}
    asking = set(_asking(catalog))
    result: dict[Filters, dict[ThemeKey, Sums]] = {f: {} for f in FILTERS}
    for round_id, questionnaire_id, theme, alone_n, helped_n, *figures in connection.execute(
        statement
    ):
        where = (round_id, audience.get(questionnaire_id, ""), theme)
        *by_filter, mixed_n, mixed_unflagged_n = figures
        for number, f in enumerate(FILTERS):
            n, scaled_total, squares = by_filter[3 * number : 3 * number + 3]
            found = result[f]
            if n:
                answered = _answers_counted(f.help, questionnaire_id in asking, alone_n, helped_n)
                total = exact_total(scaled_total, scale, answered)
                chosen = (*where, CHOSEN)
                found[chosen] = found.get(chosen, Sums()) + Sums(n, total, float(squares))
            partial = mixed_unflagged_n if f.without_flagged else mixed_n
            if f.help != "all" and partial:
                found[(*where, PARTIAL)] = found.get((*where, PARTIAL), Sums()) + Sums(partial)
    connection.rollback()
    return result


def _answers_counted(help_filter: HelpFilter, asks: bool, alone: int, helped: int) -> int:
    """How many of a person's answers a help filter counts, from those given alone and with
    help (a questionnaire that does not ask who helped counts them all)."""
    if not asks or help_filter == "all":
        return alone + helped
    return alone if help_filter == "alone" else helped


UnitKey = tuple[str | None, str]  # home (None: not said), theme
# A home (None: not said), the answer to one more question (None: not answered), a theme.
CellKey = tuple[str | None, str | None, str]


def unit_theme_sums(
    connection: Connection,
    catalog: Catalog,
    survey_round: Round,
    audience: Audience = "resident",
) -> dict[UnitKey, Sums]:
    """Sums of one audience's theme scores of one round per home (the unit staff chose when
    starting a resident's tablet, or a relative's answer), every answer counted: no filter
    (app/results/units.py says why)."""
    found: dict[UnitKey, Sums] = {}
    for (unit, _, theme), sums in cell_theme_sums(
        connection, catalog, survey_round, audience
    ).items():
        found[(unit, theme)] = found.get((unit, theme), Sums()) + sums
    return found


def cell_theme_sums(
    connection: Connection,
    catalog: Catalog,
    survey_round: Round,
    audience: Audience = "resident",
    by_answer: str | None = None,
) -> dict[CellKey, Sums]:
    """`unit_theme_sums` split further by each person's answer to the question `by_answer` (its
    stored value, several values as stored; None for everyone when no question is given)."""
    scale = load_item_scores(connection, catalog)
    items = item_scores
    joined = responses_table.join(
        answers_table, answers_table.c.response_id == responses_table.c.id
    ).join(items, _its_score())
    split_by: list[ColumnElement[str | None]] = []
    if by_answer is not None:
        other = answers_table.alias("other")
        joined = joined.outerjoin(
            other,
            and_(other.c.response_id == responses_table.c.id, other.c.question_id == by_answer),
        )
        split_by = [other.c.value.label("answer")]
    per_respondent = (
        select(
            responses_table.c.unit,
            *split_by,
            items.c.theme,
            (func.sum(items.c.score) / func.count(items.c.score)).label("score"),
            func.sum(items.c.scaled).label("scaled"),
            func.count(items.c.score).label("answered"),
        )
        .select_from(joined)
        .where(
            counted(survey_round),
            responses_table.c.questionnaire_id == questionnaire_for(survey_round, audience),
        )
        .group_by(responses_table.c.id, responses_table.c.unit, *split_by, items.c.theme)
        .subquery()
    )
    person = per_respondent.c
    kept = [person.unit, *([person.answer] if split_by else []), person.theme]
    # Grouped also by how many answers each person counts, so the sum is exact (theme_sums).
    statement = select(
        *kept,
        person.answered,
        func.count(person.score),
        func.sum(person.scaled),
        func.sum(person.score * person.score),
    ).group_by(*kept, person.answered)
    found: dict[CellKey, Sums] = {}
    for row in connection.execute(statement):
        unit, answer, theme = (row[0], row[1], row[2]) if split_by else (row[0], None, row[1])
        answered, n, scaled, squares = row[-4:]
        cell = (unit, answer, theme)
        exact = Sums(n, exact_total(scaled, scale, answered), float(squares))
        found[cell] = found.get(cell, Sums()) + exact
    connection.rollback()
    return found


def answer_counts(
    connection: Connection, catalog: Catalog, survey_round: Round, questionnaire_id: str
) -> dict[Filters, dict[QuestionKey, int]]:
    """How many gave each answer to each question ("Vil ikke svare" is the value None), under
    every filter in `FILTERS`, in one pass."""
    statement = (
        select(
            answers_table.c.question_id,
            answers_table.c.value,
            *(func.count(case((_chosen(catalog, f), 1))) for f in FILTERS),
        )
        .select_from(
            responses_table.join(answers_table, answers_table.c.response_id == responses_table.c.id)
        )
        .where(counted(survey_round), responses_table.c.questionnaire_id == questionnaire_id)
        .group_by(answers_table.c.question_id, answers_table.c.value)
    )
    counts: dict[Filters, dict[QuestionKey, int]] = {f: {} for f in FILTERS}
    for question_id, value, *by_filter in connection.execute(statement):
        for f, count in zip(FILTERS, by_filter, strict=True):
            if count:
                counts[f][(question_id, value, CHOSEN)] = count
    connection.rollback()
    return counts


def basis_of(catalog: Catalog, filters: Filters) -> str:
    """A fingerprint of what sums depend on besides the answers: the scores and the filters.
    Kept sums made under another basis (a score changed in scales.yaml) are not used."""
    text = repr(
        (sorted(item_score_rows(catalog)), filters.help, filters.without_flagged, COUNTING_VERSION)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]
