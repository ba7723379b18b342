"""The real app plus one constant page, the baseline the survey pages are compared with."""

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from app.web.app import create_app

CONSTANT_BODY_ENV = "MINSTEMME_BENCH_CONSTANT_BODY"


def bench_app() -> FastAPI:
    """The constant page is a copy of a real question page: same size, and it compresses the
    same, so gzip costs the baseline what it costs the survey."""
    app = create_app()
    body = (
        Path(os.environ[CONSTANT_BODY_ENV]).read_text() if CONSTANT_BODY_ENV in os.environ else "x"
    )

    @app.get("/_bench/constant")
    async def constant() -> HTMLResponse:
        return HTMLResponse(body)

    @app.get("/_bench/constant-threadpool")
    def constant_in_thread_pool() -> HTMLResponse:
        return HTMLResponse(body)

    return app
