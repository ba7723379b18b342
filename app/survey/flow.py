"""The path one respondent takes through a questionnaire, given the answers so far.

Answers map a question id to the chosen option value, or to None when the person chose
"Vil ikke svare". Skip rules only look back, so one pass in page order decides what is seen;
`journey()` makes that pass once, and everything else is read off the result.

Pages are grouped into screens: one page per screen for residents, or a section's intro with
all its questions on one screen for an ordinary form (`layout: section`), split into parts of
about equal size where a section has more than `questions_per_screen`. A screen is named by its
first page, and that name is what its address shows.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from app.questionnaires.model import (
    UNKNOWN,
    Circumstances,
    CommentPage,
    Page,
    Questionnaire,
    QuestionPage,
    SectionPage,
)

Answers = Mapping[str, str | None]


@dataclass(frozen=True)
class Progress:
    number: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.number / self.total)


@dataclass(frozen=True)
class Screen:
    pages: tuple[Page, ...]

    @property
    def id(self) -> str:
        return self.pages[0].id

    @property
    def first(self) -> Page:
        return self.pages[0]

    @property
    def questions(self) -> list[QuestionPage]:
        return [page for page in self.pages if isinstance(page, QuestionPage)]

    @property
    def comments(self) -> list[CommentPage]:
        return [page for page in self.pages if isinstance(page, CommentPage)]


@dataclass(frozen=True)
class Journey:
    """The screens this respondent sees, in order, and where they stand."""

    pages: list[Page]
    answers: Answers
    by_section: bool = False
    every_page: tuple[Page, ...] = ()  # the questionnaire's, shown or not: progress counts them
    per_screen: int | None = None  # a form's most questions on one screen
    # Every section's and question's page id → its section (Questionnaire.sections).
    sections: Mapping[str, str] = field(default_factory=dict)
    about: Circumstances = UNKNOWN  # the helper, home and language rules look at

    @cached_property
    def _groups(self) -> list[tuple[Page, ...]]:
        """The visible pages, grouped per screen (plain tuples: this runs on every request).
        A form's screens are the questionnaire's with hidden pages left out, so a skip rule
        never moves a question to another part of its section."""
        if not self.by_section or not self.every_page:
            return _screens(self.pages, self.by_section, self.per_screen)
        visible = {page.id for page in self.pages}
        screens = (tuple(p for p in group if p.id in visible) for group in self._every_screen)
        return [screen for screen in screens if screen]

    @property
    def screens(self) -> list[Screen]:
        return [Screen(group) for group in self._groups]

    @cached_property
    def _every_screen(self) -> list[tuple[Page, ...]]:
        """All the questionnaire's screens, shown to this respondent or not."""
        return _screens(self.every_page or self.pages, self.by_section, self.per_screen)

    @cached_property
    def _counted(self) -> dict[str, int]:
        """Every page's id → the position of its screen among all the questionnaire's."""
        return {page.id: i for i, group in enumerate(self._every_screen) for page in group}

    @cached_property
    def _index(self) -> dict[str, int]:
        """Every visible page's id → the position of the screen it is on."""
        if not self.by_section:
            return {page.id: index for index, page in enumerate(self.pages)}
        return {page.id: i for i, group in enumerate(self._groups) for page in group}

    def screen(self, page_id: str) -> Screen | None:
        index = self._index.get(page_id)
        return None if index is None else Screen(self._groups[index])

    def next_screen(self, page_id: str) -> Screen | None:
        index = self._index.get(page_id)
        if index is None or index + 1 >= len(self._groups):
            return None
        return Screen(self._groups[index + 1])

    def next_for_each_answer(
        self, question: QuestionPage, values: Iterable[str | None]
    ) -> list[Page]:
        """The page that would follow `question` after each of these answers: a skip rule may
        make it another page than the one that follows now."""
        shown = {asked: answer for asked, answer in self.answers.items() if asked in self._index}
        after = self.every_page[self.every_page.index(question) + 1 :]
        found = []
        for value in values:
            answers = {**shown, question.id: value}
            for page in after:
                rule = page.show_if
                if rule is None or rule.holds(answers, self.about):
                    found.append(page)
                    break
        return found

    def previous_screen(self, page_id: str) -> Screen | None:
        index = self._index.get(page_id)
        return Screen(self._groups[index - 1]) if index else None

    def progress(self, page_id: str) -> Progress | None:
        """'side X av N': N is the same from the first page to the last (every screen of the
        questionnaire); a screen skipped for this respondent counts as passed, so X jumps
        past it and the last page is 'N av N'."""
        if page_id not in self._index:
            return None
        return Progress(number=self._counted[page_id] + 1, total=len(self._every_screen))

    @cached_property
    def _resume_index(self) -> int:
        run_start: int | None = None
        for index, group in enumerate(self._groups):
            questions = [page.id for page in group if isinstance(page, QuestionPage)]
            if not questions:
                run_start = index if run_start is None else run_start
                continue
            if any(question not in self.answers for question in questions):
                return run_start if run_start is not None else index
            run_start = None
        return len(self._groups) - 1

    @property
    def resume_screen(self) -> Screen:
        """Where to continue: the first screen with an unanswered question, or the text
        screens just before it."""
        return Screen(self._groups[self._resume_index])

    def can_open(self, page_id: str) -> bool:
        """A screen can be opened if it is shown and not past where the respondent is."""
        index = self._index.get(page_id)
        if index is None:
            return False
        limit, last = self._resume_index, len(self._groups) - 1
        while limit < last and not any(isinstance(p, QuestionPage) for p in self._groups[limit]):
            limit += 1
        return index <= limit

    def may_open(self, page_id: str) -> Screen | None:
        """The screen that starts at `page_id`, if this respondent may open it: shown, not
        past where they are. The one rule for every route that shows or stores a screen."""
        screen = self.screen(page_id)
        if screen is None or screen.id != page_id or not self.can_open(page_id):
            return None
        return screen

    def destination(self, page_id: str) -> Screen:
        """Where a request for `page_id` leads: the screen holding it (a question inside a
        section leads to its section) if it may be opened, otherwise where to continue."""
        screen = self.screen(page_id)
        return screen if screen is not None and self.can_open(page_id) else self.resume_screen

    def unanswered(self) -> list[tuple[Screen, int]]:
        """A form's screens with questions, and how many of each one's questions are left
        open (a form has no "Vil ikke svare": a question left open when the screen was sent is
        stored as None, one not reached yet has nothing)."""
        return [(screen, self._left_open(screen)) for screen in self.screens if screen.questions]

    def skipped_on(self, page_id: str) -> int:
        """How many questions of a form's screen starting at `page_id` are left open."""
        screen = self.screen(page_id)
        return self._left_open(screen) if screen else 0

    def _left_open(self, screen: Screen) -> int:
        return sum(self.answers.get(q.id) is None for q in screen.questions)

    def part_of(self, screen: Screen) -> tuple[str | None, int, int]:
        """A form's screen: the section it is in, and which part of it (1-based) of how many
        (counted over the questionnaire's screens, so skip rules do not renumber them)."""
        sections = self.sections
        section = sections.get(screen.first.id)
        if section is None or not self.by_section:
            return section, 1, 1  # one page per screen: a section is never split
        parts = [g for g in self._every_screen if sections.get(g[0].id) == section]
        number = next((i for i, g in enumerate(parts, 1) if g[0].id == screen.id), 1)
        return section, number, len(parts)

    def after(self, changed: Iterable[str], rule_sources: frozenset[str]) -> "Journey | None":
        """The path after the answers to `changed` were stored (in `answers`, the same
        mapping): the same screens unless one of them decides a skip rule (None: make the path
        again). Saves the pass over every page on each answer."""
        if rule_sources.intersection(changed):
            return None
        return replace(self)  # what was worked out from the answers before is worked out anew

    def hidden_answers(self) -> list[str]:
        """Questions that have an answer but are not shown."""
        return [question_id for question_id in self.answers if question_id not in self._index]

    def hidden_by(self, before: "Journey") -> list[str]:
        """Questions with an answer that `before` showed and this path hides (an earlier
        answer changed)."""
        return [question for question in self.hidden_answers() if question in before._index]


def journey(
    questionnaire: Questionnaire,
    answers: Answers,
    lists_units: bool = True,
    about: Circumstances = UNKNOWN,
) -> Journey:
    """`lists_units`: the respondent's round lists its homes (else a question about which home,
    `round_units`, is not asked). `about`: who is helping, the home, the language, for the
    skip rules that look at them."""
    shown: list[Page] = []
    counted: dict[str, str | None] = {}  # answers of questions that are shown
    for page in questionnaire.pages:
        if not lists_units and isinstance(page, QuestionPage) and page.round_units:
            continue
        rule = page.show_if
        if rule is not None and not rule.holds(counted, about):
            continue
        shown.append(page)
        if isinstance(page, QuestionPage) and page.id in answers:
            counted[page.id] = answers[page.id]
    return Journey(
        pages=shown,
        answers=answers,
        by_section=questionnaire.layout == "section",
        every_page=tuple(questionnaire.pages),
        per_screen=questionnaire.questions_per_screen,
        sections=questionnaire.sections,
        about=about,
    )


def every_screen(questionnaire: Questionnaire) -> Journey:
    """Every page, whatever the skip rules: what an owner looks through before publishing."""
    return Journey(
        pages=list(questionnaire.pages),
        answers={},
        by_section=questionnaire.layout == "section",
        every_page=tuple(questionnaire.pages),
        per_screen=questionnaire.questions_per_screen,
        sections=questionnaire.sections,
    )


def _screens(
    pages: Sequence[Page], by_section: bool, per_screen: int | None = None
) -> list[tuple[Page, ...]]:
    if not by_section:
        return [(page,) for page in pages]
    grouped: list[list[Page]] = []
    for page in pages:
        joins = isinstance(page, QuestionPage | CommentPage) and grouped
        if joins and isinstance(grouped[-1][0], SectionPage):
            grouped[-1].append(page)
        else:
            grouped.append([page])
    return [part for group in grouped for part in _parts(group, per_screen)]


def _parts(group: list[Page], per_screen: int | None) -> list[tuple[Page, ...]]:
    """A section's screen in parts of at most `per_screen` questions, as equal as they can be
    (12 by 5 is 4 + 4 + 4, not 5 + 5 + 2); its intro opens the first, comments end the last."""
    questions = [p for p in group if isinstance(p, QuestionPage)]
    if per_screen is None or len(questions) <= per_screen:
        return [tuple(group)]
    count = -(-len(questions) // per_screen)
    sizes = [len(questions) // count + (i < len(questions) % count) for i in range(count)]
    intro = [p for p in group if not isinstance(p, QuestionPage | CommentPage)]
    parts: list[list[Page]] = []
    for number, size in enumerate(sizes):
        parts.append([*(intro if number == 0 else []), *questions[:size]])
        questions = questions[size:]
    parts[-1].extend(p for p in group if isinstance(p, CommentPage))
    return [tuple(part) for part in parts]
