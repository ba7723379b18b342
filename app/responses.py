"""Storing a respondent's answers, each committed the moment it is given."""

import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from app.flow import hidden_answers
from app.models import Answer, Response, utcnow
from app.questionnaire import Questionnaire

# No 0/O, 1/I/L: a code read aloud or copied from paper should not be mistyped.
RESUME_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RESUME_CODE_LENGTH = 8


class ResponseFinished(Exception):
    """The response was sent in; it can no longer be changed."""


def new_resume_code() -> str:
    code = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


def normalize_resume_code(typed: str) -> str:
    letters = "".join(ch for ch in typed.upper() if ch.isalnum())
    return f"{letters[:4]}-{letters[4:]}" if len(letters) == RESUME_CODE_LENGTH else ""


def start_response(session: Session, questionnaire: Questionnaire) -> Response:
    for _ in range(5):
        response = Response(
            id=secrets.token_urlsafe(16),
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            resume_code=new_resume_code(),
        )
        session.add(response)
        try:
            session.commit()
        except IntegrityError:  # a resume code already in use: draw another
            session.rollback()
            continue
        return response
    raise RuntimeError("could not draw a free resume code")


def find_response(session: Session, response_id: str) -> Response | None:
    return session.get(Response, response_id) if response_id else None


def find_by_resume_code(session: Session, typed: str) -> Response | None:
    code = normalize_resume_code(typed)
    if not code:
        return None
    return session.exec(select(Response).where(Response.resume_code == code)).first()


def answers_of(session: Session, response: Response) -> dict[str, str | None]:
    rows = session.exec(
        select(Answer.question_id, Answer.value).where(Answer.response_id == response.id)
    )
    return dict(rows.all())


def save_answer(
    session: Session,
    *,
    questionnaire: Questionnaire,
    response: Response,
    question_id: str,
    value: str | None,
) -> dict[str, str | None]:
    """Store one answer (None: declined) and return all answers after it.

    The same answer again changes nothing. A changed answer that hides later questions
    removes their answers, since the person was never meant to be asked them.
    """
    try:
        return _save_answer(session, questionnaire, response, question_id, value)
    except IntegrityError:  # a double tap stored the same question a moment ago
        session.rollback()
        return _save_answer(session, questionnaire, response, question_id, value)


def _save_answer(
    session: Session,
    questionnaire: Questionnaire,
    response: Response,
    question_id: str,
    value: str | None,
) -> dict[str, str | None]:
    if response.finished_at is not None:
        raise ResponseFinished(response.id)
    answers = answers_of(session, response)
    if question_id in answers and answers[question_id] == value:
        return answers
    existing = session.exec(
        select(Answer).where(Answer.response_id == response.id, Answer.question_id == question_id)
    ).first()
    if existing is None:
        session.add(Answer(response_id=response.id, question_id=question_id, value=value))
    else:
        existing.value = value
        existing.answered_at = utcnow()
        session.add(existing)
    answers[question_id] = value
    stale = hidden_answers(questionnaire, answers)
    if stale:
        session.exec(
            delete(Answer).where(
                col(Answer.response_id) == response.id, col(Answer.question_id).in_(stale)
            )
        )
        for question in stale:
            del answers[question]
    response.updated_at = utcnow()
    session.add(response)
    session.commit()
    return answers


def finish_response(session: Session, response: Response) -> None:
    if response.finished_at is None:
        response.finished_at = utcnow()
        session.add(response)
        session.commit()
