"""Versions follow what was asked; owners never count them.

A questionnaire's published version is decided when it is published, from what the database
holds: the newest version stored (app/rounds/versions.py) while the draft asks what that
version asked, or nobody has answered it; the next one when people have answered it and the
draft asks otherwise (app/rounds/answered.py names each change). The number in the file
(`version:`) is where it starts: a draft that says less than the newest stored is read as the
newest, and the publication holds the number decided.
"""

import re
from collections.abc import Mapping
from functools import lru_cache

from sqlalchemy import Engine, func, select

from app.questionnaires.source import plain_data
from app.storage.tables import published_table
from app.studio.publications import QUESTIONS

VERSION_LINE = re.compile(r"^version:[^\n]*$", re.MULTILINE)


@lru_cache(maxsize=256)
def _said(content: bytes) -> tuple[str, int] | None:
    """The id and version (1 where it says none; 0 where it says no number) of a
    questionnaire's file; None when it is no questionnaire. Kept by content: a start reads the
    same files several times."""
    loaded = plain_data(content)
    if not isinstance(loaded, dict) or "pages" not in loaded:
        return None
    questionnaire_id, version = loaded.get("id"), loaded.get("version", 1)
    if not isinstance(questionnaire_id, str):
        return None
    return questionnaire_id, version if isinstance(version, int) else 0


def questionnaire_files(files: Mapping[str, bytes]) -> dict[str, tuple[str, int]]:
    """Each questionnaire's file and the version it says (1 where it says none), by id."""
    found: dict[str, tuple[str, int]] = {}
    for name, content in files.items():
        questionnaire = name.startswith(f"{QUESTIONS}/") and name.endswith(".yaml")
        if questionnaire and (said := _said(content)) is not None:
            found[said[0]] = (name, said[1])
    return found


def with_versions(files: Mapping[str, bytes], versions: Mapping[str, int]) -> dict[str, bytes]:
    """The files with each named questionnaire's `version:` line set (or added at the end, so
    no other line moves)."""
    changed = dict(files)
    for questionnaire_id, (name, _) in questionnaire_files(files).items():
        if questionnaire_id not in versions:
            continue
        text = files[name].decode("utf-8")
        line = f"version: {versions[questionnaire_id]}"
        text, count = VERSION_LINE.subn(line, text, count=1)
        if count == 0:
            text = text.rstrip("\n") + f"\n{line}\n"
        changed[name] = text.encode("utf-8")
    return changed


def stored_versions(engine: Engine) -> dict[str, int]:
    """The newest version of each questionnaire the database holds."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                published_table.c.questionnaire_id, func.max(published_table.c.version)
            ).group_by(published_table.c.questionnaire_id)
        ).all()
    return {questionnaire_id: int(version) for questionnaire_id, version in rows}


def from_newest(files: Mapping[str, bytes], engine: Engine) -> dict[str, bytes]:
    """The files, each questionnaire at the newest version stored where it says less."""
    stored = stored_versions(engine)
    return with_versions(
        files,
        {
            questionnaire_id: stored[questionnaire_id]
            for questionnaire_id, (_, version) in questionnaire_files(files).items()
            if 0 < version < stored.get(questionnaire_id, 0)
        },
    )


def next_versions(files: Mapping[str, bytes], asked_otherwise: set[str]) -> dict[str, bytes]:
    """The files with each questionnaire that asks otherwise than its answered version one
    version on."""
    found = questionnaire_files(files)
    return with_versions(files, {qid: found[qid][1] + 1 for qid in asked_otherwise if qid in found})
