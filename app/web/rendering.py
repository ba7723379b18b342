"""Rendering templates: a whole page for a browser, only <main> for an htmx swap."""

import gzip
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from jinja2 import Environment

from app.words import DEFAULT_LANGUAGE, words_in

# The level the GZip middleware uses for everything else (app.py): pages compressed once here
# come out the same as those it compresses on the way.
GZIP_LEVEL = 6


def wants_fragment(request: Request) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@dataclass(frozen=True)
class Rendered:
    """A page's bytes, and the same compressed: a page shown to many is compressed once."""

    body: bytes
    gzipped: bytes


class CachedPage:
    """One template rendered once per distinct view (views must hash by what they show)."""

    def __init__(self, templates: Environment, name: str, size: int = 4096) -> None:
        self._template = templates.get_template(name)
        self.page = lru_cache(maxsize=size)(self._render)

    def _render(self, view: Hashable, partial: bool) -> Rendered:
        language = getattr(view, "language", DEFAULT_LANGUAGE)
        body = self._template.render(
            view=view, partial=partial, lang=language, words=words_in(language)
        ).encode()
        return Rendered(body, gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))


def rendered_response(
    request: Request, page: Rendered, *, status_code: int = 200, push_url: str | None = None
) -> Response:
    """A cached page, sent compressed to every browser that takes it (all do): the GZip
    middleware leaves a body alone that says how it is encoded."""
    headers = {"Vary": "Accept-Encoding"}
    if push_url is not None and wants_fragment(request):
        headers["HX-Push-Url"] = push_url
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return HTMLResponse(page.gzipped, status_code=status_code, headers=headers)
    return HTMLResponse(page.body, status_code=status_code, headers=headers)


def html_response(
    request: Request, html: str, *, status_code: int = 200, push_url: str | None = None
) -> HTMLResponse:
    response = HTMLResponse(html, status_code=status_code)
    if push_url is not None and wants_fragment(request):
        response.headers["HX-Push-Url"] = push_url
    return response


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    push_url: str | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> HTMLResponse:
    """`language`: the page's, for its interface words (`words`) and its `lang`."""
    templates: Environment = request.app.state.services.templates
    partial = wants_fragment(request)
    shown = {"partial": partial, "lang": language, "words": words_in(language)}
    html = templates.get_template(template).render({**(context or {}), **shown})
    return html_response(request, html, status_code=status_code, push_url=push_url)
