"""Noticing that owners changed a file: a questionnaire, a picture, a credit, a recording."""

from collections.abc import Sequence
from pathlib import Path

Snapshot = frozenset[tuple[str, int, int]]


def snapshot(folders: Sequence[Path]) -> Snapshot:
    """Every file under the folders, with when it was last written and its size."""
    found = set()
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                status = path.stat()
            except OSError:  # removed while we looked
                continue
            if path.is_file():
                found.add((str(path), status.st_mtime_ns, status.st_size))
    return frozenset(found)


class FolderWatch:
    """`changed()` says whether anything under the folders changed since it last looked."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = folders
        self.seen = snapshot(folders)

    def changed(self) -> bool:
        now = snapshot(self.folders)
        if now == self.seen:
            return False
        self.seen = now
        return True
