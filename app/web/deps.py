"""What routes use, built once at start-up and handed to them as one dependency.

One plain async provider on purpose: FastAPI runs sync providers in its thread pool and wraps
generator providers in an exit stack, costs that showed on every page in the benchmarks.
Routes open a database connection only for the lines that need it. The question page, the
busiest route, calls `services_of` itself: even one dependency showed in its benchmark.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

import anyio
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar
from fastapi import Depends, Request
from jinja2 import Environment
from sqlalchemy import Connection, Engine

from app.clock import today
from app.config import Settings
from app.pictures.illustrations import Pictures
from app.questionnaires.catalog import Catalog
from app.results.context import ResultsContext
from app.results.kept import Counting, ThemeSumsCache
from app.results.sums import Filters
from app.speech.readaloud import ReadAloud
from app.speech.synthesis import ClipStore
from app.studio.trial import TRIAL_COOKIE, trial_order
from app.survey.guessing import GuessLimit
from app.web.rendering import CachedPage


@dataclass(frozen=True)
class Services:
    settings: Settings
    catalog: Catalog
    engine: Engine
    templates: Environment
    read_aloud: ReadAloud
    clips: ClipStore
    pictures: Pictures
    survey_page: CachedPage
    theme_sums: ThemeSumsCache
    counting: Counting  # closed rounds counted in the background
    code_guesses: GuessLimit  # wrong resume and letter codes, per client and overall

    def connect(self) -> Connection:
        """A connection for a `with` block; it goes back to the pool at the block's end."""
        return self.engine.connect()

    def results(self, connection: Connection, filters: Filters | None = None) -> ResultsContext:
        """What the results pages read figures with, today, for the filters chosen."""
        return ResultsContext(
            connection,
            self.catalog,
            self.theme_sums,
            self.settings.min_group,
            today(),
            filters or Filters(),
        )


T = TypeVar("T")


def services_of(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def _services(request: Request) -> Services:
    return services_of(request)


ServicesDep = Annotated[Services, Depends(_services)]


def respondent_services(request: Request) -> Services:
    """What a respondent's page uses: the published questionnaires; on a device trying the
    drafts (app/studio/trial.py), the drafts, as the preview shows them."""
    services = services_of(request)
    value = request.cookies.get(TRIAL_COOKIE)
    if value is None or trial_order(services.settings.key, value) is None:
        return services
    drafts: Services | None = request.app.state.publishing.draft_services
    return drafts or services


async def _respondent_services(request: Request) -> Services:
    return respondent_services(request)


RespondentServicesDep = Annotated[Services, Depends(_respondent_services)]


# The question page and the answer save, the respondents' busiest routes, run their database
# work in threads of their own: no export or results page holding the threads every other
# route shares keeps a respondent waiting. Two: a third or fourth only takes turns at Python's
# lock, and each turn costs (four made a save 15% dearer; BENCHMARKS.md).
RESPONDENT_THREADS = 2
_respondents: RunVar[CapacityLimiter] = RunVar("respondents' threads")


def _respondent_threads() -> CapacityLimiter:
    """Made in the running event loop, the first time it is needed (as anyio's own)."""
    try:
        return _respondents.get()
    except LookupError:
        threads = CapacityLimiter(RESPONDENT_THREADS)
        _respondents.set(threads)
        return threads


async def in_a_thread(work: Callable[..., T], *args: object) -> T:
    """A respondent's database work, run in one of the respondents' worker threads: a database
    that waits (a lock, a server far away or down) never stops the event loop, so other
    respondents' pages and /healthz go on. Other routes that await nothing are plain
    functions, which FastAPI runs in the thread pool they share."""
    return await anyio.to_thread.run_sync(work, *args, limiter=_respondent_threads())
