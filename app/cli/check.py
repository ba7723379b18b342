"""`minstemme check`: check every questionnaire file, with file and line for each problem, and
against the answers already stored (a version that has answers keeps its wording)."""

import sys

from sqlalchemy.exc import SQLAlchemyError

from app.cli.commands import Commands
from app.config import Settings, get_settings
from app.questionnaires.catalog import CheckResult, check_catalog
from app.questionnaires.plain_language import PlainLanguageRules
from app.rounds.publishing import changes_to_answered
from app.storage.database import make_engine
from app.storage.migrating import DatabaseOutdated


def register(commands: Commands) -> None:
    command = commands.add_parser("check", help="sjekk spørreskjemaene i questions/")
    command.set_defaults(run=lambda _args: check_command())


def checked_questions(settings: Settings) -> CheckResult:
    """The questions/ folder checked, and against the stored answers when there are any."""
    rules = PlainLanguageRules(
        max_words=settings.plain_max_words,
        long_word=settings.plain_long_word,
        rare_zipf=settings.plain_rare_zipf,
    )
    result = check_catalog(settings.questions_dir, settings.illustrations_dir, rules)
    if result.catalog is None or (settings.sqlite_path and not settings.sqlite_path.exists()):
        return result
    try:
        engine = make_engine(settings)
    except (DatabaseOutdated, SQLAlchemyError):
        return result  # `serve` and `db` say what is wrong with the database
    try:
        with engine.connect() as connection:
            changed = changes_to_answered(connection, result.catalog, result.documents)
    finally:
        engine.dispose()
    if changed:
        result.problems.extend(changed)
        result.catalog = None
    return result


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
    for questionnaire_id, figures in result.readability.items():
        print(
            f"Lettlest {questionnaire_id}: {figures.words} ord, lengste setning "
            f"{figures.longest_sentence} ord, LIX {figures.lix:.0f} ({figures.lix_said})"
        )
    return 0
