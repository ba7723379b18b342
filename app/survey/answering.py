"""What happens when a respondent answers on a screen, or leaves it: answers are checked and
stored, and the next screen is chosen. Plain functions over a database connection."""

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection

from app.questionnaires import declining
from app.questionnaires.model import (
    MULTIPLE_SEPARATOR,
    EndPage,
    Questionnaire,
    QuestionPage,
    Scale,
    values_of,
)
from app.rounds.rounds import ROUND_UNIT, unit_key
from app.survey import flow
from app.survey.quality import quality_flags
from app.survey.responses import (
    ResponseFinished,
    ResponseState,
    finish_response,
    keep_quality_flags,
    path_of,
    save_answer,
    save_comment,
    set_unit,
)


class PageNotOpen(Exception):
    """The screen is hidden by a skip rule, or lies past where the respondent is."""


class NotAnOption(Exception):
    """An answer sent is not one of its question's options, or a question was left open."""


class TextTooLong(Exception):
    """A free-text answer is longer than its page allows."""

    def __init__(self, page_id: str, limit: int) -> None:
        super().__init__(page_id)
        self.limit = limit


class AnsweredElsewhere(Exception):
    """The page was answered from another window (or tab) since it was shown here: sending it
    would overwrite that answer unseen."""


SHOWN_PREFIX = "vist-"  # the field that says which answer a question's page showed
NOT_ANSWERED = ""


def shown_value(answered: bool, chosen: str | None) -> str:
    """What a question's page showed as given: nothing, an option, or "Vil ikke svare"."""
    if not answered:
        return NOT_ANSWERED
    return declining.FORM_VALUE if chosen is None else chosen


def shown_from_form(fields: Mapping[str, str]) -> dict[str, str]:
    """Form fields `vist-<question id>` → what the page showed for that question."""
    return {
        name.removeprefix(SHOWN_PREFIX): value
        for name, value in fields.items()
        if name.startswith(SHOWN_PREFIX)
    }


def _check_not_stale(
    state: ResponseState, given: Mapping[str, str | None], shown: Mapping[str, str]
) -> None:
    """An answer differs from what the page showed and from what is sent: it was given in
    another window since. Sending the same answer again is not a conflict (a double submit)."""
    for question_id, value in given.items():
        if question_id not in shown:
            continue
        now = shown_value(question_id in state.answers, state.answers.get(question_id))
        sent = shown_value(True, value)
        if now != shown[question_id] and now != sent:
            raise AnsweredElsewhere(question_id)


@dataclass(frozen=True)
class Step:
    """Where the respondent goes next, and their path as it is after these answers."""

    screen: flow.Screen
    path: flow.Journey


TICK_BOXES_PREFIX = "flere-"  # on a question with boxes to tick: it was on the page


def answers_from_form(fields: Mapping[str, str]) -> dict[str, str | None]:
    """Form fields `svar-<question id>` → answers (None for "Vil ikke svare", and for a group
    of boxes sent with none ticked)."""
    given: dict[str, str | None] = {
        name.removeprefix(TICK_BOXES_PREFIX): None
        for name in fields
        if name.startswith(TICK_BOXES_PREFIX)
    }
    return given | {
        name.removeprefix("svar-"): None if value == declining.FORM_VALUE else value
        for name, value in fields.items()
        if name.startswith("svar-")
    }


def texts_from_form(fields: Mapping[str, str]) -> dict[str, str]:
    """Form fields `tekst-<comment id>` → free text, trimmed, with plain line breaks and
    without control characters no one can see (PostgreSQL refuses a NUL byte outright)."""
    return {
        name.removeprefix("tekst-"): clean_text(value)
        for name, value in fields.items()
        if name.startswith("tekst-")
    }


def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc").strip()


def record_answers(
    connection: Connection,
    *,
    questionnaire: Questionnaire,
    scales: Mapping[str, Scale],
    state: ResponseState,
    screen_id: str,
    given: Mapping[str, str | None],
    texts: Mapping[str, str] | None = None,
    shown: Mapping[str, str] | None = None,
    path: flow.Journey | None = None,
) -> flow.Screen:
    """Store answers and free text given on a screen (autosave, or on the way onwards).
    `shown`: what the page showed for its questions, when it says (AnsweredElsewhere);
    `path`: the respondent's path as it stands, when the caller has made it."""
    if state.finished:
        raise ResponseFinished(state.id)
    path = path or path_of(questionnaire, state)
    screen = path.may_open(screen_id)
    if screen is None:
        raise PageNotOpen(screen_id)
    questions = {question.id: question for question in screen.questions}
    given = {
        question_id: _checked(questions.get(question_id), question_id, value, scales, state)
        for question_id, value in given.items()
        if not _nothing_ticked(questions, question_id, value, state)
    }
    _check_not_stale(state, given, shown or {})
    comments = {page.id: page for page in screen.comments}
    for comment_id, text in (texts or {}).items():
        page = comments.get(comment_id)
        if page is None:
            raise NotAnOption(comment_id)
        if len(text) > page.max_length:
            raise TextTooLong(comment_id, page.max_length)
    for comment_id, text in (texts or {}).items():
        save_comment(connection, state=state, question_id=comment_id, text=text)
    for question_id, value in given.items():
        if questions[question_id].round_units:
            set_unit(connection, state, _home(value, state))
            value = ROUND_UNIT if _home(value, state) else value
        save_answer(
            connection,
            questionnaire=questionnaire,
            state=state,
            question_id=question_id,
            value=value,
        )
    return screen


def _nothing_ticked(
    questions: Mapping[str, QuestionPage], question_id: str, value: str | None, state: ResponseState
) -> bool:
    """A form's group of boxes, none ticked now and none before: nothing to store."""
    question = questions.get(question_id)
    multiple = question is not None and question.multiple
    return multiple and value is None and question_id not in state.answers


def _home(value: str | None, state: ResponseState) -> str | None:
    return next((unit for unit in state.round_units if unit_key(unit) == value), None)


def _checked(
    question: QuestionPage | None,
    question_id: str,
    value: str | None,
    scales: Mapping[str, Scale],
    state: ResponseState,
) -> str | None:
    """The answer to store, checked against what the question offers: several values (in the
    scale's order) where it takes several; the key of one of the round's homes where it asks
    for one; else one option. NotAnOption when it is none of these."""
    if question is None:
        raise NotAnOption(question_id)
    if value is None:
        return None
    scale = scales[question.scale]
    if question.round_units and _home(value, state):
        return value
    if not question.multiple:  # most answers: one option
        if scale.option(value) is None:
            raise NotAnOption(question_id)
        return value
    chosen = values_of(value)
    offered = all(scale.option(each) is not None for each in chosen)
    if not chosen or len(set(chosen)) != len(chosen) or not offered:
        raise NotAnOption(question_id)
    return MULTIPLE_SEPARATOR.join(o.value for o in scale.options if o.value in chosen)


def submit_screen(
    connection: Connection,
    *,
    questionnaire: Questionnaire,
    scales: Mapping[str, Scale],
    state: ResponseState,
    screen_id: str,
    given: Mapping[str, str | None],
    texts: Mapping[str, str] | None = None,
    shown: Mapping[str, str] | None = None,
) -> Step:
    """Store what was given on a screen and return the screen to show next.

    One question per screen: an answer or "Vil ikke svare" moves on, and so does "Neste" on a
    question already answered. A section form: questions left open count as not answered
    ("Vil ikke svare"). Reaching the end page finishes the response.
    """
    before = path_of(questionnaire, state)
    screen = record_answers(
        connection,
        questionnaire=questionnaire,
        scales=scales,
        state=state,
        screen_id=screen_id,
        given=given,
        texts=texts,
        shown=shown,
        path=before,
    )
    open_questions = [q.id for q in screen.questions if q.id not in state.answers]
    if open_questions and questionnaire.layout == "question":
        raise NotAnOption(open_questions[0])
    for question_id in open_questions:
        save_answer(
            connection,
            questionnaire=questionnaire,
            state=state,
            question_id=question_id,
            value=None,
        )
    changed = [*given, *open_questions]
    path = before.after(changed, questionnaire.rule_sources) or path_of(questionnaire, state)
    following = path.next_screen(screen.id) or screen
    flags = quality_flags(questionnaire, scales, state.answers)
    if isinstance(following.first, EndPage) and not state.finished:
        finish_response(connection, state, flags)
    else:
        keep_quality_flags(connection, state, flags)
    return Step(screen=following, path=path)
