"""Docs that cannot drift: the README's two commands, every command, setting, questionnaire
field, page type and credits field documented, the examples of files loading, the layout table
true to the tree, CI and the Dockerfile."""

import argparse
import os
import re
import shutil
import typing
from collections.abc import Iterator
from pathlib import Path

import yaml
from pydantic import BaseModel

from app import PROJECT_ROOT
from app.cli.main import parser
from app.config import Settings
from app.pictures.illustrations import CreditsFile
from app.questionnaires.catalog import check_catalog
from app.questionnaires.model import (
    HardWordsFile,
    PronunciationFile,
    Questionnaire,
    ScalesFile,
    ThemesFile,
)
from tests.questionnaires.test_catalog import MINIMAL

README = (PROJECT_ROOT / "README.md").read_text()
FORMAT = (PROJECT_ROOT / "docs" / "questionnaire-format.md").read_text()


def test_readme_gives_exactly_two_commands_that_exist() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quick_start, flags=re.S)
    assert len(blocks) == 1
    commands = [line for line in blocks[0].splitlines() if line.strip()]
    assert commands == ["scripts/run", "scripts/test"]
    for command in commands:
        assert os.access(PROJECT_ROOT / command, os.X_OK)


def test_ci_runs_the_readme_test_command() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert "\nscripts/test" in ci


def test_dockerfile_uses_the_same_setup_and_serves_on_all_addresses() -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "RUN scripts/setup run" in dockerfile
    assert 'CMD ["scripts/entrypoint"' in dockerfile
    entrypoint = (PROJECT_ROOT / "scripts" / "entrypoint").read_text()
    assert "minstemme serve --host 0.0.0.0" in entrypoint


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"`MINSTEMME_{name.upper()}`" in README, name


def _commands(made: argparse.ArgumentParser, prefix: str) -> Iterator[tuple[str, list[str]]]:
    """Every command line `minstemme ...` with the options it takes."""
    for action in made._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, f"{prefix} {name}")
            return
    options = [o for a in made._actions for o in a.option_strings if o.startswith("--")]
    choices = [c for a in made._actions if not a.option_strings and a.choices for c in a.choices]
    for choice in choices or [None]:
        yield (f"{prefix} {choice}" if choice else prefix), [o for o in options if o != "--help"]


def test_every_command_and_option_is_documented() -> None:
    found = list(_commands(parser(), "minstemme"))
    assert len(found) > 15
    for command, options in found:
        # `minstemme user add NAME` or a table row that names the sub-command after the group
        group, _, rest = command.removeprefix("minstemme ").partition(" ")
        assert f"`{command}" in README or f"`{group} {rest}" in README, command
        rows = [line for line in README.splitlines() if line.startswith("| `")]
        shown = " ".join(
            line for line in rows if f"`{command}" in line or (rest and f"`{group} {rest}" in line)
        )
        for option in options:
            assert option in shown, f"{command} {option}"


def _models(
    model: type[BaseModel], seen: frozenset[type[BaseModel]] = frozenset()
) -> Iterator[type[BaseModel]]:
    """The model and every model its fields hold, once (a skip rule holds skip rules)."""
    if model in seen:
        return
    yield model
    for field in model.model_fields.values():
        for inner in _types_in(field.annotation):
            yield from _models(inner, seen | {model})


def _types_in(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _types_in(argument)


def _keys(model: type[BaseModel]) -> set[str]:
    return {
        field.alias or name
        for shown in _models(model)
        for name, field in shown.model_fields.items()
    }


def test_every_questionnaire_field_and_page_type_is_documented() -> None:
    files = (Questionnaire, ThemesFile, ScalesFile, PronunciationFile, HardWordsFile)
    for key in set().union(*(_keys(model) for model in files)):
        assert f"{key}:" in FORMAT or f"`{key}`" in FORMAT, key
    page_types = {
        typing.get_args(page.model_fields["type"].annotation)[0]
        for page in _models(Questionnaire)
        if "type" in page.model_fields
    }
    assert len(page_types) == 7
    for page_type in page_types:
        assert f"\n| `{page_type}` |" in FORMAT, page_type


def test_every_credits_field_is_documented() -> None:
    for key in _keys(CreditsFile):
        assert f"{key}:" in FORMAT, key


def test_the_layout_table_matches_the_tree() -> None:
    """Every package of app/ has its row, and every folder the table names exists."""
    layout = README.split("## Project layout", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in layout.splitlines() if line.startswith("| `")]
    listed = {path for cell in first_cells for path in re.findall(r"`([\w./-]+/)`", cell)}
    packages = {
        f"{path.parent.relative_to(PROJECT_ROOT).as_posix()}/"
        for path in (PROJECT_ROOT / "app").rglob("__init__.py")
    }
    assert packages <= listed, packages - listed
    for folder in listed:
        assert (PROJECT_ROOT / folder).is_dir(), folder
    test_folders = {
        f"{path.parent.relative_to(PROJECT_ROOT / 'tests').as_posix()}"
        for path in (PROJECT_ROOT / "tests").rglob("__init__.py")
    } - {".", "support"}
    assert test_folders <= {p.removeprefix("app/").rstrip("/") for p in packages}, test_folders


FILE_MODELS: dict[str, type[BaseModel]] = {
    "hard_words": HardWordsFile,
    "themes": ThemesFile,
    "scales": ScalesFile,
    "speech": Questionnaire,  # the `speech:` part of a questionnaire file
    "nb": PronunciationFile,
    "credits": CreditsFile,
}


def test_every_example_of_a_file_in_the_format_docs_loads() -> None:
    """What an owner copies from the docs works: each example of a whole file is read by the
    model of its file (the page examples go into a questionnaire that `check` passes)."""
    context = {"language": "nb", "offered": ["nb", "nn"]}
    examples = re.findall(r"```yaml\n(.*?)```", FORMAT, re.DOTALL)
    loaded = set()
    for example in examples:
        if example.startswith(" ") or "\n    ...\n" in example:
            continue  # a part of a page, or a file shown with its pages left out
        data = yaml.safe_load(example)
        first = next(iter(data))
        if first == "id":
            continue  # a whole questionnaire: tests/questionnaires/test_languages.py loads it
        if first == "speech":
            data = {**yaml.safe_load(MINIMAL), **data}
        FILE_MODELS[first].model_validate(data, context=context)
        loaded.add(first)
    assert loaded == set(FILE_MODELS)


def test_the_page_examples_in_the_format_docs_pass_the_check(tmp_path: Path) -> None:
    pages = FORMAT.split("### Pages")[1].split("```yaml\n")[1].split("```")[0]
    folder = tmp_path / "questions"
    shutil.copytree(PROJECT_ROOT / "questions", folder)
    for shipped in ("beboer.yaml", "parorende.yaml"):
        (folder / shipped).unlink()
    without_its_section = MINIMAL.replace("id: hjemme", "id: jobb")
    with_pages = without_its_section.replace("  - type: end\n", pages + "  - type: end\n")
    (folder / "proeve.yaml").write_text(with_pages, encoding="utf-8")
    result = check_catalog(folder, PROJECT_ROOT / "illustrations")
    assert result.problems == []
    assert result.catalog is not None
    assert result.catalog.questionnaires["proeve"].page("hjem_trives") is not None
