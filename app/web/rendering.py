"""Rendering templates: a whole page for a browser, only <main> for an htmx swap."""

from collections.abc import Hashable, Mapping
from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment


def wants_fragment(request: Request) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


class CachedPage:
    """One template rendered once per distinct view (views must hash by what they show)."""

    def __init__(self, templates: Environment, name: str, size: int = 4096) -> None:
        self._template = templates.get_template(name)
        self.html = lru_cache(maxsize=size)(self._render)

    def _render(self, view: Hashable, partial: bool) -> str:
        return self._template.render(view=view, partial=partial)


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
) -> HTMLResponse:
    templates: Environment = request.app.state.services.templates
    partial = wants_fragment(request)
    html = templates.get_template(template).render({**(context or {}), "partial": partial})
    return html_response(request, html, status_code=status_code, push_url=push_url)
