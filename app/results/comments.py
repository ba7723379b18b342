"""Free-text comments of a round, for those who may read its individual answers.

Never in a chart, a report or the dashboard. Shown without the response, the time or the
order they came in (sorted by their text), so a comment is not tied to anything else.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, select

from app.questionnaires.model import CommentPage, Questionnaire
from app.results.sums import counted
from app.storage.tables import Round, comments_table, responses_table


@dataclass(frozen=True)
class CommentsOn:
    """The comments written on one comment page of a questionnaire."""

    page: CommentPage
    texts: list[str]


def round_comments(
    connection: Connection, survey_round: Round, questionnaire: Questionnaire
) -> list[CommentsOn]:
    rows = connection.execute(
        select(comments_table.c.question_id, comments_table.c.text)
        .join(responses_table, responses_table.c.id == comments_table.c.response_id)
        .where(
            counted(survey_round),
            responses_table.c.questionnaire_id == questionnaire.id,
            comments_table.c.text != "",
        )
    ).all()
    connection.rollback()
    pages = [page for page in questionnaire.pages if isinstance(page, CommentPage)]
    return [
        CommentsOn(page, sorted(text for question_id, text in rows if question_id == page.id))
        for page in pages
    ]
