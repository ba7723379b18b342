"""Owners' changes to questions/ and illustrations/ go live without a restart, if they pass.

A thread looks every second. A change that passes `minstemme check` (the answers already
stored included) is published: the next page any respondent opens uses it. A change that does
not is refused: the questionnaires last published keep serving, each problem is logged with
its file and line, and owners see them on every results page until the files are right.
"""

import logging
from collections.abc import Callable
from threading import Event, Thread

from fastapi import FastAPI

from app.questionnaires.catalog import Catalog, CheckResult
from app.questionnaires.source import Problem
from app.questionnaires.watching import FolderWatch
from app.rounds.answered import checked_questions
from app.web.deps import Services

log = logging.getLogger(__name__)

LOOK_EVERY_SECONDS = 1.0

MakeServices = Callable[..., Services]


class Publishing:
    def __init__(self, app: FastAPI, make_services: MakeServices, checked: CheckResult) -> None:
        self.app, self.make_services = app, make_services
        self.checked = checked  # the check of what is served: its advice and readability
        self.refused: tuple[Problem, ...] = ()  # what keeps the latest files from going live
        self._stopping = Event()
        self._thread: Thread | None = None
        settings = app.state.services.settings
        # The owners' folders: questionnaires, pictures and their credits, recordings.
        self._watch = FolderWatch(
            [settings.questions_dir, settings.illustrations_dir, settings.recordings_dir]
        )

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
            if self._watch.changed():
                try:
                    self.publish()
                except Exception as problem:  # the survey goes on with what it has
                    log.error("Kunne ikke ta i bruk endringene (%s).", type(problem).__name__)

    def publish(self) -> bool:
        """Check the folders as they are now and serve them if they pass."""
        services: Services = self.app.state.services
        result = checked_questions(services.settings, services.engine)
        if result.catalog is None:
            self.refused = tuple(result.problems)
            for problem in result.problems:
                log.warning(
                    "Ikke tatt i bruk (de siste gode skjemaene gjelder fortsatt): %s", problem
                )
            return False
        self._serve(services, result.catalog)
        self.checked, self.refused = result, ()
        published = ", ".join(
            f"{q.id} versjon {q.version}" for q in result.catalog.questionnaires.values()
        )
        log.info("Tatt i bruk fra %s: %s.", services.settings.questions_dir.name, published)
        return True

    def _serve(self, old: Services, catalog: Catalog) -> None:
        new = self.make_services(
            catalog,
            settings=old.settings,
            engine=old.engine,
            templates=old.templates,
            code_guesses=old.code_guesses,
        )
        new.counting.start()
        self.app.state.services = new  # one assignment: a request sees the old or the new
        old.counting.stop()
