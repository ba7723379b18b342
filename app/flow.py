"""The path one respondent takes through a questionnaire, given the answers so far.

Answers map a question id to the chosen option value, or to None when the person chose
"Vil ikke svare". Skip rules only look back, so one pass in page order decides what is seen.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from app.questionnaire import Page, Questionnaire, QuestionPage

Answers = Mapping[str, str | None]


@dataclass(frozen=True)
class Progress:
    number: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.number / self.total)


def visible_pages(questionnaire: Questionnaire, answers: Answers) -> list[Page]:
    shown: list[Page] = []
    counted: dict[str, str | None] = {}  # answers of questions that are shown
    for page in questionnaire.pages:
        rule = page.show_if
        if rule is not None and not rule.holds_for(counted.get(rule.question)):
            continue
        shown.append(page)
        if isinstance(page, QuestionPage) and page.id in answers:
            counted[page.id] = answers[page.id]
    return shown


def hidden_answers(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    """Questions that have an answer but are no longer shown (an earlier answer changed)."""
    shown = {page.id for page in visible_pages(questionnaire, answers)}
    return [question_id for question_id in answers if question_id not in shown]


def _position(pages: list[Page], page_id: str) -> int | None:
    return next((index for index, page in enumerate(pages) if page.id == page_id), None)


def next_page(questionnaire: Questionnaire, answers: Answers, page_id: str) -> Page | None:
    pages = visible_pages(questionnaire, answers)
    index = _position(pages, page_id)
    if index is None or index + 1 >= len(pages):
        return None
    return pages[index + 1]


def previous_page(questionnaire: Questionnaire, answers: Answers, page_id: str) -> Page | None:
    pages = visible_pages(questionnaire, answers)
    index = _position(pages, page_id)
    if not index:
        return None
    return pages[index - 1]


def progress(questionnaire: Questionnaire, answers: Answers, page_id: str) -> Progress | None:
    """'side X av N', where N counts only the pages this respondent will see."""
    pages = visible_pages(questionnaire, answers)
    index = _position(pages, page_id)
    return None if index is None else Progress(number=index + 1, total=len(pages))


def resume_page(questionnaire: Questionnaire, answers: Answers) -> Page:
    """Where to continue: the first unanswered question, or the text pages just before it."""
    pages = visible_pages(questionnaire, answers)
    run_start: int | None = None
    for index, page in enumerate(pages):
        if not isinstance(page, QuestionPage):
            run_start = index if run_start is None else run_start
            continue
        if page.id not in answers:
            return pages[run_start if run_start is not None else index]
        run_start = None
    return pages[-1]


def can_open(questionnaire: Questionnaire, answers: Answers, page_id: str) -> bool:
    """A page can be opened if it is shown to this respondent and not past where they are.

    "Where they are" is the first unanswered question; the text pages before it are open too.
    """
    pages = visible_pages(questionnaire, answers)
    index = _position(pages, page_id)
    limit = _position(pages, resume_page(questionnaire, answers).id)
    if index is None or limit is None:
        return False
    while limit < len(pages) - 1 and not isinstance(pages[limit], QuestionPage):
        limit += 1
    return index <= limit
