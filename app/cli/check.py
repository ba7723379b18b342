"""`minstemme check`: check every questionnaire file, with file and line for each problem, and
against the answers already stored: a change to what an answered version asks is noted (it is
published as a new version), a stored answer that is no longer an option is refused."""

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from app.config import Settings, get_settings
from app.questionnaires.catalog import CheckResult
from app.questionnaires.model import LANGUAGE_NAMES
from app.rounds.answered import checked_questions
from app.storage.database import make_engine
from app.storage.migrating import DatabaseOutdated
from app.studio.drafts import check_draft


def register(command: argparse.ArgumentParser) -> None:
    """The options of `minstemme check` (its parser made by app/cli/main.py)."""
    command.set_defaults(run=lambda _args: check_command())


def check_command(*, brief: bool = False) -> int:
    """Every problem, warning and note; `brief` (when `serve` starts): the problems, and one
    line for the rest, which is advice for owners, not the operator's log."""
    result = _checked(get_settings())
    if brief:
        return _briefly(result)
    for warning in result.warnings:
        print(warning)
    for notes in result.new_versions.values():
        for note in notes:
            print(note)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        count = len(result.problems)
        print(f"{count} feil funnet. Rett dem og kjør «minstemme check» igjen.", file=sys.stderr)
        return 1
    assert result.catalog is not None
    for questionnaire in result.catalog.questionnaires.values():
        print(
            f"OK: {questionnaire.id} (versjon {questionnaire.version}): "
            f"{len(questionnaire.pages)} sider, {len(questionnaire.questions)} spørsmål"
        )
    for (questionnaire_id, language), figures in result.readability.items():
        print(
            f"Lettlest {questionnaire_id}, {LANGUAGE_NAMES[language]}: {figures.words} ord, "
            f"lengste setning "
            f"{figures.longest_sentence} ord, LIX {figures.lix:.0f} ({figures.lix_said})"
        )
    return 0


def _briefly(result: CheckResult) -> int:
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        print(f"{len(result.problems)} feil i skjemaene: kjør «minstemme check».", file=sys.stderr)
        return 1
    assert result.catalog is not None
    checked = ", ".join(
        f"{q.id} versjon {q.version}" for q in result.catalog.questionnaires.values()
    )
    advice = len(result.warnings) + sum(len(n) for n in result.new_versions.values())
    more = f"; {advice} råd og merknader: se «minstemme check»" if advice else ""
    print(f"Skjemaene er i orden ({checked}){more}.", flush=True)
    return 0


def _checked(settings: Settings) -> CheckResult:
    """The drafts as they would be published, against the answers where there is a database
    (without one, nothing is answered yet)."""
    if settings.sqlite_path is not None and not settings.sqlite_path.exists():
        return checked_questions(settings)
    try:
        engine = make_engine(settings)
    except (DatabaseOutdated, SQLAlchemyError):
        return checked_questions(settings)  # `serve` and `db` say what is wrong with it
    try:
        return check_draft(settings, engine)
    finally:
        engine.dispose()
