"""Rounds with answers in them, stored the way the survey stores them."""

from datetime import date, timedelta

from sqlalchemy import Connection

from app import clock
from app.questionnaires.catalog import Catalog
from app.rounds.rounds import create_round
from app.storage.tables import Round
from app.survey.responses import (
    ResponseState,
    save_answer,
    save_comment,
    set_helper,
    start_response,
)

Answers = dict[str, str | None]


def closed_round(
    connection: Connection,
    catalog: Catalog,
    number: str = "9931",
    period: str = "2025",
    units: list[str] | None = None,
) -> Round:
    """A round of the period's spring (2025's: closed by now) for a made-up municipality."""
    survey_round = create_round(
        connection,
        catalog,
        municipality_name="Lillevik" if number == "9931" else f"Kommune {number}",
        municipality_number=number,
        period=period,
        opens_on=date(int(period[:4]), 3, 1),
        closes_on=date(int(period[:4]), 4, 30),
        units=units or [],
    )
    assert survey_round.id is not None
    return survey_round


def open_round(
    connection: Connection,
    catalog: Catalog,
    number: str,
    name: str,
    period: str = "",
    service_name: str = "",
) -> Round:
    """A round open from three days ago to a month from now (counted in the year it closes)."""
    today = clock.today()
    closes_on = today + timedelta(days=30)
    return create_round(
        connection,
        catalog,
        municipality_name=name,
        municipality_number=number,
        period=period or str(closes_on.year),
        opens_on=today - timedelta(days=3),
        closes_on=closes_on,
        service_name=service_name,
    )


def respond(
    connection: Connection,
    catalog: Catalog,
    survey_round: Round,
    given: Answers,
    *,
    questionnaire: str = "beboer",
    helper: str | None = None,
    comment: str = "",
    unit: str | None = None,
) -> ResponseState:
    """One person's answers (and comment) in a round."""
    form = catalog.questionnaires[questionnaire]
    state = start_response(
        connection, form, round_id=survey_round.id, unit=unit, survey_round=survey_round
    )
    if helper:
        set_helper(connection, state, helper)
    for question, value in given.items():
        save_answer(connection, questionnaire=form, state=state, question_id=question, value=value)
    if comment:
        save_comment(connection, state=state, question_id="kommentar", text=comment)
    return state
