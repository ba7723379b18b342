"""The web application: `create_app` wires settings, database, questionnaires and routes."""

import gc
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment
from sqlalchemy import Engine
from starlette.responses import Response
from starlette.staticfiles import PathLike
from starlette.types import Scope

from app import urls
from app.clock import today
from app.config import Settings, get_settings
from app.pictures.illustrations import Pictures
from app.pictures.images import MAX_UPLOAD_BYTES
from app.questionnaires.catalog import Catalog, QuestionsRejected
from app.results.context import ResultsContext
from app.results.dashboard import decide_every_period
from app.results.kept import Counting, ThemeSumsCache
from app.rounds.rounds import ensure_demo_round
from app.rounds.versions import as_published, publish_versions
from app.speech.readaloud import ReadAloud
from app.speech.synthesis import make_clip_store
from app.storage.database import make_engine
from app.survey.guessing import GuessLimit
from app.templating import make_templates
from app.web.deps import Services
from app.web.errors import install_error_pages
from app.web.publishing import Publishing
from app.web.rendering import GZIP_LEVEL, CachedPage
from app.web.routes import ROUTERS, auth
from app.web.security import (
    BodyLimit,
    HeadAsGet,
    SecurityHeaders,
    headers_for,
    refuse_other_sites,
)
from app.web.views import switch_clips

ONE_YEAR = 365 * 24 * 3600
# Routes do their database work in worker threads (app/web/deps.py), so a database that waits
# never stops the event loop. The routes other than the question page and the answer save
# (which have two of their own, RESPONDENT_THREADS) share four: more only take turns at
# Python's lock and cost a third of the throughput (BENCHMARKS.md, "Database work off the
# event loop").
DATABASE_THREADS = 4
# A worker thread back from the database waits for Python's lock until the thread holding it
# lets go, by default after 5 ms: under load every save waited so several times. Half a
# millisecond makes a save's work 4% cheaper and its p99 10-20% shorter (BENCHMARKS.md).
LOCK_SWITCH_SECONDS = 0.0005
# No form comes near this (the longest comment is 10,000 characters).
MAX_BODY_BYTES = 1_000_000


class CachedStatic(StaticFiles):
    """Static files that browsers may keep: tablets on slow wifi fetch them once."""

    def __init__(self, *, directory: Path, max_age: int) -> None:
        super().__init__(directory=directory)
        self.max_age = max_age

    def file_response(
        self, full_path: PathLike, stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = f"public, max-age={self.max_age}"
        return response


@asynccontextmanager
async def _in_the_background(app: FastAPI) -> AsyncIterator[None]:
    """While the server runs, closed rounds are counted (app/results/kept.py) and questions/
    is watched for changes to publish (app/web/publishing.py), each in a thread of its own."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = DATABASE_THREADS
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(LOCK_SWITCH_SECONDS)
    # What the start made (modules, templates, the questionnaires) lives as long as the server:
    # kept out of the garbage collector's full passes, which paused a request now and then.
    # Frozen as it is, without a full pass first: a server's start leaves nothing to free
    # (none found after making the app), and in a process holding much (the tests) the pass
    # took half a second a start.
    gc.freeze()
    app.state.services.counting.start()
    publishing: Publishing = app.state.publishing
    publishing.start()
    yield
    publishing.stop()
    app.state.services.counting.stop()
    # A process that makes another app (the tests) lets this one go, and switches as before.
    gc.unfreeze()
    sys.setswitchinterval(switch_interval)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Min stemme teller",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=_in_the_background,
        dependencies=[Depends(refuse_other_sites)],
    )
    templates = make_templates(settings)
    engine = make_engine(settings)
    try:
        publishing = Publishing(settings, engine)
    except QuestionsRejected:
        engine.dispose()
        raise
    catalog = publishing.catalog
    if settings.wants_demo_round:
        with engine.connect() as connection:
            ensure_demo_round(connection, catalog, today())
    app.state.services = services_for(
        catalog,
        settings=settings,
        engine=engine,
        templates=templates,
        code_guesses=GuessLimit(engine, settings.key),
        illustrations_dir=publishing.folders.illustrations,
    )
    app.state.publishing = publishing
    publishing.attach(app, services_for)
    templates.globals["publishing"] = publishing

    # Level 6: nearly the size of 9 for a fraction of the processor time.
    app.add_middleware(GZipMiddleware, minimum_size=500, compresslevel=GZIP_LEVEL)
    production = settings.environment == "production"
    app.add_middleware(SecurityHeaders, production=production)
    app.add_middleware(
        BodyLimit, max_bytes=MAX_BODY_BYTES, uploads=(urls.STUDIO_UPLOADS, MAX_UPLOAD_BYTES)
    )
    app.add_middleware(HeadAsGet)
    app.mount(urls.STATIC, CachedStatic(directory=settings.static_dir, max_age=ONE_YEAR), "static")
    settings.built_images_dir.mkdir(parents=True, exist_ok=True)
    app.mount(
        urls.IMAGES, CachedStatic(directory=settings.built_images_dir, max_age=ONE_YEAR), "images"
    )
    for router in ROUTERS:
        app.include_router(router)
    install_error_pages(app, headers_for(production))
    app.add_exception_handler(auth.LoginRequired, auth.login_redirect)
    return app


def services_for(
    catalog: Catalog,
    *,
    settings: Settings,
    engine: Engine,
    templates: Environment,
    code_guesses: GuessLimit,
    illustrations_dir: Path,
    draft: bool = False,
) -> Services:
    """What routes use, for these questionnaires (made again when new ones are published).
    Their versions are stored, and earlier versions read back for the responses started in
    them (app/rounds/versions.py). `draft`: the owners' drafts, for the preview: nothing of
    them is stored."""
    if draft:
        with engine.connect() as connection:
            catalog = as_published(connection, catalog)
    else:
        catalog = publish_versions(engine, catalog, today())
    theme_sums = ThemeSumsCache(catalog, settings.min_group)
    read_aloud = ReadAloud(catalog, settings.recordings_dir, settings.audio_cache_dir)
    if not draft:  # the drafts' clips are the preview's alone
        templates.globals["said"] = switch_clips(read_aloud)
    return Services(
        settings=settings,
        catalog=catalog,
        engine=engine,
        templates=templates,
        read_aloud=read_aloud,
        clips=make_clip_store(settings),
        pictures=Pictures(
            list(catalog.questionnaires.values()),
            catalog.credits,
            illustrations_dir,
            settings.built_images_dir,
            earlier=list(catalog.earlier.values()),
        ),
        survey_page=CachedPage(templates, "survey/page.html"),
        theme_sums=theme_sums,
        counting=Counting(
            engine,
            theme_sums,
            lambda connection: decide_every_period(
                ResultsContext(connection, catalog, theme_sums, settings.min_group, today())
            ),
        ),
        code_guesses=code_guesses,
    )
