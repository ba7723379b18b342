"""The view of one survey screen: what its template shows to one respondent."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial

from app import urls
from app.pictures.illustrations import Picture
from app.questionnaires import declining
from app.questionnaires.model import (
    CommentPage,
    EndPage,
    InformationPage,
    Option,
    Page,
    Questionnaire,
    QuestionPage,
    Scale,
    SpeechSettings,
    SummaryPage,
    TextPage,
    values_of,
)
from app.rounds.rounds import ROUND_UNIT, unit_key
from app.speech.readaloud import PageAudio, ReadAloud
from app.speech.synthesis import Clip
from app.survey import answering, flow, helping
from app.web.deps import Services
from app.words import LANGUAGES, LanguageChoice, Words, language_choices, words_in


@dataclass(frozen=True)
class QuestionView:
    question: QuestionPage
    options: list[Option]
    chosen: str | None
    answered: bool
    audio: PageAudio | None

    @property
    def chosen_values(self) -> list[str]:
        """What is ticked: one option, or several on a question with `multiple`."""
        return values_of(self.chosen)


@dataclass(frozen=True)
class AnswerChoice:
    """One answer button on a question screen: an option of the scale, or "Vil ikke svare"."""

    name: str  # the form field: svar-<question id>
    value: str  # what the button sends
    label: str
    pictogram: str  # what it says: yes, mixed, no, unknown or decline; "" for a label alone
    tone: str  # what it means for the resident, its colour (QuestionPage.tone), or decline
    chosen: bool
    listen_url: str  # its clip, for the "Lytt" button; "" without audio
    hear_first_url: str  # played on a tap when `tap_to_hear_first` (see SpeechSettings); or ""


@dataclass(frozen=True)
class CommentView:
    page: CommentPage
    text: str


@dataclass(frozen=True)
class ScreenLeft:
    """A screen of a form and how many of its questions have no answer, with the way to it:
    a line of the summary before sending, or the notice after "Neste"."""

    title: str
    left: int
    total: int
    url: str


@dataclass(frozen=True, eq=False)
class PageView:
    """What the page template needs to show one screen to one respondent.

    Two views that would show the same HTML are equal (see `shows`), so rendered pages can
    be cached: most respondents see the same screen in the same few states.
    """

    questionnaire: Questionnaire
    screen: flow.Screen
    progress: flow.Progress | None
    back_url: str | None
    questions: list[QuestionView]
    comments: list[CommentView]
    audio: PageAudio | None = None
    picture: Picture | None = None
    next_audio: PageAudio | None = None  # fetched ahead, so the next page speaks at once
    # Fetched ahead, so the next page shows its picture at once: the next screen's, and the one
    # an answer here may show instead (a skip rule). Worked out only when the page is rendered:
    # a page served from the cache of rendered pages (see `shows`) never needs them.
    next_pictures_of: Callable[[], tuple[Picture, ...]] = tuple
    next_screen_id: str | None = None
    error: str | None = None
    reversed_options: bool = False  # this respondent sees the options in reverse order
    helper: str | None = None  # who is with the resident (questionnaires that ask)
    # A form: the screen just left by "Neste" with questions unanswered (said, with a way back),
    # and on the summary page every screen with questions.
    skipped: ScreenLeft | None = None
    summary: tuple[ScreenLeft, ...] = ()
    heading: str = ""  # the page's title, its question, or a form's section ("… (del 2 av 3)")
    guide: Picture | None = None  # the questionnaire's guide (Eir), if it has one

    @cached_property
    def shows(self) -> tuple[object, ...]:
        """Everything the template reads; the rest follows from the screen itself."""
        questionnaire = self.questionnaire
        return (
            questionnaire.id,
            questionnaire.version,
            questionnaire.language,
            self.screen.id,
            self.progress,
            self.back_url,
            tuple((q.question.id, q.chosen, q.answered) for q in self.questions),
            tuple((c.page.id, c.text) for c in self.comments),
            self.next_screen_id,
            self.error,
            self.reversed_options,
            self.helper,
            self.skipped,
            self.summary,
            self.heading,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PageView) and self.shows == other.shows

    def __hash__(self) -> int:
        return hash(self.shows)

    @property
    def page(self) -> Page:
        return self.screen.first

    @property
    def language(self) -> str:
        """The language it is shown in (the questionnaire is as translated for it)."""
        return self.questionnaire.language

    @property
    def words(self) -> Words:
        return words_in(self.language)

    @property
    def languages(self) -> list[LanguageChoice]:
        """The first page offers the languages the questionnaire is written in, if more than
        one."""
        offered = self.questionnaire.languages
        if self.page.type != "intro" or len(offered) < 2:
            return []
        return language_choices(offered, self.language)

    @property
    def is_form(self) -> bool:
        """A section's questions (or a part of them) on one screen, as an ordinary form."""
        return self.questionnaire.layout == "section" and bool(self.questions or self.comments)

    @property
    def chooses_first(self) -> bool:
        """One question on the screen, chosen by a tap (saved at once) and left by «Gå til
        neste» (`advance: on_next`); else a tap on an answer goes on at once."""
        return (
            self.page.type == "question"
            and not self.is_form
            and self.questionnaire.advance == "on_next"
        )

    @property
    def onward(self) -> str:
        """The button forward: "new_person" (a shared tablet at the end: the next person
        starts afresh and cannot see these answers), "done", "next", "go_to_next" (a question
        chosen first), "consent" (yes, or no and nothing kept), or "" (a question not yet
        answered moves on by its answer)."""
        kind = self.page.type
        if isinstance(self.page, InformationPage) and self.page.consent:
            return "consent"
        if kind == "end":
            return "new_person" if self.questionnaire.audience == "resident" else "done"
        if kind == "summary":
            return "send"
        if self.chooses_first:
            return "go_to_next"
        return "next" if kind != "question" or self.is_form or self.answered else ""

    @property
    def may_pause(self) -> bool:
        """A pause (and changing the helper) is offered between the first and the last page."""
        return self.page.type not in ("intro", "end")

    @property
    def next_pictures(self) -> tuple[Picture, ...]:
        return self.next_pictures_of()

    @property
    def page_audio_url(self) -> str:
        """ "Les opp": the page read in the order this respondent sees its options."""
        return urls.audio(self.audio.heard(self.reversed_options).key) if self.audio else ""

    then_audio_urls = ""  # one clip reads the whole page

    @property
    def number(self) -> str:
        """The question's number as shown before it ("12."), or ""."""
        found = self.questionnaire.numbers.get(self.page.id)
        return f"{found}." if found else ""

    @property
    def question_audio_url(self) -> str:
        """The question alone: heard first when the page opens with switch scanning."""
        question = self.audio.question if self.audio else None
        return urls.audio(question.key) if question else ""

    @property
    def next_audio_url(self) -> str:
        if self.next_audio is None:
            return ""
        return urls.audio(self.next_audio.heard(self.reversed_options).key)

    @property
    def helper_label(self) -> str:
        if not self.questionnaire.ask_helper:
            return ""
        return helping.label_of(self.helper, self.language)

    @property
    def change_helper_url(self) -> str:
        return urls.helper(self.questionnaire.id, self.screen.id)

    @property
    def helper_must_not_answer(self) -> bool:
        """A question only the resident may answer, while someone helps."""
        page = self.page
        return (
            isinstance(page, QuestionPage)
            and page.resident_only
            and helping.answered_with_help(self.helper)
        )

    @property
    def speech(self) -> SpeechSettings:
        return self.questionnaire.speech

    @property
    def action(self) -> str:
        return urls.page(self.questionnaire.id, self.screen.id)

    @property
    def autosave_url(self) -> str:
        return urls.autosave(self.questionnaire.id, self.screen.id)

    @property
    def pause_url(self) -> str:
        return urls.pause(self.questionnaire.id)

    @property
    def new_response_url(self) -> str:
        return urls.new_response(self.questionnaire.id)

    @property
    def decline_url(self) -> str:
        return urls.decline(self.questionnaire.id)

    # One question per screen: the template reads its question through these.
    @property
    def options(self) -> list[Option]:
        options = self.questions[0].options if self.questions else []
        return list(reversed(options)) if self.reversed_options else options

    @property
    def chosen(self) -> str | None:
        return self.questions[0].chosen if self.questions else None

    @property
    def answered(self) -> bool:
        return bool(self.questions) and self.questions[0].answered

    @property
    def choices(self) -> list[AnswerChoice]:
        """The scale's options as buttons, in the order this respondent sees them."""
        if not self.questions:
            return []
        question = self.questions[0].question
        return [
            self._choice(
                option.value,
                option.value,
                option.label,
                option.pictogram or "",
                question.tone(option),
            )
            for option in self.options
        ]

    @property
    def shown_field(self) -> tuple[str, str]:
        """One question per screen: the hidden field saying which answer this page showed, so
        a page left open in another window cannot overwrite an answer given since."""
        return f"{answering.SHOWN_PREFIX}{self.page.id}", answering.shown_value(
            self.answered, self.chosen
        )

    @property
    def decline(self) -> AnswerChoice:
        decline = self.words.decline
        return self._choice(declining.FORM_VALUE, declining.CODE, decline, "decline", "decline")

    def _choice(self, value: str, clip: str, label: str, pictogram: str, tone: str) -> AnswerChoice:
        chosen = value if value != declining.FORM_VALUE else None
        listen_url = urls.audio(self.audio.options[clip].key) if self.audio else ""
        return AnswerChoice(
            name=f"svar-{self.page.id}",
            value=value,
            label=label,
            pictogram=pictogram,
            tone=tone,
            chosen=self.answered and self.chosen == chosen,
            listen_url=listen_url,
            hear_first_url=listen_url if self.speech.tap_to_hear_first else "",
        )

    @property
    def chosen_label(self) -> str:
        if not self.answered:
            return ""
        if self.chosen is None:
            return self.words.decline
        option = next((o for o in self.options if o.value == self.chosen), None)
        return option.label if option else ""


def _options(scale: Scale, question: QuestionPage, homes: Sequence[str]) -> list[Option]:
    """A question's options: its scale's, after the round's homes where it asks for one."""
    if not question.round_units:
        return scale.options
    return [*(Option(value=unit_key(home), label=home) for home in homes), *scale.options]


def _chosen(answer: str | None, question: QuestionPage, home: str | None) -> str | None:
    """The option a question's answer is: for the home asked, the key of the response's home."""
    if question.round_units and answer == ROUND_UNIT and home is not None:
        return unit_key(home)
    return answer


def page_view(
    services: Services,
    questionnaire: Questionnaire,
    screen: flow.Screen,
    path: flow.Journey,
    error: str | None = None,
    texts: Mapping[str, str] | None = None,
    reversed_options: bool = False,
    helper: str | None = None,
    left_from: str | None = None,
    homes: Sequence[str] = (),
    home: str | None = None,
) -> PageView:
    """`left_from`: the screen the respondent just left by "Neste" (a form says what was left
    unanswered there). `homes`: the round's, offered by a question with `round_units`; `home`:
    the one the response is in."""
    catalog, read_aloud = services.catalog, services.read_aloud
    page = screen.first
    language = questionnaire.language
    heard = partial(
        read_aloud.for_page,
        questionnaire.id,
        version=questionnaire.version,
        language=language,
        shown=questionnaire,
    )
    previous = path.previous_screen(screen.id)
    following = path.next_screen(screen.id)
    section, _, _ = path.part_of(screen)
    return PageView(
        questionnaire=questionnaire,
        screen=screen,
        progress=path.progress(screen.id),
        back_url=(
            urls.page(questionnaire.id, previous.id)
            if previous and not isinstance(page, EndPage)
            else None
        ),
        questions=[
            QuestionView(
                question=question,
                options=_options(catalog.scale_of(question, language), question, homes),
                chosen=_chosen(path.answers.get(question.id), question, home),
                answered=question.id in path.answers,
                audio=heard(question.id),
            )
            for question in screen.questions
        ],
        comments=[
            CommentView(page=comment, text=(texts or {}).get(comment.id, ""))
            for comment in screen.comments
        ],
        audio=heard(section if section and questionnaire.layout == "section" else page.id),
        picture=picture_of(services, page),
        next_audio=heard(following.id) if following else None,
        next_pictures_of=partial(_next_pictures, services, screen, following, path),
        next_screen_id=following.id if following else None,
        error=error,
        reversed_options=reversed_options,
        helper=helper,
        skipped=_skipped(questionnaire, path, previous, left_from),
        summary=_summary(questionnaire, path) if isinstance(page, SummaryPage) else (),
        heading=heading_of(questionnaire, path, screen),
        guide=guide_of(services, questionnaire),
    )


def guide_of(services: Services, questionnaire: Questionnaire) -> Picture | None:
    """The questionnaire's guide (Eir) as a picture, if it has one."""
    return services.pictures.find(questionnaire.guide.file) if questionnaire.guide else None


def heading_of(questionnaire: Questionnaire, path: flow.Journey, screen: flow.Screen) -> str:
    """A screen's heading: its page's title, or its question; on a form, its section's title,
    with the part when the section is split ("Personalet (del 2 av 3)")."""
    first = screen.first
    section, number, parts = path.part_of(screen)
    if questionnaire.layout == "section" and section is not None:
        opening = questionnaire.page(section)
        title = opening.title if isinstance(opening, TextPage) else section
        if parts > 1:
            return words_in(questionnaire.language)(
                "part_of", title=title, number=number, parts=parts
            )
        return title
    return first.title if isinstance(first, TextPage) else getattr(first, "text", "")


def form_screen_name(questionnaire: Questionnaire, path: flow.Journey, screen: flow.Screen) -> str:
    """A form's screen of questions as the owners' list names it ("Hjemmet (del 2 av 2): 3
    spørsmål"); "" for any other screen."""
    if questionnaire.layout != "section" or not screen.questions:
        return ""
    return f"{heading_of(questionnaire, path, screen)}: {len(screen.questions)} spørsmål"


def _screen_left(
    questionnaire: Questionnaire, path: flow.Journey, screen: flow.Screen, left: int
) -> ScreenLeft:
    title = heading_of(questionnaire, path, screen)
    url = urls.page(questionnaire.id, screen.id)
    return ScreenLeft(title, left, len(screen.questions), url)


def _skipped(
    questionnaire: Questionnaire,
    path: flow.Journey,
    previous: flow.Screen | None,
    left_from: str | None,
) -> ScreenLeft | None:
    if questionnaire.layout != "section" or previous is None or previous.id != left_from:
        return None
    left = path.skipped_on(previous.id)
    return _screen_left(questionnaire, path, previous, left) if left else None


def _summary(questionnaire: Questionnaire, path: flow.Journey) -> tuple[ScreenLeft, ...]:
    found = path.unanswered()
    return tuple(_screen_left(questionnaire, path, screen, left) for screen, left in found)


def picture_of(services: Services, page: Page) -> Picture | None:
    return services.pictures.find(page.illustration.file) if page.illustration else None


def _next_pictures(
    services: Services, screen: flow.Screen, following: flow.Screen | None, path: flow.Journey
) -> tuple[Picture, ...]:
    pages = [following.first] if following else []
    if len(screen.pages) == 1 and isinstance(screen.first, QuestionPage):
        question = screen.first
        values = [option.value for option in services.catalog.scale_of(question).options]
        pages += path.next_for_each_answer(question, [*values, None])
    pictures = [picture_of(services, page) for page in pages]
    return tuple(dict.fromkeys(picture for picture in pictures if picture is not None))


@dataclass(frozen=True)
class HeardText:
    """A page without questions read aloud: its clips one after another (the pause page reads
    its text, then the code a character at a time, then the rest)."""

    clips: list[Clip]
    speech: SpeechSettings

    @property
    def page_audio_url(self) -> str:
        return urls.audio(self.clips[0].key) if self.clips else ""

    question_audio_url = ""  # no question: scanning reads nothing first
    guide = None  # "Les opp" shows the speaker: no guide reads a message page

    @property
    def then_audio_urls(self) -> str:
        """The clips after the first, played in turn (with JavaScript)."""
        return " ".join(urls.audio(clip.key) for clip in self.clips[1:])


SCANNED_WORDS = ("read_aloud", "back", "next", "go_to_next", "consent_yes", "consent_no")


def switch_clips(read_aloud: ReadAloud) -> dict[str, str]:
    """The clips switch access reads as it highlights a button, by the button's words (in
    every language; the page looks up its own: `said[words.back]`)."""
    clips: dict[str, Clip | None] = {}
    for language in LANGUAGES:
        for key in SCANNED_WORDS:
            word = getattr(words_in(language), key)  # "Tilbake" is the same in nb and nn
            clips.setdefault(word, read_aloud.spoken(word, language))
    return {word: urls.audio(clip.key) for word, clip in clips.items() if clip is not None}


def clips_heard(view: PageView) -> list[tuple[str, str]]:
    """What can be heard on the page: its clip (each order) and each answer's, with a name."""
    audio = view.audio
    if audio is None:
        return []
    clips = [("Siden", urls.audio(audio.page.key))]
    if audio.page_reversed is not None:
        clips.append(("Siden, svarene i motsatt rekkefølge", urls.audio(audio.page_reversed.key)))
    clips += [(f"Svaret «{value}»", urls.audio(clip.key)) for value, clip in audio.options.items()]
    return clips


def heard_text(
    read_aloud: ReadAloud, speech: SpeechSettings, language: str, *parts: str
) -> HeardText | None:
    """`parts` read one after another in `language`; None where nothing can be heard."""
    clips = [read_aloud.spoken(part, language) for part in parts if part.strip()]
    found = [clip for clip in clips if clip is not None]
    return HeardText(found, speech) if found else None


def pause_texts(words: Words) -> tuple[list[str], list[str]]:
    """The pause page's lines before its code, and after it."""
    before = [words.break_saved, words.break_here, words.break_elsewhere]
    return before, [words.break_write_down]


def pause_read_aloud(
    read_aloud: ReadAloud, questionnaire: Questionnaire, code: str
) -> HeardText | None:
    """The pause page heard: its text, the code a character at a time (no clip holds a whole
    code, so none is kept in the audio cache), then the rest."""
    words = words_in(questionnaire.language)
    before, after = pause_texts(words)
    return heard_text(
        read_aloud,
        questionnaire.speech,
        questionnaire.language,
        f"{words.take_a_break}. {' '.join(before)}",
        *(character for character in code if character.isalnum()),
        " ".join(after),
    )


@dataclass(frozen=True)
class HelperChoice:
    helper: helping.Helper
    label: str
    picture: Picture
    chosen: bool
    listen_url: str  # its clip, for the "Lytt" button; "" without audio


@dataclass(frozen=True)
class HelperView:
    questionnaire: Questionnaire
    choices: list[HelperChoice]
    next_page: str
    back_url: str | None
    audio: PageAudio | None
    next_pictures: tuple[Picture, ...] = ()  # the page after the choice, fetched ahead
    guide: Picture | None = None  # the face of "Les opp" (Eir), as on every page

    @property
    def speech(self) -> SpeechSettings:
        return self.questionnaire.speech

    @property
    def language(self) -> str:
        return self.questionnaire.language

    @property
    def action(self) -> str:
        return urls.helper(self.questionnaire.id)

    then_audio_urls = ""

    @property
    def page_audio_url(self) -> str:
        return urls.audio(self.audio.page.key) if self.audio else ""

    @property
    def question_audio_url(self) -> str:
        """ "Hvem er med deg nå?" alone: heard first with switch scanning."""
        question = self.audio.question if self.audio else None
        return urls.audio(question.key) if question else ""

    @property
    def pause_url(self) -> str:
        return urls.pause(self.questionnaire.id)
