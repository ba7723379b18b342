"""Microdata of a round as CSV, streamed row by row: wide (a row per response, a column per
question) or long (a row per answer, with who helped). Quality flags, answer order, unit and
helper go with every response. Free-text comments are not in these files.

Value codes: the option's value; `vil_ikke_svare` for "Vil ikke svare"; empty when the
question was not answered or not asked.
"""

import csv
from collections.abc import Iterator
from typing import Literal

from sqlalchemy import Connection, select

from app.models import Answer, Response, Round
from app.questionnaire import Questionnaire

DECLINED = "vil_ikke_svare"
Shape = Literal["wide", "long"]

responses = Response.__table__  # type: ignore[attr-defined]
answers = Answer.__table__  # type: ignore[attr-defined]

RESPONSE_COLUMNS = [
    "svar_id",
    "kommunenummer",
    "periode",
    "skjema",
    "skjemaversjon",
    "enhet",
    "hjelper",
    "svarrekkefolge",
    "kvalitetsflagg",
    "startet",
    "fullfort",
]


class _Line:
    """A file-like object that keeps the last line csv.writer wrote."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text = text
        return len(text)


def csv_lines(
    connection: Connection,
    survey_round: Round,
    questionnaire: Questionnaire,
    *,
    shape: Shape = "wide",
    delimiter: str = ",",
) -> Iterator[str]:
    """The export, line by line (UTF-8 text; the caller adds a BOM for Excel if wanted)."""
    line = _Line()
    writer = csv.writer(line, delimiter=delimiter, lineterminator="\r\n")
    question_ids = [q.id for q in questionnaire.questions]
    if shape == "wide":
        writer.writerow([*RESPONSE_COLUMNS, *question_ids])
    else:
        writer.writerow([*RESPONSE_COLUMNS, "sporsmal", "svar", "svart_med"])
    yield line.text
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
        if shape == "long":
            if row[8] is not None:
                writer.writerow([*head, row[8], row[9] or DECLINED, row[10] or ""])
                yield line.text
            continue
        if current and current[0] != head[0]:
            writer.writerow([*current, *(given.get(q, "") for q in question_ids)])
            yield line.text
            given = {}
        current = head
        if row[8] is not None:
            given[row[8]] = row[9] or DECLINED
    if shape == "wide" and current:
        writer.writerow([*current, *(given.get(q, "") for q in question_ids)])
        yield line.text
    connection.rollback()


def _time(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return text[:19].replace(" ", "T")  # to the second, ISO 8601 (UTC)
