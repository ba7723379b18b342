"""Every error a person can meet, as a clear Norwegian page, never a stack trace."""

import logging
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from app.web.rendering import render

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass
class PageError(Exception):
    status_code: int
    title: str
    message: str
    links: list[Link] = field(default_factory=lambda: [Link("/", "Til forsiden")])


def message_page(request: Request, error: PageError) -> HTMLResponse:
    return render(
        request,
        "message.html",
        {"title": error.title, "message": error.message, "links": error.links},
        status_code=error.status_code,
    )


_BY_STATUS = {
    404: ("Fant ikke siden", "Vi fant ikke siden du prøvde å åpne. Sjekk adressen."),
    405: ("Det gikk ikke", "Siden kan ikke brukes på denne måten."),
}


def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(PageError)
    async def page_error(request: Request, error: PageError) -> HTMLResponse:
        return message_page(request, error)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> HTMLResponse:
        title, message = _BY_STATUS.get(
            error.status_code, ("Det gikk ikke", "Noe var galt med forespørselen.")
        )
        return message_page(request, PageError(error.status_code, title, message))

    @app.exception_handler(RequestValidationError)
    async def bad_form(request: Request, error: RequestValidationError) -> HTMLResponse:
        return message_page(
            request,
            PageError(400, "Det gikk ikke", "Skjemaet som ble sendt, var ikke riktig utfylt."),
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> HTMLResponse:
        log.exception("unexpected error on %s", request.url.path)
        return message_page(
            request,
            PageError(
                500,
                "Noe gikk galt hos oss",
                "Svarene du har gitt, er lagret. Prøv igjen om litt.",
            ),
        )
