"""The view of one survey page: what its template shows to one respondent."""

from dataclasses import dataclass
from functools import cached_property

from app import flow
from app.illustrations import Picture
from app.questionnaire import EndPage, Option, Page, Questionnaire, QuestionPage, SpeechSettings
from app.readaloud import PageAudio
from app.web.deps import Services


def page_url(questionnaire: Questionnaire, page: Page) -> str:
    return f"/s/{questionnaire.id}/side/{page.id}"


@dataclass(frozen=True, eq=False)
class PageView:
    """What the page template needs to show one page to one respondent.

    Two views that would show the same HTML are equal (see `shows`), so rendered pages can
    be cached: most respondents see the same page in the same few states.
    """

    questionnaire: Questionnaire
    page: Page
    progress: flow.Progress | None
    back_url: str | None
    options: list[Option]
    chosen: str | None
    answered: bool
    audio: PageAudio | None = None
    picture: Picture | None = None
    next_audio: PageAudio | None = None  # fetched ahead, so the next page speaks at once
    next_page_id: str | None = None
    error: str | None = None

    @cached_property
    def shows(self) -> tuple[object, ...]:
        """Everything the template reads; the rest follows from the page itself."""
        questionnaire = self.questionnaire
        return (
            questionnaire.id,
            questionnaire.version,
            self.page.id,
            self.progress,
            self.back_url,
            self.chosen,
            self.answered,
            self.next_page_id,
            self.error,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PageView) and self.shows == other.shows

    def __hash__(self) -> int:
        return hash(self.shows)

    @property
    def speech(self) -> SpeechSettings:
        return self.questionnaire.speech

    @property
    def action(self) -> str:
        return page_url(self.questionnaire, self.page)

    @property
    def chosen_label(self) -> str:
        if not self.answered:
            return ""
        if self.chosen is None:
            return "Vil ikke svare"
        option = next((o for o in self.options if o.value == self.chosen), None)
        return option.label if option else ""


def page_view(
    services: Services,
    questionnaire: Questionnaire,
    page: Page,
    path: flow.Journey,
    error: str | None = None,
) -> PageView:
    catalog, read_aloud = services.catalog, services.read_aloud
    previous = path.previous_page(page.id)
    following = path.next_page(page.id)
    options = catalog.scale_of(page).options if isinstance(page, QuestionPage) else []
    return PageView(
        questionnaire=questionnaire,
        page=page,
        progress=path.progress(page.id),
        back_url=(
            page_url(questionnaire, previous)
            if previous and not isinstance(page, EndPage)
            else None
        ),
        options=options,
        chosen=path.answers.get(page.id),
        answered=page.id in path.answers,
        audio=read_aloud.for_page(questionnaire.id, page.id),
        picture=services.pictures.get(page.illustration.file) if page.illustration else None,
        next_audio=read_aloud.for_page(questionnaire.id, following.id) if following else None,
        next_page_id=following.id if following else None,
        error=error,
    )
