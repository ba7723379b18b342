"""Storing a respondent's answers, each committed the moment it is given.

Written with SQLAlchemy Core rather than the ORM: a page view is one indexed query, which keeps
a tablet's page fast even when a whole municipality answers at once.
"""

import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Dialect, Select, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.clock import today
from app.codes import derived_code, digest, keyed_digest, new_secret, normalize_code
from app.questionnaires.model import Circumstances, Questionnaire
from app.rounds.rounds import units_of
from app.storage.sql import object_from, object_of
from app.storage.tables import (
    Round,
    answers_table,
    comments_table,
    devices_table,
    responses_table,
    resume_codes_table,
    rounds_table,
    utcnow,
)
from app.survey.flow import Journey, journey

RESUME_CODE_LENGTH = 8


class ResponseFinished(Exception):
    """The response was sent in; it can no longer be changed."""


@dataclass
class ResponseState:
    """One response as the survey needs it: who it belongs to, and its answers so far.

    `answers` maps question id to the chosen value, or None for "Vil ikke svare".
    """

    id: str
    questionnaire_id: str
    finished: bool
    round_id: int
    # The version it started in, and is answered in to its end (app/rounds/versions.py).
    questionnaire_version: int
    answers: dict[str, str | None] = field(default_factory=dict)
    option_order: str = "normal"  # or "reversed"
    helper: str | None = None  # who is with the resident now (app/survey/helping.py)
    language: str | None = None  # the language it is answered in (None: the questionnaire's own)
    round_closed: bool = False  # its round has ended: nothing more can be given
    unit: str | None = None  # its home (chosen by staff, or by a relative's answer)
    round_units: tuple[str, ...] = ()  # the homes its round lists
    service_name: str = ""  # what its round calls the service ("": the questionnaire's name)
    quality_flags: str = ""  # as stored: what its answers so far raise (app/survey/quality.py)
    # The secret a device is given to go on with this response; known only when just given
    # (the database keeps its digest), so a loaded response has "".
    device_secret: str = ""


_LOAD = select(
    responses_table.c.id,
    responses_table.c.questionnaire_id,
    responses_table.c.finished_at,
    responses_table.c.option_order,
    responses_table.c.round_id,
    responses_table.c.helper,
    rounds_table.c.closed_at,
    rounds_table.c.closes_on,
    responses_table.c.questionnaire_version,
    # Begun before its round was opened again: it stays as it was (app/rounds/changing.py).
    # (NULL, read as no, for a round never opened again.)
    responses_table.c.started_at < rounds_table.c.reopened_at,
    responses_table.c.language,
    responses_table.c.unit,
    rounds_table.c.units,
    rounds_table.c.service_name,
    responses_table.c.quality_flags,
    # The answers as one value, not a row each (app/storage/sql.py says why).
    select(object_of(answers_table.c.question_id, answers_table.c.value))
    .where(answers_table.c.response_id == responses_table.c.id)
    .scalar_subquery(),
).select_from(responses_table.join(rounds_table))
_BY_DEVICE = _LOAD.join(devices_table, devices_table.c.response_id == responses_table.c.id).where(
    devices_table.c.token_hash == bindparam("key")
)
_BY_CODE = _LOAD.join(
    resume_codes_table, resume_codes_table.c.response_id == responses_table.c.id
).where(resume_codes_table.c.code_hash == bindparam("key"))


def start_response(
    connection: Connection,
    questionnaire: Questionnaire,
    *,
    round_id: int,
    unit: str | None = None,
    language: str | None = None,
    survey_round: Round | None = None,
    option_order: str | None = None,
) -> ResponseState:
    """A new, empty response in a round (and a unit of it, when staff chose one), answered in
    `language` (the questionnaire's own when None). `survey_round`: the round, when at hand
    (its homes and its name for the service go with the response, as when it is loaded).
    `option_order`: "normal" or "reversed" as an owner trying a draft asks; drawn when None."""
    for _ in range(5):
        drawn = questionnaire.balance_option_order and secrets.randbelow(2) == 1
        reversed_order = drawn if option_order is None else option_order == "reversed"
        state = ResponseState(
            id=secrets.token_urlsafe(16),
            questionnaire_id=questionnaire.id,
            finished=False,
            round_id=round_id,
            questionnaire_version=questionnaire.version,
            option_order="reversed" if reversed_order else "normal",
            language=language or questionnaire.language,
            unit=unit,
            round_units=tuple(units_of(survey_round)) if survey_round else (),
            service_name=survey_round.service_name if survey_round else "",
        )
        now = utcnow()
        try:
            connection.execute(
                insert(responses_table).values(
                    id=state.id,
                    round_id=round_id,
                    unit=unit,
                    questionnaire_id=questionnaire.id,
                    questionnaire_version=questionnaire.version,
                    started_at=now,
                    option_order=state.option_order,
                    language=state.language,
                )
            )
            state.device_secret = _new_device(connection, state.id)
            connection.commit()
        except IntegrityError:  # the id is taken: draw another
            connection.rollback()
            continue
        return state
    raise RuntimeError("could not draw a free response id")


def path_of(questionnaire: Questionnaire, state: ResponseState) -> Journey:
    """The respondent's path as it stands: their answers, who is helping, their home and
    language, and what their round asks."""
    about = Circumstances(state.helper, state.unit, state.language)
    return journey(questionnaire, state.answers, bool(state.round_units), about)


def _new_device(connection: Connection, response_id: str) -> str:
    secret = new_secret()
    connection.execute(
        insert(devices_table).values(token_hash=digest(secret), response_id=response_id)
    )
    return secret


def hand_to_device(connection: Connection, state: ResponseState) -> ResponseState:
    """Let one more device go on with the response (one that resumed with the code): it gets
    a secret of its own, and the devices that had one keep theirs."""
    state.device_secret = _new_device(connection, state.id)
    connection.commit()
    return state


def load_response(connection: Connection, device_secret: str) -> ResponseState | None:
    """The response the device holding this secret goes on with."""
    return _load(connection, _BY_DEVICE, digest(device_secret)) if device_secret else None


def find_by_resume_code(connection: Connection, key: bytes, typed: str) -> ResponseState | None:
    """The response a typed resume code continues; `key`: the server's secret key."""
    code = normalize_code(typed, RESUME_CODE_LENGTH)
    return _load(connection, _BY_CODE, keyed_digest(key, code)) if code else None


def resume_code_of(connection: Connection, key: bytes, state: ResponseState) -> str:
    """The code that continues this response on another device: the same every time it is
    shown, worked out from the key and the response's id, and stored only as its keyed digest.
    (Two responses' codes can meet: the next one worked out is taken then.)"""
    mine = set(
        connection.execute(
            select(resume_codes_table.c.code_hash).where(
                resume_codes_table.c.response_id == state.id
            )
        ).scalars()
    )
    for attempt in range(5):
        code = derived_code(key, f"resume:{state.id}:{attempt}", RESUME_CODE_LENGTH)
        code_hash = keyed_digest(key, code)
        if code_hash in mine:
            connection.rollback()
            return code
        try:
            connection.execute(
                insert(resume_codes_table).values(code_hash=code_hash, response_id=state.id)
            )
            connection.commit()
            return code
        except IntegrityError:  # another response's code
            connection.rollback()
    raise RuntimeError("could not work out a free resume code")


def _load(connection: Connection, statement: Select[Any], key: str) -> ResponseState | None:
    # This runs on every page a respondent opens. Through the DB-API cursor it takes a quarter
    # of the time SQLAlchemy's result machinery does; the SQL is still made by SQLAlchemy, for
    # whichever database is in use. One row, however many answers (app/storage/sql.py).
    sql, positional = _driver_sql(connection.dialect, statement)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, (key,) if positional else {"key": key})
        rows = cursor.fetchall()
    finally:
        cursor.close()
    connection.rollback()  # end the read transaction; SQLite can then checkpoint
    if not rows:
        return None
    (response_id, questionnaire_id, finished_at, option_order) = rows[0][:4]
    round_id, helper, round_closed_at, round_closes_on, version, before_reopening = rows[0][4:10]
    language, unit, round_units, service_name, flags = rows[0][10:15]
    state = ResponseState(
        id=response_id,
        questionnaire_id=questionnaire_id,
        finished=finished_at is not None,
        round_id=round_id,
        questionnaire_version=version,
        option_order=option_order,
        helper=helper,
        language=language,
        # SQLite's driver gives the date as ISO text, PostgreSQL's as a date: compare as text.
        round_closed=round_closed_at is not None
        or str(round_closes_on) < today().isoformat()
        or bool(before_reopening),
        unit=unit,
        round_units=tuple(units_of(round_units)),
        service_name=service_name,
        quality_flags=flags,
    )
    state.answers = object_from(rows[0][15])
    return state


_compiled: dict[tuple[str, Select[Any]], tuple[str, bool]] = {}


def _driver_sql(dialect: Dialect, statement: Select[Any]) -> tuple[str, bool]:
    """The statement as the database driver takes it, compiled once per dialect."""
    cache_key = (dialect.name, statement)
    if cache_key not in _compiled:
        _compiled[cache_key] = (str(statement.compile(dialect=dialect)), dialect.positional)
    return _compiled[cache_key]


# An answer's two statements, made once: building one anew took 170 µs, five times running it.
# Each takes the answer's columns by name; a change finds its row by "response" and "question".
_ADD = insert(answers_table)
_CHANGE = update(answers_table).where(
    answers_table.c.response_id == bindparam("response"),
    answers_table.c.question_id == bindparam("question"),
)


def save_answer(
    connection: Connection,
    *,
    questionnaire: Questionnaire,
    state: ResponseState,
    question_id: str,
    value: str | None,
) -> None:
    """Store one answer (None: declined) and update `state.answers` to match.

    The same answer again changes nothing. A changed answer that hides later questions
    removes their answers, since the person was never meant to be asked them. (A question
    hidden since by who is helping keeps its answer: it was given when it was asked.)
    """
    if state.finished:
        raise ResponseFinished(state.id)
    if question_id in state.answers and state.answers[question_id] == value:
        return
    answer = {"value": value, "helper": state.helper, "answered_at": utcnow()}
    change = {"response": state.id, "question": question_id, **answer}
    new = {"response_id": state.id, "question_id": question_id, **answer}
    try:
        if question_id in state.answers:
            connection.execute(_CHANGE, change)
        else:
            connection.execute(_ADD, new)
    except IntegrityError:  # a double tap stored this question a moment ago
        connection.rollback()
        connection.execute(_CHANGE, change)
    # Only an answer a skip rule looks at can hide pages that were answered.
    decides = question_id in questionnaire.rule_sources
    shown_before = path_of(questionnaire, state) if decides else None
    state.answers[question_id] = value
    stale = path_of(questionnaire, state).hidden_by(shown_before) if shown_before else []
    if stale:
        connection.execute(
            delete(answers_table).where(
                answers_table.c.response_id == state.id, answers_table.c.question_id.in_(stale)
            )
        )
        for question in stale:
            del state.answers[question]
    connection.commit()


def set_helper(connection: Connection, state: ResponseState, helper: str) -> None:
    """Record who is with the resident from now on; answers given later carry it."""
    _change(connection, state, "helper", helper)


def set_unit(connection: Connection, state: ResponseState, unit: str | None) -> None:
    """The response's home, as a relative answered it (None: another, or not known)."""
    _change(connection, state, "unit", unit)


def _change(connection: Connection, state: ResponseState, name: str, value: str | None) -> None:
    """One of the response's own columns, in the database and in `state` (not once sent)."""
    if state.finished:
        raise ResponseFinished(state.id)
    if getattr(state, name) == value:
        return
    setattr(state, name, value)
    connection.execute(
        update(responses_table).where(responses_table.c.id == state.id).values({name: value})
    )
    connection.commit()


def set_language(connection: Connection, state: ResponseState, language: str) -> None:
    """Answer in `language` from now on (chosen on the first page; the answers stay)."""
    if state.finished or state.language == language:
        return
    state.language = language
    connection.execute(
        update(responses_table).where(responses_table.c.id == state.id).values(language=language)
    )
    connection.commit()


def decline_taking_part(connection: Connection, state: ResponseState) -> None:
    """The person said «Nei, ikke nå» to «Vil du være med?»: nothing of the response is kept
    (its answers, if any, its devices and codes go with it), only that its round has one more
    who said no."""
    forget_response(connection, state.id)
    connection.execute(
        update(rounds_table)
        .where(rounds_table.c.id == state.round_id)
        .values(declined=rounds_table.c.declined + 1)
    )
    connection.commit()


def move_to_version(connection: Connection, state: ResponseState, version: int) -> None:
    """Go on in `version` from now: for a response begun in a version that was never stored
    (a database from before versions were kept, app/rounds/versions.py), which is answered in
    the newest, so no answer is marked with a version that never asked its question."""
    state.questionnaire_version = version
    connection.execute(
        update(responses_table)
        .where(responses_table.c.id == state.id)
        .values(questionnaire_version=version)
    )
    connection.commit()


def forget_response(connection: Connection, response_id: str, *, whole: bool = True) -> None:
    """Delete a response with its answers, comments, devices and codes (not committed); or,
    not `whole`, only its devices and codes, so nobody can open it again and it stays only as
    anonymous answers."""
    for table in (
        devices_table,
        resume_codes_table,
        *((answers_table, comments_table) if whole else ()),
    ):
        connection.execute(delete(table).where(table.c.response_id == response_id))
    if whole:
        connection.execute(delete(responses_table).where(responses_table.c.id == response_id))


def keep_quality_flags(connection: Connection, state: ResponseState, flags: list[str]) -> None:
    """Store the flags the answers so far raise (app/survey/quality.py), where they changed: a
    response left before its end is flagged as one that was finished."""
    joined = ",".join(flags)
    if joined == state.quality_flags:  # the usual case: no write, no lock
        return
    state.quality_flags = joined
    connection.execute(
        update(responses_table).where(responses_table.c.id == state.id).values(quality_flags=joined)
    )
    connection.commit()


def finish_response(connection: Connection, state: ResponseState, quality_flags: list[str]) -> None:
    if state.finished:
        return
    state.finished = True
    state.quality_flags = ",".join(quality_flags)
    connection.execute(
        update(responses_table)
        .where(responses_table.c.id == state.id)
        .values(finished_at=utcnow(), quality_flags=",".join(quality_flags))
    )
    connection.commit()


def comments_of(connection: Connection, state: ResponseState) -> dict[str, str]:
    rows = connection.execute(
        select(comments_table.c.question_id, comments_table.c.text).where(
            comments_table.c.response_id == state.id
        )
    ).all()
    connection.rollback()
    return {row.question_id: row.text for row in rows}


def save_comment(
    connection: Connection, *, state: ResponseState, question_id: str, text: str
) -> None:
    """Store free text (or remove it when emptied). Saving the same text changes nothing."""
    if state.finished:
        raise ResponseFinished(state.id)
    mine = (comments_table.c.response_id == state.id) & (
        comments_table.c.question_id == question_id
    )
    current = connection.execute(select(comments_table.c.text).where(mine)).scalar()
    if current == text or (current is None and not text):
        connection.rollback()
        return
    if not text:
        connection.execute(delete(comments_table).where(mine))
    elif current is None:
        try:
            connection.execute(
                insert(comments_table).values(
                    response_id=state.id, question_id=question_id, text=text, written_at=utcnow()
                )
            )
        except IntegrityError:  # saved a moment ago (leaving the box, and «Neste» at once)
            connection.rollback()
            connection.execute(
                update(comments_table).where(mine).values(text=text, written_at=utcnow())
            )
    else:
        connection.execute(
            update(comments_table).where(mine).values(text=text, written_at=utcnow())
        )
    connection.commit()
