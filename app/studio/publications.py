"""Publications: what respondents are served, kept whole in the database.

Owners edit drafts: the files in questions/ and illustrations/. Nothing of a draft reaches a
respondent until it is published (app/studio/drafts.py): then both folders are packed and
stored as a publication. Every server process serves the newest publication, unpacked into a
folder of its own, and takes a newer one into use as soon as it sees it; a restart serves the
same. Earlier publications stay, so what was served when is known.
"""

import io
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import Connection, func, insert, select

from app.storage.tables import publications_table, utcnow

# The folders a publication holds, under these names in its archive.
QUESTIONS, ILLUSTRATIONS = "questions", "illustrations"


class Folders(NamedTuple):
    """The owners' folders: drafts, or a publication unpacked."""

    questions: Path
    illustrations: Path


@dataclass(frozen=True)
class Published:
    """A publication, without its archive."""

    id: int
    published_at: datetime
    by_whom: str
    summary: str


def files_in(folders: Folders) -> dict[str, bytes]:
    """Every file the folders hold, by its name in an archive ("questions/beboer.yaml")."""
    found: dict[str, bytes] = {}
    for name, folder in zip((QUESTIONS, ILLUSTRATIONS), folders, strict=True):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.name.startswith(".") or not path.is_file():
                continue  # an editor's or the studio's file on its way
            try:
                found[f"{name}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
            except FileNotFoundError:  # moved away while we looked
                continue
    return found


def pack(files: dict[str, bytes]) -> bytes:
    """The files as one archive (tar, gzip), the same bytes for the same files."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=6) as archive:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(files[name]), 0, 0o644
            archive.addfile(info, io.BytesIO(files[name]))
    return buffer.getvalue()


def unpack(archive: bytes, into: Path) -> Folders:
    """The archive's folders, written under `into` (which must not exist yet)."""
    into.mkdir(parents=True)
    folders = Folders(into / QUESTIONS, into / ILLUSTRATIONS)
    for folder in folders:
        folder.mkdir()
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as opened:
        opened.extractall(into, filter="data")  # no link, device or path outside `into`
    return folders


def changed_files(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """What differs, in words: «questions/beboer.yaml (endret)», «… (ny)», «… (fjernet)»."""
    said = []
    for name in sorted(set(before) | set(after)):
        if name not in before:
            said.append(f"{name} (ny)")
        elif name not in after:
            said.append(f"{name} (fjernet)")
        elif before[name] != after[name]:
            said.append(f"{name} (endret)")
    return said


def store(connection: Connection, archive: bytes, by_whom: str, summary: str) -> Published:
    now, by_whom, summary = utcnow(), by_whom[:100], summary[:4000]
    made = connection.execute(
        insert(publications_table).values(
            archive=archive, published_at=now, by_whom=by_whom, summary=summary
        )
    )
    connection.commit()
    publication_id: int = made.inserted_primary_key[0]  # type: ignore[index]
    return Published(publication_id, now, by_whom, summary)


def newest_id(connection: Connection) -> int | None:
    found = connection.execute(select(func.max(publications_table.c.id))).scalar()
    connection.rollback()
    return int(found) if found is not None else None


def newest(connection: Connection) -> tuple[Published, bytes] | None:
    """The publication served now, and its archive."""
    row = connection.execute(
        select(publications_table).order_by(publications_table.c.id.desc()).limit(1)
    ).first()
    connection.rollback()
    if row is None:
        return None
    published = Published(row.id, row.published_at, str(row.by_whom), str(row.summary))
    return published, bytes(row.archive)
