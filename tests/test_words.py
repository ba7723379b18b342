"""The interface's own words: each in bokmål, nynorsk and English, and every word a template
or the code names exists (a missing one would show nothing on the page)."""

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from app import PROJECT_ROOT
from app.words import LANGUAGES, WORDS_FILE, Words, _problems, said, words_in

NAMED_IN_TEMPLATES = re.compile(r"""words(?:\.(\w+)|\(\s*["'](\w+)["'])""")
NAMED_IN_CODE = re.compile(r"""\bsaid\(\s*["'](\w+)["']|\bwords(?:_in\([^)]*\))?\.(\w+)\b(?!\.)""")


def _written() -> dict[str, dict[str, str]]:
    written: dict[str, dict[str, str]] = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return written


def _named(paths: list[Path], pattern: re.Pattern[str]) -> set[str]:
    return {
        name
        for path in paths
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
        for name in match.groups()
        if name
    }


def test_every_word_is_written_in_each_language_with_the_same_names_to_fill() -> None:
    assert [problem for key, entry in _written().items() for problem in _problems(key, entry)] == []
    for key, entry in _written().items():
        assert all(entry[language].strip() for language in LANGUAGES), key


def test_a_word_in_one_language_only_or_with_other_names_is_refused() -> None:
    assert _problems("next", {"nb": "Neste", "nn": "Neste"})
    assert _problems("language", {"nb": "Språk", "nn": "Språk", "en": "Language"})
    assert _problems("of", {"nb": "av", "nn": "av", "en": "of"})
    assert _problems(
        "page_of", {"nb": "side {number}", "nn": "side {nummer}", "en": "page {number}"}
    )


def test_every_word_the_templates_and_the_code_name_exists() -> None:
    named = _named(sorted((PROJECT_ROOT / "templates").rglob("*.html")), NAMED_IN_TEMPLATES)
    named |= _named(sorted((PROJECT_ROOT / "app").rglob("*.py")), NAMED_IN_CODE)
    # Words' own names (`words.date(day)`, `words.language`); the file's name in docstrings.
    methods = {name for name in dir(Words) if not name.startswith("_")} | {"language", "yaml"}
    assert named - methods - set(_written()) == set()
    assert {"next", "back", "decline", "page_of"} <= named  # the patterns find what is used


def test_an_unknown_word_is_an_error_not_an_empty_page() -> None:
    with pytest.raises(KeyError):
        said("no_such_word")
    with pytest.raises(AttributeError):
        _ = words_in("nn").no_such_word


def test_a_language_the_interface_lacks_reads_bokmaal() -> None:
    assert words_in("sv").next == words_in("nb").next == "Neste"
    assert words_in("en")("page_of", number=2, total=9) == "page 2 of 9"


def test_a_date_is_said_as_each_language_says_it() -> None:
    day = date(2026, 3, 1)
    assert [words_in(lang).date(day) for lang in LANGUAGES] == [
        "1. mars 2026",
        "1. mars 2026",
        "1 March 2026",
    ]
