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
from dataclasses import replace
from datetime import date

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.questionnaires.catalog import Catalog
from app.questionnaires.model import Questionnaire, Scale
from app.rounds.rounds import record_wording, running_rounds
from app.storage.tables import PublishedVersion, utcnow

published_table = PublishedVersion.__table__  # type: ignore[attr-defined]
log = logging.getLogger(__name__)


def definition_of(catalog: Catalog, questionnaire: Questionnaire) -> str:
    """A version as stored: its pages, and the scales its questions use."""
    used = sorted({question.scale for question in questionnaire.questions})
    return json.dumps(
        {
            "questionnaire": questionnaire.model_dump(mode="json", by_alias=True),
            "scales": {name: catalog.scales[name].model_dump(mode="json") for name in used},
        },
        ensure_ascii=False,
        sort_keys=True,
    )


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
            record_wording(connection, survey_round.id or 0, newest)
        connection.commit()
    return with_earlier_versions(catalog, stored)


def with_earlier_versions(catalog: Catalog, stored: dict[tuple[str, int], str]) -> Catalog:
    """The catalog and the stored versions other than its newest."""
    earlier: dict[tuple[str, int], Questionnaire] = {}
    earlier_scales: dict[str, Scale] = {}
    for (key, version), definition in stored.items():
        newest = catalog.questionnaires.get(key)
        if newest is not None and newest.version == version:
            continue
        try:
            questionnaire, changed_scales = read_version(catalog, definition)
        except (ValueError, KeyError, ValidationError) as unreadable:
            # Stored by a version of this program whose questionnaires this one cannot read:
            # its responses go on in the newest version, as before versions were kept.
            log.warning("Versjon %s av %s kan ikke leses: %s", version, key, unreadable)
            continue
        earlier[key, version] = questionnaire
        earlier_scales |= changed_scales
    return replace(catalog, earlier=earlier, earlier_scales=earlier_scales)


def read_version(catalog: Catalog, definition: str) -> tuple[Questionnaire, dict[str, Scale]]:
    """A stored version, and those of its scales that have changed since. Those keep a name of
    their own ("ja_nei@beboer.1"), so the version's questions show them beside today's."""
    loaded = json.loads(definition)
    document = loaded["questionnaire"]
    scales = {name: Scale.model_validate(scale) for name, scale in loaded["scales"].items()}
    renamed = {
        name: name
        if catalog.scales.get(name) == scale
        else f"{name}@{document['id']}.{document['version']}"
        for name, scale in scales.items()
    }
    for page in document["pages"]:
        if page.get("type") == "question":
            page["scale"] = renamed[page["scale"]]
    changed = {renamed[name]: scale for name, scale in scales.items() if renamed[name] != name}
    return Questionnaire.model_validate(document), changed


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
