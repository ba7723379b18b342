"""The real app plus one constant page, the baseline the survey pages are compared with."""

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from app.web.app import create_app

CONSTANT_SIZE_ENV = "MINSTEMME_BENCH_CONSTANT_BYTES"


def bench_app() -> FastAPI:
    import os

    app = create_app()
    size = int(os.environ.get(CONSTANT_SIZE_ENV, "4096"))
    body = ("<!doctype html><title>x</title>" + "<p>Konstant side.</p>\n" * size)[:size]

    @app.get("/_bench/constant")
    async def constant() -> HTMLResponse:
        return HTMLResponse(body)

    @app.get("/_bench/constant-threadpool")
    def constant_in_thread_pool() -> HTMLResponse:
        return HTMLResponse(body)

    return app
