"""A round's microdata: every response (wide: a row per response, a column per question) or
every answer (long: a row per answer, with who helped), streamed from the database.

Quality flags, answer order, unit and helper go with every response. Free-text comments are
part of microdata (a column per comment page; rows in the long shape) and of nothing else.
The file formats are in app/results/files.py; the variables and their labels in `variables`.

Value codes: the option's value; `vil_ikke_svare` for "Vil ikke svare"; empty when the
question was not answered or not asked.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Connection, func, select

from app.questionnaires import declining
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import CommentPage, Questionnaire, QuestionPage
from app.storage.tables import Answer, Comment, Response, Round

Shape = Literal["wide", "long"]
Kind = Literal["metadata", "answer", "background", "comment"]

responses = Response.__table__  # type: ignore[attr-defined]
answers = Answer.__table__  # type: ignore[attr-defined]
comments = Comment.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    kind: Kind
    theme: str = ""
    scale: str = ""
    value_labels: dict[str, str] = field(default_factory=dict)  # stored value → its label
    # Values that are no point on the scale ("Vet ikke", "Vil ikke svare"): missing in SPSS.
    missing: tuple[str, ...] = ()


RESPONSE_VARIABLES = [
    Variable("svar_id", "Tilfeldig id for svaret (ingen kobling til personen)", "metadata"),
    Variable("kommunenummer", "Kommunenummer", "metadata"),
    Variable("periode", "Periode", "metadata"),
    Variable("skjema", "Spørreskjema", "metadata"),
    Variable("skjemaversjon", "Skjemaets versjon", "metadata"),
    Variable("enhet", "Bolig eller avdeling valgt av personalet", "metadata"),
    Variable("hjelper", "Hvem var med beboeren (sist valgt)", "metadata"),
    Variable("svarrekkefolge", "Rekkefølgen svaralternativene ble vist i", "metadata"),
    Variable("kvalitetsflagg", "Mønstre som kan bety ja-svar uten mening", "metadata"),
    Variable("startet", "Startet (UTC)", "metadata"),
    Variable("fullfort", "Fullført (UTC), tom om ikke fullført", "metadata"),
]
RESPONSE_COLUMNS = [variable.name for variable in RESPONSE_VARIABLES]
LONG_VARIABLES = [
    Variable("sporsmal", "Spørsmålets id (se kodeboken)", "metadata"),
    Variable("svar", "Svaret (verdien), vil_ikke_svare, eller kommentarens tekst", "metadata"),
    Variable("svart_med", "Hvem var med beboeren da svaret ble gitt", "metadata"),
]


def variables(catalog: Catalog, questionnaire: Questionnaire, shape: Shape) -> list[Variable]:
    """The columns of the export, with labels for the codebook, SPSS and Excel."""
    if shape == "long":
        return [*RESPONSE_VARIABLES, *LONG_VARIABLES]
    result = list(RESPONSE_VARIABLES)
    for page in questionnaire.pages:
        if isinstance(page, CommentPage):
            result.append(Variable(page.id, page.text, "comment"))
        elif isinstance(page, QuestionPage):
            question = page
            options = catalog.scale_of(question).options
            labels = {o.value: o.label for o in options}
            scored = any(o.score is not None for o in options)
            unscored = tuple(o.value for o in options if scored and o.score is None)
            result.append(
                Variable(
                    question.id,
                    question.text,
                    "background" if question.theme is None else "answer",
                    question.theme or "",
                    question.scale,
                    labels | {declining.CODE: declining.LABEL},
                    (*unscored, declining.CODE),
                )
            )
    return result


def response_count(connection: Connection, survey_round: Round, questionnaire_id: str) -> int:
    count = connection.execute(
        select(func.count()).where(
            responses.c.round_id == survey_round.id,
            responses.c.questionnaire_id == questionnaire_id,
        )
    ).scalar_one()
    connection.rollback()
    return int(count)


def microdata_rows(
    connection: Connection,
    survey_round: Round,
    questionnaire: Questionnaire,
    *,
    shape: Shape = "wide",
) -> Iterator[list[str]]:
    """The export's rows (no header), every value as text, "" where there is none."""
    written = _comments(connection, survey_round, questionnaire)
    question_ids = [q.id for q in questionnaire.questions]
    comment_ids = [p.id for p in questionnaire.pages if isinstance(p, CommentPage)]
    order = [p.id for p in questionnaire.pages if p.id in set(question_ids) | set(comment_ids)]
    statement = (
        select(
            responses.c.id,
            responses.c.questionnaire_version,
            responses.c.unit,
            responses.c.helper,
            responses.c.option_order,
            responses.c.quality_flags,
            responses.c.started_at,
            responses.c.finished_at,
            answers.c.question_id,
            answers.c.value,
            answers.c.helper,
        )
        .select_from(responses.outerjoin(answers))
        .where(
            responses.c.round_id == survey_round.id,
            responses.c.questionnaire_id == questionnaire.id,
        )
        .order_by(responses.c.started_at, responses.c.id, answers.c.id)
    )
    rows = connection.execution_options(stream_results=True, yield_per=5000).execute(statement)
    current: list[str] = []
    given: dict[str, str] = {}
    for row in rows:
        head = [
            row[0],
            survey_round.municipality_number,
            survey_round.period,
            questionnaire.id,
            str(row[1]),
            row[2] or "",
            row[3] or "",
            row[4],
            row[5],
            _time(row[6]),
            _time(row[7]),
        ]
        if current and current[0] != head[0]:
            yield from _finish(current, given, written, order, shape)
            given = {}
        current = head
        if row[8] is not None:
            given[row[8]] = row[9] or declining.CODE
            if shape == "long":
                yield [*head, row[8], row[9] or declining.CODE, row[10] or ""]
    if current:
        yield from _finish(current, given, written, order, shape)
    connection.rollback()


def _finish(
    head: list[str],
    given: dict[str, str],
    written: dict[str, dict[str, str]],
    order: list[str],
    shape: Shape,
) -> Iterator[list[str]]:
    """The wide row of a response, or the long rows of its comments."""
    own_comments = written.get(head[0], {})
    if shape == "wide":
        yield [*head, *(given.get(i) or own_comments.get(i, "") for i in order)]
    else:
        for page_id, text in own_comments.items():
            yield [*head, page_id, text, ""]


def _comments(
    connection: Connection, survey_round: Round, questionnaire: Questionnaire
) -> dict[str, dict[str, str]]:
    """The round's comments by response. Held in memory: there is at most one per comment
    page and response, and most people write none."""
    rows = connection.execute(
        select(comments.c.response_id, comments.c.question_id, comments.c.text)
        .select_from(comments.join(responses))
        .where(
            responses.c.round_id == survey_round.id,
            responses.c.questionnaire_id == questionnaire.id,
        )
    ).all()
    found: dict[str, dict[str, str]] = {}
    for response_id, page_id, text in rows:
        found.setdefault(response_id, {})[page_id] = text
    return found


def _time(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return text[:19].replace(" ", "T")  # to the second, ISO 8601 (UTC)
