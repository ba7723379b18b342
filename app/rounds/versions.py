"""Published versions: every version of a questionnaire is kept as it was published.

When the server publishes questions/ (at start, and at each valid change), each questionnaire's
version is stored with its pages and the scales they use. A response is answered to its end in
the version it started in, also after a newer one is published; new responses get the newest.
Every round that is still running offers the newest version from then on, and keeps the words
of each version it offered (app/rounds/rounds.py, `record_wording`).

A version that has answers keeps its words and answer values (app/rounds/answered.py refuses
a change), so what is stored again under the same number differs only in what is not asked:
pictures, alt texts, pronunciation, skip rules. That is stored over the earlier copy.
"""

import json
import logging
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.questionnaires.catalog import Catalog
from app.questionnaires.model import Questionnaire, Scale
from app.rounds.rounds import record_wording, running_rounds
from app.storage.tables import published_table, utcnow

log = logging.getLogger(__name__)


def definition_of(catalog: Catalog, questionnaire: Questionnaire) -> str:
    """A version as stored: its pages, and the scales its questions use; and the same in each
    other language it is offered in."""
    stored = _in_one_language(catalog, questionnaire)
    other_languages = questionnaire.offered[1:]
    if other_languages:
        stored["translations"] = {
            language: _in_one_language(catalog, catalog.in_language(questionnaire, language))
            for language in other_languages
        }
    return json.dumps(stored, ensure_ascii=False, sort_keys=True)


def _in_one_language(catalog: Catalog, questionnaire: Questionnaire) -> dict[str, Any]:
    used = sorted({question.scale for question in questionnaire.questions})
    language = questionnaire.language
    return {
        "questionnaire": questionnaire.model_dump(mode="json", by_alias=True),
        "scales": {
            name: catalog.scale_named(name, language).model_dump(mode="json") for name in used
        },
    }


def publish_versions(engine: Engine, catalog: Catalog, today: date) -> Catalog:
    """Store the newest version of each questionnaire, let running rounds offer it, and give
    back the catalog with every earlier version that is stored."""
    try:
        return _publish(engine, catalog, today)
    except IntegrityError:  # another server process stored the same version a moment ago
        return _publish(engine, catalog, today)


def _publish(engine: Engine, catalog: Catalog, today: date) -> Catalog:
    with engine.connect() as connection:
        stored = _stored(connection)
        for questionnaire in catalog.questionnaires.values():
            definition = definition_of(catalog, questionnaire)
            key = (questionnaire.id, questionnaire.version)
            if key not in stored:
                connection.execute(
                    insert(published_table).values(
                        questionnaire_id=questionnaire.id,
                        version=questionnaire.version,
                        definition=definition,
                        published_at=utcnow(),
                    )
                )
            elif stored[key] != definition:
                connection.execute(
                    update(published_table)
                    .where(
                        published_table.c.questionnaire_id == questionnaire.id,
                        published_table.c.version == questionnaire.version,
                    )
                    .values(definition=definition)
                )
        connection.commit()
        for survey_round in running_rounds(connection, today):
            offered = (survey_round.resident_questionnaire, survey_round.relative_questionnaire)
            newest = [catalog.questionnaires[q] for q in offered if q in catalog.questionnaires]
            record_wording(connection, survey_round.id, newest)
        connection.commit()
    return with_earlier_versions(catalog, stored)


def as_published(connection: Connection, catalog: Catalog) -> Catalog:
    """The catalog with every earlier version the database holds, publishing nothing: what the
    command line reads answers with (the server publishes; app/web/publishing.py)."""
    return with_earlier_versions(catalog, _stored(connection))


def with_earlier_versions(catalog: Catalog, stored: dict[tuple[str, int], str]) -> Catalog:
    """The catalog and the stored versions other than its newest."""
    earlier: dict[tuple[str, int], Questionnaire] = {}
    earlier_scales: dict[str, Scale] = {}
    translations = dict(catalog.translations)
    translated_scales = {lang: dict(scales) for lang, scales in catalog.translated_scales.items()}
    for (key, version), definition in stored.items():
        newest = catalog.questionnaires.get(key)
        if newest is not None and newest.version == version:
            continue
        try:
            found = read_version(catalog, definition)
        except (ValueError, KeyError, ValidationError) as unreadable:
            # Stored by a version of this program whose questionnaires this one cannot read:
            # its responses go on in the newest version, as before versions were kept.
            log.warning("Versjon %s av %s kan ikke leses: %s", version, key, unreadable)
            continue
        earlier[key, version] = found.questionnaire
        earlier_scales |= found.changed_scales
        for language, translated in found.translations.items():
            translations[key, version, language] = translated
            translated_scales.setdefault(language, {}).update(
                found.translated_scales.get(language, {})
            )
    return replace(
        catalog,
        earlier=earlier,
        earlier_scales=earlier_scales,
        translations=translations,
        translated_scales=translated_scales,
    )


@dataclass
class StoredVersion:
    """A version as it was published: in its own language, and in each other it offered."""

    questionnaire: Questionnaire
    # Its scales that have changed since (in any language), under a name of their own.
    changed_scales: dict[str, Scale]
    translations: dict[str, Questionnaire] = field(default_factory=dict)
    translated_scales: dict[str, dict[str, Scale]] = field(default_factory=dict)


def read_version(catalog: Catalog, definition: str) -> StoredVersion:
    """A stored version, and those of its scales that have changed since. Those keep a name of
    their own ("ja_nei@beboer.1"), so the version's questions show them beside today's."""
    loaded = json.loads(definition)
    own = loaded["questionnaire"]
    languages = {own.get("language", "nb"): loaded, **loaded.get("translations", {})}
    scales = {
        language: {name: Scale.model_validate(scale) for name, scale in stored["scales"].items()}
        for language, stored in languages.items()
    }

    def unchanged(name: str) -> bool:
        return name in catalog.scales and all(
            catalog.scale_named(name, language) == found[name] for language, found in scales.items()
        )

    renamed = {
        name: name if unchanged(name) else f"{name}@{own['id']}.{own['version']}"
        for name in loaded["scales"]
    }
    read: dict[str, Questionnaire] = {}
    for language, stored in languages.items():
        document = stored["questionnaire"]
        for page in document["pages"]:
            if page.get("type") == "question":
                page["scale"] = renamed[page["scale"]]
        read[language] = Questionnaire.model_validate(document)
    changed = {
        language: {renamed[name]: scale for name, scale in found.items() if renamed[name] != name}
        for language, found in scales.items()
    }
    own_language = own.get("language", "nb")
    return StoredVersion(
        questionnaire=read.pop(own_language),
        changed_scales=changed.pop(own_language),
        translations=read,
        translated_scales=changed,
    )


def _stored(connection: Connection) -> dict[tuple[str, int], str]:
    rows = connection.execute(
        select(
            published_table.c.questionnaire_id,
            published_table.c.version,
            published_table.c.definition,
        )
    ).all()
    return {
        (questionnaire_id, version): definition for questionnaire_id, version, definition in rows
    }
