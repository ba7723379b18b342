"""The path one respondent takes through a questionnaire, given the answers so far.

Answers map a question id to the chosen option value, or to None when the person chose
"Vil ikke svare". Skip rules only look back, so one pass in page order decides what is seen;
`journey()` makes that pass once, and everything else is read off the result.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from app.questionnaire import Page, Questionnaire, QuestionPage

Answers = Mapping[str, str | None]


@dataclass(frozen=True)
class Progress:
    number: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.number / self.total)


@dataclass(frozen=True)
class Journey:
    """The pages this respondent sees, in order, and where they stand."""

    pages: list[Page]
    answers: Answers

    @cached_property
    def _index(self) -> dict[str, int]:
        return {page.id: index for index, page in enumerate(self.pages)}

    def shows(self, page_id: str) -> bool:
        return page_id in self._index

    def next_page(self, page_id: str) -> Page | None:
        index = self._index.get(page_id)
        if index is None or index + 1 >= len(self.pages):
            return None
        return self.pages[index + 1]

    def previous_page(self, page_id: str) -> Page | None:
        index = self._index.get(page_id)
        return self.pages[index - 1] if index else None

    def progress(self, page_id: str) -> Progress | None:
        """'side X av N', where N counts only the pages this respondent will see."""
        index = self._index.get(page_id)
        return None if index is None else Progress(number=index + 1, total=len(self.pages))

    @cached_property
    def resume_page(self) -> Page:
        """Where to continue: the first unanswered question, or the text pages just before it."""
        run_start: int | None = None
        for index, page in enumerate(self.pages):
            if not isinstance(page, QuestionPage):
                run_start = index if run_start is None else run_start
                continue
            if page.id not in self.answers:
                return self.pages[run_start if run_start is not None else index]
            run_start = None
        return self.pages[-1]

    def can_open(self, page_id: str) -> bool:
        """A page can be opened if it is shown and not past the first unanswered question."""
        index = self._index.get(page_id)
        if index is None:
            return False
        limit = self._index[self.resume_page.id]
        while limit < len(self.pages) - 1 and not isinstance(self.pages[limit], QuestionPage):
            limit += 1
        return index <= limit

    def hidden_answers(self) -> list[str]:
        """Questions that have an answer but are no longer shown (an earlier answer changed)."""
        return [question_id for question_id in self.answers if question_id not in self._index]


def journey(questionnaire: Questionnaire, answers: Answers) -> Journey:
    shown: list[Page] = []
    counted: dict[str, str | None] = {}  # answers of questions that are shown
    for page in questionnaire.pages:
        rule = page.show_if
        if rule is not None and not rule.holds_for(counted.get(rule.question)):
            continue
        shown.append(page)
        if isinstance(page, QuestionPage) and page.id in answers:
            counted[page.id] = answers[page.id]
    return Journey(pages=shown, answers=answers)
