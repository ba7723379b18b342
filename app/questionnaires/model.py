"""The questionnaire as owners write it in YAML: themes, answer scales, pages.

Only the shape of one file is checked here. Checks that need several files (does this
theme exist, is that scale defined) live in catalog.py, which loads the whole folder.
"""

from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Literal, NamedTuple, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from app.questionnaires import declining
from app.words import Language

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
"""A stable id: lower-case letters, digits and _, starting with a letter."""

OptionValue = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$", max_length=40)]
"""An answer's stored code: like an id, but it may be a number ("1" to "6")."""

MULTIPLE_SEPARATOR = " "  # between the values of an answer with several (no value holds one)


def values_of(answer: str | None) -> list[str]:
    """The values an answer holds: one, or several for a question with `multiple`."""
    return answer.split(MULTIPLE_SEPARATOR) if answer else []


Reference = Annotated[str, Field(max_length=200)]
"""The id of something defined elsewhere (a theme, a scale, an earlier question, an answer).
Any text is read: catalog.py checks that it exists and, if not, names the ids to write (an
owner often writes a name as it is shown instead)."""

Pictogram = Literal["yes", "mixed", "no", "unknown"]
# Each pictogram in words, as the studio offers it (the drawings: templates/_pictograms.html).
PICTOGRAM_WORDS: dict[str, str] = {
    "yes": "hake (ja)",
    "mixed": "rett munn (både og)",
    "no": "kryss (nei)",
    "unknown": "spørsmålstegn (vet ikke)",
}
assert set(PICTOGRAM_WORDS) == set(get_args(Pictogram)), "every pictogram in words"
# What an answer means for the resident (QuestionPage.tone): the colour of its button.
Tone = Literal["good", "middle", "bad", "neutral"]
GOOD_FROM, BAD_UP_TO = 200 / 3, 100 / 3  # of an option's score, 0–100

LANGUAGE_NAMES: dict[str, str] = {"nb": "bokmål", "nn": "nynorsk", "en": "engelsk"}


def _in_language(value: object, info: ValidationInfo) -> object:
    """A text as one string for every language, or a map of languages: the one read now
    (`context={"language": ..., "offered": [...]}`, bokmål without a context)."""
    if not isinstance(value, dict):
        return value
    context = info.context or {}
    language = context.get("language", "nb")
    offered = context.get("offered", [language])
    unknown = [key for key in value if key not in LANGUAGE_NAMES]
    if unknown:
        raise ValueError(f"«{unknown[0]}» er ikke et språk. Skriv nb, nn eller en")
    if language not in value:
        raise ValueError(
            f"mangler {LANGUAGE_NAMES[language]} ({language}). Skriv teksten på hvert språk "
            f"skjemaet har (languages: {', '.join(offered)}), eller én tekst for alle"
        )
    return value[language]


Text = Annotated[str, BeforeValidator(_in_language)]
"""Words people read or hear: one string, or a map of languages (`{nb: ..., nn: ...}`)."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Theme(Strict):
    name: Text
    description: Text = ""


class Option(Strict):
    value: OptionValue
    label: Text
    # What the answer says (yes, mixed, no, unknown): the mark on its button, and what the
    # quality flags read. A graded scale (1–6) shows its labels alone.
    pictogram: Pictogram | None = None
    # What the answer counts in a theme score, 0–100; none for "Vet ikke" and background.
    score: float | None = Field(default=None, ge=0, le=100)

    @property
    def says(self) -> Pictogram | None:
        """What the answer says, for the quality flags: its mark, or, on a scale without marks
        (a municipality's own «Alltid / Noen ganger / Aldri»), read from its score as its colour
        is; None where it says nothing of the kind ("Vet ikke")."""
        if self.pictogram is not None:
            return self.pictogram
        if self.score is None:
            return None
        if self.score >= GOOD_FROM:
            return "yes"
        return "no" if self.score <= BAD_UP_TO else "mixed"

    @field_validator("value")
    @classmethod
    def _not_declining(cls, value: str) -> str:
        if value == declining.CODE:
            raise ValueError(f"«{value}» er satt av til «{declining.LABEL}»; velg en annen verdi")
        return value


class Scale(Strict):
    options: list[Option] = Field(min_length=2)

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)


class Illustration(Strict):
    file: str
    alt: Text = Field(description="Describes the picture; write alt: '' only on purpose.")


class Circumstances(NamedTuple):
    """What a skip rule may look at besides the answers: who is helping now (app/survey/
    helping.py), the home the response is for, the language it is answered in."""

    helper: str | None = None
    home: str | None = None
    language: str | None = None


UNKNOWN = Circumstances()  # nobody known to help, no home, no language: an owner's view

CONDITION_KINDS = ("question", "helper", "home", "language", "all", "any", "not")


class Condition(Strict):
    """When a page is shown (`show_if`): one condition, or `all`, `any` or `not` over others.

    A question that was not answered, or declined, never "is" a value and always "is not" one.
    A question with boxes to tick "is" a value when that box is ticked.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    question: Reference | None = None
    is_: list[Reference] | None = Field(default=None, alias="is")
    is_not: list[Reference] | None = None
    helper: list[Reference] | None = None
    home: list[Annotated[str, Field(max_length=200)]] | None = None
    language: list[Reference] | None = None
    all_: list["Condition"] | None = Field(default=None, alias="all", min_length=1)
    any_: list["Condition"] | None = Field(default=None, alias="any", min_length=1)
    not_: "Condition | None" = Field(default=None, alias="not")

    @field_validator("is_", "is_not", "helper", "home", "language", mode="before")
    @classmethod
    def one_value_is_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_kind(self) -> "Condition":
        kinds = [kind for kind in CONDITION_KINDS if self._part(kind) is not None]
        if "question" not in kinds and (self.is_ is not None or self.is_not is not None):
            raise ValueError("is og is_not hører til en question: skriv «question: id» foran")
        if len(kinds) != 1:
            raise ValueError(
                "skriv én betingelse her: question (med is eller is_not), helper, home, "
                "language, eller all, any eller not rundt flere"
                + (f" (her står {' og '.join(kinds)})" if kinds else "")
            )
        if kinds == ["question"] and (self.is_ is None) == (self.is_not is None):
            raise ValueError("skriv enten «is: verdi» eller «is_not: verdi» etter question")
        return self

    def _part(self, kind: str) -> object:
        return getattr(self, kind + "_" if kind in ("all", "any", "not") else kind)

    @property
    def kind(self) -> str:
        return next(kind for kind in CONDITION_KINDS if self._part(kind) is not None)

    def holds(self, answers: Mapping[str, str | None], about: Circumstances) -> bool:
        """`answers`: those of the questions shown so far. An answer may hold several values
        (a question with `multiple`): "is" holds when one of them is listed, "is not" when
        none is."""
        if self.question is not None:
            chosen = values_of(answers.get(self.question))
            if self.is_ is not None:
                return any(value in self.is_ for value in chosen)
            return not any(value in (self.is_not or ()) for value in chosen)
        if self.all_ is not None:
            return all(part.holds(answers, about) for part in self.all_)
        if self.any_ is not None:
            return any(part.holds(answers, about) for part in self.any_)
        if self.not_ is not None:
            return not self.not_.holds(answers, about)
        if self.helper is not None:
            return about.helper in self.helper
        if self.home is not None:
            return about.home in self.home
        return about.language in (self.language or ())

    @property
    def parts(self) -> list["Condition"]:
        """The conditions it is made of (none for a single one)."""
        return self.all_ or self.any_ or ([self.not_] if self.not_ is not None else [])

    @cached_property
    def questions(self) -> frozenset[str]:
        """The questions it looks at."""
        if self.question is not None:
            return frozenset([self.question])
        return frozenset().union(*(part.questions for part in self.parts))

    @property
    def values(self) -> list[str]:
        return list(self.is_ or self.is_not or [])


class BasePage(Strict):
    id: Code
    show_if: Condition | None = None
    illustration: Illustration | None = None


class TextPage(BasePage):
    title: Text
    text: Text = ""


class IntroPage(TextPage):
    type: Literal["intro"]


class InformationPage(TextPage):
    type: Literal["information"]
    # Asks whether the person wants to take part («Vil du være med?»): «Ja, jeg vil være med»
    # goes on; «Nei, ikke nå» ends kindly and keeps no response, only that one more said no.
    consent: bool = False


class SectionPage(TextPage):
    """Opens a section: every question after it, up to the next section, belongs to it."""

    type: Literal["section"]


class SummaryPage(TextPage):
    """Before sending: lists each screen with questions and how many of them are unanswered,
    each with a way back, then sends (the page after it is the end)."""

    type: Literal["summary"]


class EndPage(TextPage):
    type: Literal["end"]


class QuestionPage(BasePage):
    type: Literal["question"]
    text: Text
    # A word in the question explained ("En personalbase er …"): shown under the question and
    # read aloud after it.
    explanation: Text = ""
    scale: Reference
    theme: Reference | None = None  # required, except on background questions
    background: bool = False  # about the person answering, not the services: no theme
    # Check items against yes-saying: the same question asked again in other words, or its
    # opposite (an honest person does not answer "Ja" to both).
    repeat_of: Reference | None = None
    reverse_of: Reference | None = None
    # Only the resident may answer; a helper is told not to answer for them.
    resident_only: bool = False
    # A form's question where more than one option may be chosen (a background question):
    # stored as their values in the scale's order, with MULTIPLE_SEPARATOR between.
    multiple: bool = False
    # The round's homes or departments come first among the options (a background question of
    # a form); the one chosen is the response's home, as staff choose it when starting a
    # resident's tablet. Not asked in a round that lists no homes.
    round_units: bool = False
    _section: str | None = PrivateAttr(default=None)

    @property
    def section(self) -> str | None:
        return self._section

    def tone(self, option: "Option") -> "Tone":
        """What an answer means for the resident, which its button's colour shows: good, bad
        or in between where the question counts in a theme (a question asked the other way
        round, `reverse_of`, the other way: «Ja» to «Er personalet sure mot deg?» is bad);
        neutral where no answer is better (a fact, a wish, "Vet ikke"). The mark on the button
        says the word (`Option.pictogram`), never which answer is right."""
        if self.theme is None or option.score is None:
            return "neutral"
        score = 100 - option.score if self.reverse_of is not None else option.score
        if score >= GOOD_FROM:
            return "good"
        return "bad" if score <= BAD_UP_TO else "middle"

    @property
    def read_first(self) -> str:
        """The words read aloud before the options: the question and its explanation."""
        return f"{self.text} {self.explanation}" if self.explanation else self.text


class CommentPage(BasePage):
    """An optional free-text answer. Kept apart from the answers and never shown in reports."""

    type: Literal["comment"]
    text: Text
    warning: Text = "Ikke skriv navn eller andre opplysninger som viser hvem du eller andre er."
    max_length: int = Field(default=2000, ge=1, le=10_000)


Page = Annotated[
    IntroPage | InformationPage | SectionPage | QuestionPage | CommentPage | SummaryPage | EndPage,
    Field(discriminator="type"),
]


class SpeechSettings(Strict):
    """How the questionnaire is read aloud."""

    engine: Literal["espeak", "gtts"] = "espeak"
    # An espeak-ng voice for the Norwegian texts: espeak has no nynorsk voice, so the bokmål
    # one reads nynorsk too (a recording says it better: see app/speech/readaloud.py).
    voice: str = "gmq/nb"
    english_voice: str = "gmw/en"  # for the English texts, where a questionnaire offers them
    rate: int = Field(default=150, ge=80, le=300)  # words per minute; espeak's own is 175
    autoplay: bool = False  # read each question aloud when its page appears
    # A tap on an answer reads it aloud too; with `advance: on_tap`, the first tap reads it and
    # the second chooses it.
    tap_to_hear_first: bool = False

    def voice_for(self, language: str) -> str:
        return self.english_voice if language == "en" else self.voice


class Questionnaire(Strict):
    id: Code
    version: int = Field(default=1, ge=1)  # set when published (app/studio/versioning.py)
    title: Text
    # The language it is written in first: read when none is chosen. `languages` lists every
    # language it is offered in (each text then a map of them, or one text for all).
    language: Language = "nb"
    languages: list[Language] = []
    audience: Literal["resident", "relative"] = "resident"
    # Another questionnaire asking about the same themes from another side (the residents' and
    # the relatives'): answers are compared theme by theme, so each asks about every theme the
    # other does. A questionnaire of its own (a day centre's, a workplace's) names none.
    parallel_to: Reference | None = None
    # question: one question per screen; section: a section's questions on one screen
    layout: Literal["question", "section"] = "question"
    # One question per screen: a tap on an answer chooses it (saved at once) and «Gå til neste»
    # goes on, as the residents' panel tested it (on_next); or the tap goes on at once (on_tap).
    advance: Literal["on_next", "on_tap"] = "on_next"
    # A form (layout: section): at most this many questions on a screen; a longer section is
    # split into screens of about equal size ("Personalet (del 2 av 3)"). None: no limit.
    questions_per_screen: int | None = Field(default=None, ge=1, le=100)
    # Half of the responses see the answer options in reverse order (against recency bias).
    balance_option_order: bool = False
    # Ask who is with the resident before the first question (see app/survey/helping.py).
    ask_helper: bool = False
    # Each question shown with its number in the questionnaire ("12. Har du …?"), as the
    # co-designed screens show it. None: on for a questionnaire of one question per screen.
    question_numbers: bool | None = None
    # A guide who goes with the respondent (Eir): the face of "Les opp" on every page, and
    # beside each section's intro, saying it. An illustration the owner can replace.
    guide: Illustration | None = None
    # The service's name as the texts write it ("Bo og habilitering"); a round that calls its
    # service otherwise shows and reads its own name in its place (Catalog.named).
    service_name: str = Field(default="", max_length=100)
    speech: SpeechSettings = SpeechSettings()
    pages: list[Page] = Field(min_length=2)

    @field_validator("languages")
    @classmethod
    def _own_language_is_offered(cls, value: list[str], info: ValidationInfo) -> list[str]:
        own = info.data.get("language")
        if value and own not in value:
            raise ValueError(f"skjemaets eget språk (language: {own}) er ikke blant dem")
        return value

    @property
    def offered(self) -> list[str]:
        """Every language it is offered in, its own first."""
        return [self.language, *(lang for lang in self.languages if lang != self.language)]

    def model_post_init(self, context: object) -> None:
        section: str | None = None
        for page in self.pages:
            if isinstance(page, SectionPage):
                section = page.id
            elif isinstance(page, QuestionPage):
                page._section = section

    @cached_property
    def numbers(self) -> Mapping[str, int]:
        """Each question's number ("12."), in the questionnaire's order, the same for everyone;
        empty where questions are not numbered."""
        numbered = self.question_numbers
        if numbered is None:
            numbered = self.layout == "question"
        questions = [page.id for page in self.pages if isinstance(page, QuestionPage)]
        return {page_id: number for number, page_id in enumerate(questions, 1)} if numbered else {}

    @cached_property
    def rule_sources(self) -> frozenset[str]:
        """The questions a skip rule looks at: only a change to one of them can change which
        pages a respondent sees."""
        return frozenset().union(*(page.show_if.questions for page in self.pages if page.show_if))

    @cached_property
    def sections(self) -> Mapping[str, str]:
        """Every section's and question's page id → the section it opens or is in, made once
        and then a plain read (a question's own `section`, a private attribute, costs a slow
        lookup each time: it was half a question page's time)."""
        found, section = {}, None
        for page in self.pages:
            if isinstance(page, SectionPage):
                section = page.id
            if section is not None and isinstance(page, SectionPage | QuestionPage):
                found[page.id] = section
        return found

    @property
    def questions(self) -> list[QuestionPage]:
        return [page for page in self.pages if isinstance(page, QuestionPage)]

    def page(self, page_id: str) -> Page | None:
        return next((page for page in self.pages if page.id == page_id), None)


class ThemesFile(Strict):
    themes: dict[Code, Theme] = Field(min_length=1)


class ScalesFile(Strict):
    scales: dict[Code, Scale] = Field(min_length=1)


class HardWordsFile(Strict):
    """Words hard for many residents and what to write instead; and words that are fine here
    although long or rare. Read by the plain-language report (plain_language.py)."""

    hard_words: dict[str, str] = {}
    known_words: list[str] = []


class PronunciationFile(Strict):
    """Per language: a word the synthesizer says wrong, and a spelling it says right."""

    nb: dict[str, str] = {}
    nn: dict[str, str] = {}
    en: dict[str, str] = {}
