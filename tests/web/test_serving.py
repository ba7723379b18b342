"""What a server does to the process it runs in, as it starts and as it stops."""

import gc
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.storage.database import make_engine
from tests.support.commands import imported_by, imported_when_started


@pytest.fixture
def full_passes() -> Iterator[list[int]]:
    """The garbage collector's full passes while the test runs (none of its own accord)."""
    passes: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and info["generation"] == 2:
            passes.append(1)

    gc.disable()
    gc.callbacks.append(seen)
    try:
        yield passes
    finally:
        gc.callbacks.remove(seen)
        gc.enable()


def test_a_start_makes_no_full_pass_and_a_stop_gives_the_process_back(
    app: FastAPI, full_passes: list[int]
) -> None:
    # A full pass over a process that holds much (a test worker) took half a second a start.
    interval = sys.getswitchinterval()
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert full_passes == []
        assert gc.get_freeze_count() > 0  # what the start made is kept out of full passes
        assert sys.getswitchinterval() < interval
    assert gc.get_freeze_count() == 0
    assert sys.getswitchinterval() == interval


def test_importing_the_app_loads_only_what_every_start_needs() -> None:
    """Each worker imports the app before it answers, and importing it took 0.57 s of CPU
    (aim: 0.5). The ORM layer (SQLModel, SQLAlchemy's ORM: the app reads and writes through
    Core tables), Pillow (only raster pictures use it) and segno (only printed pages) were
    imported by every worker."""
    imported, orm = imported_by(
        "import sys\nimport app.web.app\nprint('sqlalchemy.orm' in sys.modules)"
    )
    assert "fastapi" in imported and "sqlalchemy" in imported
    assert not imported & {"sqlmodel", "PIL", "segno"}
    assert orm == "False"


def test_a_worker_starts_without_making_the_plain_language_report(settings: Settings) -> None:
    """A worker's start checked the questionnaires it serves with their plain-language report
    too (0.13 s of its 0.75 s of CPU, most of it loading wordfreq's word list), which only the
    owners' pages and `minstemme check` show. The report is made when first asked for."""
    make_engine(settings).dispose()  # made and published, as a server found it
    imported = imported_when_started(settings)
    assert "fastapi" in imported and "wordfreq" not in imported
