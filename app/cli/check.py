"""`minstemme check`: check every questionnaire file, with file and line for each problem, and
against the answers already stored (a version that has answers keeps its wording)."""

import sys

from app.cli.commands import Commands
from app.config import get_settings
from app.questionnaires.model import LANGUAGE_NAMES
from app.rounds.answered import checked_questions


def register(commands: Commands) -> None:
    command = commands.add_parser("check", help="sjekk spørreskjemaene i questions/")
    command.set_defaults(run=lambda _args: check_command())


def check_command() -> int:
    result = checked_questions(get_settings())
    for warning in result.warnings:
        print(warning)
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
