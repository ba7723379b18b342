"""Deleting a closed round's answers once they need not be kept (retention), while the figures
counted from them stay.

Before anything goes, the round's theme sums under every filter are counted and kept
(app/results/kept.py). Then every answer and comment is deleted, with every device and code
that could open a response and the letters' codes. What stays of each response is that it
was given: its round, home, questionnaire and version, and when it was begun and finished, so
the report still says how many took part; who helped, its language, the order its options
were shown in and its quality flags go with the answers. Responses the round's figures never
held (begun after it was opened again, and not yet shown) go whole.

From then on nothing is counted from the round again: its kept sums are its figures for good,
the report says that the answers are deleted where it would show each question, home or
service, microdata and comments are refused, and it cannot be opened again.
"""

from datetime import date

from sqlalchemy import ColumnElement, Connection, delete, func, select, update

from app.clock import day_of
from app.results.kept import ThemeSumsCache
from app.rounds.rounds import RoundProblem, norwegian_date, require_round, status
from app.storage.tables import (
    Round,
    answers_table,
    codes_table,
    comments_table,
    devices_table,
    responses_table,
    resume_codes_table,
    rounds_table,
    utcnow,
)

# What deleting means, said before an owner is asked (the web page and the command line).
RETENTION = (
    "Svarene på hvert spørsmål, kommentarene og kodene som kunne åpne et svar, blir slettet for "
    "godt. Temaskårene som er talt, blir stående i oversikten og rapporten, og hvor mange som "
    "svarte. Svarene per spørsmål, per bolig, tjeneste og boform, mikrodata og kommentarer "
    "finnes ikke etterpå, og runden kan ikke åpnes igjen. Dette kan ikke angres."
)
PER_RESPONSE = [answers_table, comments_table, devices_table, resume_codes_table]


def answers_deleted(survey_round: Round) -> str:
    """«Svarene i runden ble slettet 7. desember 2026.», or "" while they are kept."""
    if survey_round.answers_deleted_at is None:
        return ""
    return (
        f"Svarene i runden ble slettet {norwegian_date(day_of(survey_round.answers_deleted_at))}."
    )


def check_answers_kept(survey_round: Round) -> None:
    """A RoundProblem saying so when the round's answers are deleted (microdata, comments,
    opening it again)."""
    if said := answers_deleted(survey_round):
        raise RoundProblem(f"{said} Bare tallene som ble talt før, finnes.")


def check_deletable(survey_round: Round, today: date) -> None:
    check_answers_kept(survey_round)
    if survey_round.demo:
        raise RoundProblem("En prøverunde har ingen ekte svar å slette.")
    if status(survey_round, today) != "closed":
        raise RoundProblem(
            "Runden er ikke avsluttet: svarene kan slettes først når den er avsluttet og tallene "
            "er talt."
        )


def delete_answers(
    connection: Connection, cache: ThemeSumsCache, round_id: int, today: date
) -> int:
    """Delete a closed round's answers after keeping its sums; how many responses it held."""
    survey_round = require_round(connection, round_id)
    check_deletable(survey_round, today)
    cache.sums(connection, [survey_round], today)  # counted and kept first
    of_round = responses_table.c.round_id == round_id
    if survey_round.counts_before is not None:  # never in a figure: gone whole
        _delete_responses(
            connection, of_round & (responses_table.c.started_at >= survey_round.counts_before)
        )
    held = select(responses_table.c.id).where(of_round)
    for table in PER_RESPONSE:
        connection.execute(delete(table).where(table.c.response_id.in_(held)))
    connection.execute(
        update(responses_table)
        .where(of_round)
        .values(helper=None, language=None, option_order="normal", quality_flags="")
    )
    connection.execute(delete(codes_table).where(codes_table.c.round_id == round_id))
    connection.execute(
        update(rounds_table)
        .where(rounds_table.c.id == round_id)
        .values(answers_deleted_at=utcnow())
    )
    count = connection.execute(select(func.count()).where(of_round)).scalar_one()
    connection.commit()
    return int(count)


def _delete_responses(connection: Connection, which: ColumnElement[bool]) -> None:
    ids = select(responses_table.c.id).where(which)
    for table in PER_RESPONSE:
        connection.execute(delete(table).where(table.c.response_id.in_(ids)))
    connection.execute(delete(responses_table).where(which))
