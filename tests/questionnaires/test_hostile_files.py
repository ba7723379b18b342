"""Broken and hostile questionnaire files: `check` and loading always end, in moments, with
file:line messages an owner can act on; never a hang, a traceback or a cascade of errors."""

from pathlib import Path

import pytest

from app.questionnaires.catalog import QuestionsRejected, check_catalog, load_catalog
from app.questionnaires.source import YamlUnreadable, read_yaml
from tests.questionnaires.test_catalog import MINIMAL

# Nested aliases: each level names the one below ten times. Six levels make a million
# strings (nine made `check` run for minutes); a reader that expands aliases walks them all.
LAUGHS = "a0: &a0 [ha, ha, ha, ha, ha, ha, ha, ha, ha, ha]\n" + "".join(
    f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]\n" for level in range(1, 7)
)

# Files as they come from a slip of the keyboard, a wrong program or someone testing the limits.
CORPUS = {
    "empty": "",
    "only a comment": "# skjemaet kommer\n",
    "a list, not a questionnaire": "- id: proeve\n- title: Prøve\n",
    "just a word": "hei\n",
    "pages not a list": "id: proeve\nversion: 1\ntitle: Prøve\npages: alle\n",
    "a page that is text": "id: proeve\nversion: 1\ntitle: Prøve\npages:\n  - hei\n",
    "version as a map": MINIMAL.replace("version: 1", "version: {a: 1}"),
    "a huge number": MINIMAL.replace("version: 1", "version: " + "9" * 5000),
    "a NUL byte": MINIMAL.replace("Hei", "H\x00ei"),
    "a tab for indent": MINIMAL.replace("    id: start", "\tid: start"),
    "an unclosed quote": MINIMAL.replace("Har du en jobb?", '"Har du en jobb?'),
    "a Python object tag": MINIMAL.replace("Prøve", "!!python/object:os.system ls"),
    "a date for a text": MINIMAL.replace("Har du en jobb?", "2024-01-01"),
    "an alias": MINIMAL.replace("title: Prøve", "title: &t Prøve").replace(
        "title: Hei", "title: *t"
    ),
    "billion laughs": LAUGHS + MINIMAL,
    "deep flow nesting": MINIMAL.replace("title: Prøve", "title: " + "[" * 5000 + "]" * 5000),
    "a text of 160 KB": MINIMAL.replace("Har du en jobb?", "Har du en jobb? " * 10_000),
    "a file of many megabytes": MINIMAL + "# fyll\n" * 400_000,
    "deep block nesting": MINIMAL
    + "extra:\n"
    + "".join(" " * depth + "- \n" for depth in range(1, 1000)),
}


@pytest.mark.parametrize("name", CORPUS)
def test_a_broken_file_gets_file_line_messages_and_nothing_else(folder: Path, name: str) -> None:
    path = folder / "proeve.yaml"
    path.write_text(CORPUS[name], encoding="utf-8")
    problems = check_catalog(folder, folder.parent / "illustrations").problems
    assert problems, f"{name}: no problem reported"
    for problem in problems:
        assert problem.path.name in ("proeve.yaml", "themes.yaml", "scales.yaml"), problem
        assert problem.line >= 1 and problem.message.strip(), problem
        assert "Traceback" not in problem.message and "Error" not in problem.message, problem
    assert len(problems) <= 3, f"{name}: a cascade of {len(problems)} problems: {problems}"
    with pytest.raises(QuestionsRejected):
        load_catalog(folder, folder.parent / "illustrations")


@pytest.mark.parametrize("name", ["an alias", "billion laughs"])
def test_aliases_are_refused_where_they_are_written(folder: Path, name: str) -> None:
    (folder / "proeve.yaml").write_text(CORPUS[name], encoding="utf-8")
    problems = check_catalog(folder, folder.parent / "illustrations").problems
    written = CORPUS[name].splitlines()
    first_alias = next(number for number, line in enumerate(written, 1) if "*" in line)
    assert [(p.line, "henvisning" in p.message) for p in problems] == [(first_alias, True)]


@pytest.mark.parametrize("name", ["deep flow nesting", "deep block nesting"])
def test_nesting_beyond_reason_is_refused_where_it_goes_too_deep(folder: Path, name: str) -> None:
    (folder / "proeve.yaml").write_text(CORPUS[name], encoding="utf-8")
    problems = check_catalog(folder, folder.parent / "illustrations").problems
    assert len(problems) == 1 and "for mange nivåer" in problems[0].message, problems


def test_a_file_or_a_text_past_what_a_questionnaire_needs_is_refused_where_it_is(
    folder: Path,
) -> None:
    """A 60 MB file passed `check` in 78 s, and `serve` runs it at start: a file is refused
    before it is read, a text where it starts, each saying the limit."""
    path = folder / "proeve.yaml"
    path.write_text(CORPUS["a file of many megabytes"], encoding="utf-8")
    problems = check_catalog(folder, folder.parent / "illustrations").problems
    assert [(p.line, "høyst 1 MB" in p.message) for p in problems] == [(1, True)], problems
    path.write_text(CORPUS["a text of 160 KB"], encoding="utf-8")
    problems = check_catalog(folder, folder.parent / "illustrations").problems
    at = CORPUS["a text of 160 KB"].splitlines().index("    text: " + "Har du en jobb? " * 10_000)
    assert [(p.line, "høyst 2000 tegn" in p.message) for p in problems] == [(at + 1, True)]


def test_a_text_read_again_is_read_once_and_each_reader_gets_its_own_values(
    tmp_path: Path,
) -> None:
    """A start reads the same files twice (the drafts, then what it publishes): the second
    reading comes from the first, and what one reader does to its values the next never
    sees. A refused text is refused again, with its line."""
    path = tmp_path / "proeve.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    first, second = read_yaml(path), read_yaml(path)
    assert first.root is second.root  # read once
    assert first.data == second.data and first.data is not second.data
    assert isinstance(first.data, dict)
    first.data["title"] = "Endret"
    assert read_yaml(path).data == second.data
    path.write_text(MINIMAL.replace("title: Prøve", "title: " + "[" * 50 + "]" * 50), "utf-8")
    for _ in range(2):
        with pytest.raises(YamlUnreadable, match="for mange nivåer"):
            read_yaml(path)
