"""The server's side of draft and publish (app/studio/drafts.py).

Respondents are served the newest publication. A thread looks every second: at the owners'
drafts (questions/, illustrations/), checked when they change, so owners see in the preview
what they are about to publish and, on every results page, what keeps it from being published;
at the recordings (used at once); and at the database, so a publication made by another server
process or by `minstemme publish` is taken into use at once. Only «Publiser» (or the command)
publishes; saving a file never does.
"""

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path
from threading import Event, Lock, Thread

from fastapi import FastAPI
from sqlalchemy import Engine

from app.config import Settings
from app.questionnaires.catalog import Catalog, CheckResult
from app.questionnaires.source import Problem
from app.questionnaires.watching import FolderWatch
from app.rounds.answered import checked_questions
from app.studio.drafts import (
    Outcome,
    check_draft,
    drafts_of,
    files_of,
    newest_or_first,
    publish,
    served_check,
)
from app.studio.publications import Folders, Published, changed_files, files_in, newest, newest_id
from app.studio.publications import unpack as unpacked
from app.studio.versioning import from_newest
from app.web.deps import Services

log = logging.getLogger(__name__)

LOOK_EVERY_SECONDS = 1.0

MakeServices = Callable[..., Services]


class Publishing:
    """What is served (the newest publication, unpacked in a folder of this process's own),
    and the drafts as they are now."""

    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings, self.engine = settings, engine
        self._work = tempfile.TemporaryDirectory(prefix="minstemme-publisert-")
        self._lock = Lock()  # one publication taken into use at a time
        # One check of the drafts at a time: one begun before a save ends before the check
        # the save asks for, never after it.
        self._drafts_lock = Lock()
        self._stopping = Event()
        self._thread: Thread | None = None
        self.app: FastAPI | None = None
        self.make_services: MakeServices | None = None
        self.served, archive = newest_or_first(settings, engine)
        self.folders = self._unpack(self.served, archive)
        self.checked = served_check(settings, engine, self.folders)  # advice and readability
        self._served_files = files_of(archive)
        self.draft = self.checked  # replaced by the drafts' own check in `look_at_drafts`
        self.draft_services: Services | None = None
        self.unpublished: list[str] = []  # the drafts' files that differ from what is served
        self._drafts = FolderWatch(list(drafts_of(settings)))
        self._recordings = FolderWatch([settings.recordings_dir])

    @property
    def catalog(self) -> Catalog:
        assert self.checked.catalog is not None  # served_check refuses one without
        return self.checked.catalog

    @property
    def refused(self) -> tuple[Problem, ...]:
        """What keeps the drafts from being published."""
        return tuple(self.draft.problems)

    def attach(self, app: FastAPI, make_services: MakeServices) -> None:
        self.app, self.make_services = app, make_services
        self.look_at_drafts()

    def start(self) -> None:
        self._stopping.clear()
        self._thread = Thread(target=self._run, name="publishing", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopping.wait(LOOK_EVERY_SECONDS):
            try:
                self.look()
            except Exception as problem:  # the survey goes on with what it has
                log.error("Kunne ikke se etter endringer (%s).", type(problem).__name__)

    def look(self) -> None:
        """One look at the database, the drafts and the recordings."""
        with self.engine.connect() as connection:
            found = newest_id(connection)
        if found is not None and found != self.served.id:
            self.take_newest()
        if self._drafts.changed():
            self.look_at_drafts()
        if self._recordings.changed():
            self._serve(self.catalog, self.folders)
            self.look_at_drafts()  # the preview's clips too

    def publish(self, by_whom: str, only: str | None = None) -> Outcome:
        """Publish the drafts (or one questionnaire of them) and serve them at once."""
        outcome = publish(self.settings, self.engine, by_whom=by_whom, only=only)
        if outcome.published is not None:
            log.info("%s", outcome.said)
            self.take_newest()
        else:
            log.warning("%s", outcome.said)
            for problem in outcome.problems:
                log.warning("Ikke publisert: %s", problem)
        return outcome

    def take_newest(self) -> None:
        """Serve the newest publication."""
        with self._lock:
            with self.engine.connect() as connection:
                found = newest(connection)
            if found is None or found[0].id == self.served.id:
                return
            published, archive = found
            folders = self._unpack(published, archive)
            checked = checked_questions(self.settings, self.engine, folders)
            if checked.catalog is None:
                for problem in checked.problems:
                    log.error("Publisering %s kan ikke brukes: %s", published.id, problem)
                return
            self._serve(checked.catalog, folders)
            self.served, self.folders, self.checked = published, folders, checked
            self._served_files = files_of(archive)
            log.info("Tatt i bruk: publisering %s (%s).", published.id, published.summary)
        self.look_at_drafts()

    def look_at_drafts(self) -> None:
        """Check the drafts as they are now: the preview shows them if they pass; if not,
        owners see why, with file and line."""
        with self._drafts_lock:
            self._look_at_drafts()

    def _look_at_drafts(self) -> None:
        drafts = from_newest(files_in(drafts_of(self.settings)), self.engine)
        self.unpublished = changed_files(self._served_files, drafts)
        if drafts == self._served_files:  # what is served: checked already
            draft, self.draft_services = self.checked, None
        else:
            draft = check_draft(self.settings, self.engine, drafts)
        if draft.catalog is None:
            for problem in draft.problems:
                log.warning("Utkastet kan ikke publiseres: %s", problem)
        elif self.draft.catalog is None:
            log.info("Utkastet er i orden og kan publiseres.")
        served = draft is self.checked
        self.draft = draft
        if draft.catalog is not None and self.app is not None and not served:
            self.draft_services = self._services(draft.catalog, drafts_of(self.settings), True)

    def _unpack(self, published: Published, archive: bytes) -> Folders:
        return unpacked(archive, Path(self._work.name) / f"{published.id}")

    def _services(self, catalog: Catalog, folders: Folders, draft: bool = False) -> Services:
        assert self.app is not None and self.make_services is not None
        old: Services = self.app.state.services
        return self.make_services(
            catalog,
            settings=old.settings,
            engine=old.engine,
            templates=old.templates,
            code_guesses=old.code_guesses,
            illustrations_dir=folders.illustrations,
            draft=draft,
        )

    def _serve(self, catalog: Catalog, folders: Folders) -> None:
        if self.app is None:
            return
        old: Services = self.app.state.services
        new = self._services(catalog, folders)
        new.counting.start()
        self.app.state.services = new  # one assignment: a request sees the old or the new
        old.counting.stop()


def checked_result(publishing: Publishing) -> CheckResult:
    """The check of what the preview shows: the drafts if they pass, else what is served."""
    return publishing.draft if publishing.draft.catalog is not None else publishing.checked
