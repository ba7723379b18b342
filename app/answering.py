"""What happens when a respondent leaves a page: the answer is checked, stored, and the
next page is chosen. Plain functions over a database connection, no web framework."""

from dataclasses import dataclass

from sqlalchemy import Connection

from app import flow
from app.questionnaire import EndPage, Page, Questionnaire, QuestionPage, Scale
from app.responses import ResponseFinished, ResponseState, finish_response, save_answer


class PageNotOpen(Exception):
    """The page is hidden by a skip rule, or lies past the first unanswered question."""


class NotAnOption(Exception):
    """The answer sent is not one of the question's options."""


@dataclass(frozen=True)
class Step:
    """Where the respondent goes next, and their path as it is after this answer."""

    page: Page
    path: flow.Journey


def submit_page(
    connection: Connection,
    *,
    questionnaire: Questionnaire,
    scale: Scale | None,
    state: ResponseState,
    page: Page,
    choice: str | None,
    declined: bool,
) -> Step:
    """Record what the respondent did on `page`, and return the page to show next.

    On a question, `choice` is an option's value and `declined` means "Vil ikke svare";
    neither, on a question already answered, is "Neste" and keeps the answer. Reaching the
    end page finishes the response.
    """
    if state.finished:
        raise ResponseFinished(state.id)
    path = flow.journey(questionnaire, state.answers)
    if not path.can_open(page.id):
        raise PageNotOpen(page.id)
    moving_on = choice is None and not declined and page.id in state.answers
    if isinstance(page, QuestionPage) and not moving_on:
        if not declined and (choice is None or scale is None or scale.option(choice) is None):
            raise NotAnOption(choice)
        save_answer(
            connection,
            questionnaire=questionnaire,
            state=state,
            question_id=page.id,
            value=None if declined else choice,
        )
        path = flow.journey(questionnaire, state.answers)
    following = path.next_page(page.id) or page
    if isinstance(following, EndPage):
        finish_response(connection, state)
    return Step(page=following, path=path)
