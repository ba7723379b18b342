"""The interface's own words (words.yaml) in bokmål, nynorsk and English.

A page is shown in one language: the questionnaire's texts in it (questions/), and these words
in it. `words_in(language)` gives them; pages read `words.next`, code that cannot know the
language yet (an error raised deep in a route) names them with `Said`, and the page that shows
it says them in the reader's language.
"""

import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from app.questionnaires.source import LIBYAML

Language = Literal["nb", "nn", "en"]
WORDS_FILE = Path(__file__).with_name("words.yaml")
LANGUAGES: tuple[Language, ...] = ("nb", "nn", "en")
DEFAULT_LANGUAGE: Language = "nb"
# Each language by its own name: the choice a reader must be able to read whatever is shown.
OWN_NAMES: dict[str, str] = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


@dataclass(frozen=True)
class Said:
    """Words of words.yaml to be said in the reader's language: its key, and what fills its
    {names} (a municipality; a date, said in the reader's language too)."""

    key: str
    values: tuple[tuple[str, str | date], ...] = ()


def said(key: str, **values: str | date) -> Said:
    if key not in _table():
        raise KeyError(f"{key} is not in {WORDS_FILE.name}")
    return Said(key, tuple(values.items()))


class Words:
    """The interface's words in one language: `words.next`, `words("page_of", number=...)`."""

    def __init__(self, language: Language, table: dict[str, dict[str, str]]) -> None:
        self.language = language
        self._table = table

    def __getattr__(self, key: str) -> str:
        try:
            return self._table[key][self.language]
        except KeyError:
            raise AttributeError(f"{key} is not in {WORDS_FILE.name}") from None

    def __call__(self, key: str, **values: object) -> str:
        shown = {
            name: self.date(value) if isinstance(value, date) else value
            for name, value in values.items()
        }
        return str(getattr(self, key)).format(**shown)

    def date(self, day: date) -> str:
        month = self.months.split()[day.month - 1]
        return self("date_format", day=day.day, month=month, year=day.year)

    def of(self, text: "str | Said") -> str:
        """`text` in this language (a plain string is shown as it is)."""
        if isinstance(text, str):
            return text
        return self(text.key, **dict(text.values))


@dataclass(frozen=True)
class LanguageChoice:
    language: str
    name: str  # in its own language
    chosen: bool


def language_choices(languages: Sequence[str], shown: str) -> list[LanguageChoice]:
    """The languages a page can be shown in, as choices; `shown`: the one it is in now."""
    return [LanguageChoice(lang, OWN_NAMES[lang], lang == shown) for lang in languages]


def words_in(language: str) -> Words:
    """The words in `language` (bokmål for one the interface does not have)."""
    return _all_words()[language if language in LANGUAGES else DEFAULT_LANGUAGE]


def is_language(value: str | None) -> bool:
    return value in LANGUAGES


@cache
def _all_words() -> dict[str, Words]:
    table = _table()
    return {language: Words(language, table) for language in LANGUAGES}


@cache
def _table() -> dict[str, dict[str, str]]:
    text = WORDS_FILE.read_text(encoding="utf-8")
    table: dict[str, dict[str, str]] = yaml.load(text, Loader=LIBYAML or yaml.SafeLoader)
    problems = [problem for key, entry in table.items() for problem in _problems(key, entry)]
    if problems:
        raise ValueError(f"{WORDS_FILE.name}: " + "; ".join(problems))
    return table


def _problems(key: str, entry: object) -> list[str]:
    """An entry must say the same in each language: every language, the same {names}; and its
    key must not be a name `Words` has itself (`words.language` is the language)."""
    if key in dir(Words):
        return [f"{key} is a name of Words itself; call it something else"]
    if key == "language":
        return ["language is the language of Words; call it something else"]
    if not isinstance(entry, dict) or sorted(entry) != sorted(LANGUAGES):
        return [f"{key} must have exactly {', '.join(LANGUAGES)}"]
    names = {
        language: sorted(
            name for _, name, _, _ in string.Formatter().parse(str(text)) if name is not None
        )
        for language, text in entry.items()
    }
    if len({tuple(found) for found in names.values()}) > 1:
        return [f"{key} fills in different {{names}} per language: {names}"]
    return []
