"""Deleting one response on request, found by the resume code its respondent was given
(«Ta en pause»): the only key to a response anyone holds. A relative's letter code is never
linked to the response it started (whoever knows who got which letter would find the answers),
so it cannot find one; nor can anything else.

A response whose round has shown no figures yet (still open, or begun after the round was opened
again) is deleted whole. One that figures were shown from is made anonymous instead: its devices
and codes are deleted, so nobody can open or find it again, and its answers stay only in the
figures and files. Deleting them would change the figures shown by exactly this one person, and
the difference would give their answers away.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, select

from app.rounds.rounds import require_round, status
from app.storage.tables import Round, answers_table, responses_table
from app.survey.responses import find_by_resume_code, forget_response


class NoSuchResponse(ValueError):
    """No response has the code typed; the message says so, in Norwegian."""


@dataclass(frozen=True)
class Found:
    """A response found by its code, as an owner is shown it before deleting: never its
    answers."""

    response_id: str
    survey_round: Round
    questionnaire_id: str
    answered: int  # how many questions it has answers to
    finished: bool
    whole: bool  # deleted whole (True), or made anonymous

    @property
    def outcome(self) -> str:
        if self.whole:
            return "Svaret og alle svarene i det blir slettet."
        return (
            "Runden har vist tall med dette svaret i. Det blir gjort anonymt: koden og "
            "nettbrettene som kunne åpne det, slettes, så ingen kan finne det igjen. Svarene blir "
            "bare stående i tallene: å slette dem ville endre tallene med akkurat denne ene "
            "personen, og da kunne svarene regnes ut."
        )


def find_response(connection: Connection, key: bytes, typed: str, today: date) -> Found:
    state = find_by_resume_code(connection, key, typed)
    if state is None:
        raise NoSuchResponse(
            f"Ingen svar har koden «{typed.strip()}». Sjekk koden: den står på lappen fra «Ta en "
            "pause»."
        )
    survey_round = require_round(connection, state.round_id)
    answered = connection.execute(
        select(func.count()).where(answers_table.c.response_id == state.id)
    ).scalar_one()
    # Begun before the round was opened again: the figures shown before hold it.
    held_before = survey_round.reopened_at is not None and bool(
        connection.execute(
            select(responses_table.c.id).where(
                responses_table.c.id == state.id,
                responses_table.c.started_at < survey_round.reopened_at,
            )
        ).first()
    )
    connection.rollback()
    shown = status(survey_round, today) == "closed" or held_before
    return Found(
        state.id, survey_round, state.questionnaire_id, answered, state.finished, not shown
    )


def erase(connection: Connection, found: Found) -> None:
    forget_response(connection, found.response_id, whole=found.whole)
    connection.commit()
