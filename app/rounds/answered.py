"""What a questionnaire asks once people have answered it, and what it may never change.

Answers are compared across a version: every answer to version N was given to the same words,
the same answer buttons and the same questions. So, while a version has answers in a real round
(the demo round's do not count), a change to what it asks (a question's words in any language
it was answered in, an answer button's label, a question added or removed) makes the next
publication a new version (app/studio/drafts.py): `check` names each such change at its line,
as a note. Results pool a question's answers over versions, so a value stored in any version
stays an option: `check` and publishing refuse a change that drops one.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from app.config import Settings
from app.questionnaires.catalog import Catalog, CheckResult, check_catalog
from app.questionnaires.model import (
    LANGUAGE_NAMES,
    Questionnaire,
    QuestionPage,
    Scale,
    values_of,
)
from app.questionnaires.plain_language import PlainLanguageRules
from app.questionnaires.source import Problem, YamlDocument
from app.rounds.rounds import ROUND_UNIT
from app.rounds.versions import StoredVersion, read_version
from app.storage.database import make_engine
from app.storage.migrating import DatabaseOutdated
from app.storage.tables import (
    answers_table,
    asked_table,
    published_table,
    responses_table,
    rounds_table,
)
from app.studio.publications import Folders


def checked_questions(
    settings: Settings, engine: Engine | None = None, folders: Folders | None = None
) -> CheckResult:
    """The questions/ folder checked (the drafts, or `folders`: a publication unpacked), and
    against the stored answers when there are any (through `engine` when the server has
    one)."""
    rules = plain_language_rules(settings)
    questions, illustrations = folders or (settings.questions_dir, settings.illustrations_dir)
    result = check_catalog(questions, illustrations, rules)
    if result.catalog is None:
        return result
    if engine is not None:
        with engine.connect() as connection:
            changed = changes_to_answered(connection, result.catalog, result.documents)
    elif settings.sqlite_path and not settings.sqlite_path.exists():
        return result  # nothing answered yet
    else:
        try:
            own = make_engine(settings)
        except (DatabaseOutdated, SQLAlchemyError):
            return result  # `serve` and `db` say what is wrong with the database
        try:
            with own.connect() as connection:
                changed = changes_to_answered(connection, result.catalog, result.documents)
        finally:
            own.dispose()
    result.new_versions = {qid: notes for qid, notes in changed.new_versions.items() if notes}
    if changed.problems:
        result.problems.extend(changed.problems)
        result.catalog = None
    return result


def plain_language_rules(settings: Settings) -> PlainLanguageRules:
    """The plain-language report's limits, as the settings give them."""
    return PlainLanguageRules(
        max_words=settings.plain_max_words,
        long_word=settings.plain_long_word,
        rare_zipf=settings.plain_rare_zipf,
    )


@dataclass
class AnsweredChanges:
    problems: list[Problem] = field(default_factory=list)  # stored values no longer offered
    # Per questionnaire: how it asks otherwise than its answered version (a new version).
    new_versions: dict[str, list[Problem]] = field(default_factory=dict)


NEW_VERSION = "publiseres som en ny versjon, så blandes ikke svarene"


def changes_to_answered(
    connection: Connection, catalog: Catalog, documents: Mapping[str, YamlDocument]
) -> AnsweredChanges:
    changes = AnsweredChanges()
    for questionnaire in catalog.questionnaires.values():
        found: list[Problem] = []
        document = documents[questionnaire.id]
        pages = {page.id: index for index, page in enumerate(questionnaire.pages)}
        questions = {q.id: q for q in questionnaire.questions}
        in_any_version = (
            responses_table.c.questionnaire_id == questionnaire.id
        ) & rounds_table.c.demo.is_(False)
        answered = in_any_version & (
            responses_table.c.questionnaire_version == questionnaire.version
        )
        found += [
            Problem(
                document.path,
                document.line_of(["pages", pages[question_id], "text", questionnaire.language]),
                f"merk: teksten er endret, og versjon {questionnaire.version} er besvart med den "
                f"gamle («{asked}») i {where}: {NEW_VERSION}.",
            )
            for question_id, asked, where in _asked_texts(connection, questionnaire, answered)
            if question_id in questions and questions[question_id].text != asked
        ]
        found += [
            Problem(
                document.path,
                document.line_of(["pages", pages[question_id], "text", language]),
                f"merk: teksten på {LANGUAGE_NAMES[language]} er endret, og versjon "
                f"{questionnaire.version} er besvart på {LANGUAGE_NAMES[language]} med den gamle "
                f"(«{asked}»): {NEW_VERSION}.",
            )
            for language, question_id, asked in _changed_translations(
                connection, catalog, questionnaire, answered
            )
            if question_id in pages
        ]
        found += [
            Problem(
                document.path,
                document.line_of(["pages", pages[question_id], "scale"]),
                f"merk: svaret «{value}» heter nå «{now}», og versjon {questionnaire.version} "
                f"er besvart med «{before}»: {NEW_VERSION}.",
            )
            for question_id, value, before, now in _changed_labels(
                connection, catalog, questionnaire, answered
            )
        ]
        found += _questions_added_or_removed(connection, catalog, questionnaire, answered, document)
        changes.new_versions[questionnaire.id] = found
        changes.problems += [
            Problem(
                document.path,
                document.line_of(["pages", pages[question_id], "scale"]),
                f"«{value}» er lagret som svar på dette spørsmålet ({count} svar), men er ikke "
                f"et svar i skalaen «{question.scale}» lenger. Gi svaret tilbake verdien det "
                "hadde, eller gi spørsmålet en ny id, så blandes ikke svarene.",
            )
            for question_id, value, count in _stored_values(connection, in_any_version)
            if (question := questions.get(question_id)) is not None
            and not _offered(question, catalog.scale_of(question), value)
        ]
    return changes


def _questions_added_or_removed(
    connection: Connection,
    catalog: Catalog,
    questionnaire: Questionnaire,
    answered: ColumnElement[bool],
    document: YamlDocument,
) -> list[Problem]:
    """A question added to, or removed from, a version people have answered: a row's
    `skjemaversjon` must say which questions it was asked."""
    if not _languages_answered(connection, answered):
        return []
    found = _stored_version(connection, catalog, questionnaire)
    if found is None:
        return []
    before = [q.id for q in found.questionnaire.questions]
    now = {q.id: index for index, q in enumerate(questionnaire.pages)}
    version = questionnaire.version
    added = [
        Problem(
            document.path,
            document.line_of(["pages", index, "id"]),
            f"merk: spørsmålet «{page_id}» er nytt, og versjon {version} er besvart uten det: "
            f"{NEW_VERSION}.",
        )
        for page_id, index in now.items()
        if page_id not in before and page_id in {q.id for q in questionnaire.questions}
    ]
    removed = [
        Problem(
            document.path,
            document.line_of(["pages"]),
            f"merk: spørsmålet «{question_id}» er fjernet, og versjon {version} er besvart med "
            f"det: {NEW_VERSION}.",
        )
        for question_id in before
        if question_id not in now
    ]
    return added + removed


def _offered(question: QuestionPage, scale: Scale, stored: str) -> bool:
    """Whether an answer stored is one its question still offers: an option of its scale
    (one or, with boxes to tick, several), or one of the round's homes where it asks which."""
    if question.round_units and stored == ROUND_UNIT:
        return True
    chosen = values_of(stored) if question.multiple else [stored]
    return all(scale.option(value) is not None for value in chosen)


def _asked_texts(
    connection: Connection, questionnaire: Questionnaire, answered: ColumnElement[bool]
) -> list[tuple[str, str, str]]:
    """Each question's text in this version, as the first round that has answers in it asked
    it, and that round."""
    rounds_answered = (
        select(responses_table.c.round_id)
        .join(rounds_table, rounds_table.c.id == responses_table.c.round_id)
        .where(answered)
        .distinct()
    )
    rows = connection.execute(
        select(
            asked_table.c.question_id,
            asked_table.c.text,
            rounds_table.c.municipality_name,
            rounds_table.c.period,
        )
        .join(rounds_table, rounds_table.c.id == asked_table.c.round_id)
        .where(
            asked_table.c.questionnaire_id == questionnaire.id,
            asked_table.c.version == questionnaire.version,
            asked_table.c.round_id.in_(rounds_answered),
        )
        .order_by(rounds_table.c.id)
    ).all()
    first: dict[str, tuple[str, str, str]] = {}
    for question_id, text, municipality, period in rows:
        first.setdefault(question_id, (question_id, text, f"runden {municipality} {period}"))
    return list(first.values())


def _stored_values(
    connection: Connection, answered: ColumnElement[bool]
) -> list[tuple[str, str, int]]:
    return [
        (question_id, value, count)
        for question_id, value, count in connection.execute(
            select(answers_table.c.question_id, answers_table.c.value, func.count())
            .join(responses_table, responses_table.c.id == answers_table.c.response_id)
            .join(rounds_table, rounds_table.c.id == responses_table.c.round_id)
            .where(answered, answers_table.c.value.is_not(None))
            .group_by(answers_table.c.question_id, answers_table.c.value)
            .order_by(answers_table.c.question_id, answers_table.c.value)
        )
    ]


def _changed_labels(
    connection: Connection,
    catalog: Catalog,
    questionnaire: Questionnaire,
    answered: ColumnElement[bool],
) -> list[tuple[str, str, str, str]]:
    """(question, value, label answered, label now) where this version, answered, was
    published with other words on an answer button than its scale has now."""
    if not _languages_answered(connection, answered):
        return []
    found = _stored_version(connection, catalog, questionnaire)
    if found is None:
        return []
    asked, changed_scales = found.questionnaire, found.changed_scales
    now = {question.id: question for question in questionnaire.questions}
    changed = []
    for question in asked.questions:
        if question.id not in now:
            continue
        labels = {
            option.value: option.label for option in catalog.scale_of(now[question.id]).options
        }
        answered_scale = changed_scales.get(question.scale) or catalog.scales[question.scale]
        for option in answered_scale.options:
            if option.value in labels and labels[option.value] != option.label:
                changed.append((question.id, option.value, option.label, labels[option.value]))
    return changed


def _changed_translations(
    connection: Connection,
    catalog: Catalog,
    questionnaire: Questionnaire,
    answered: ColumnElement[bool],
) -> list[tuple[str, str, str]]:
    """(language, question, text answered) where this version was answered in a language it
    was published in with other words for the question than it has now."""
    languages = _languages_answered(connection, answered)
    found = _stored_version(connection, catalog, questionnaire) if languages else None
    if found is None:
        return []
    changed = []
    for language, asked in found.translations.items():
        if language not in languages:
            continue
        now = {q.id: q.text for q in catalog.in_language(questionnaire, language).questions}
        changed += [
            (language, question.id, question.text)
            for question in asked.questions
            if question.id in now and now[question.id] != question.text
        ]
    return changed


def _languages_answered(connection: Connection, answered: ColumnElement[bool]) -> set[str]:
    """The languages this version has answers in (an empty one: the questionnaire's own)."""
    rows = connection.execute(
        select(responses_table.c.language)
        .select_from(
            responses_table.join(rounds_table, rounds_table.c.id == responses_table.c.round_id)
        )
        .where(answered)
        .distinct()
    ).scalars()
    return {language or "" for language in rows}


def _stored_version(
    connection: Connection, catalog: Catalog, questionnaire: Questionnaire
) -> StoredVersion | None:
    stored = connection.execute(
        select(published_table.c.definition).where(
            published_table.c.questionnaire_id == questionnaire.id,
            published_table.c.version == questionnaire.version,
        )
    ).scalar()
    if stored is None:
        return None
    try:
        return read_version(catalog, stored)
    except (ValueError, KeyError, ValidationError):
        return None  # stored by a program whose questionnaires this one cannot read
