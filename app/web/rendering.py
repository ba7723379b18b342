"""Rendering templates: a whole page for a browser, only <main> for an htmx swap."""

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.config import Settings


def make_templates(settings: Settings) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(settings.templates_dir))
    templates.env.globals["static_url"] = _static_urls(settings.static_dir)
    return templates


def _static_urls(static_dir: Path) -> Callable[[str], str]:
    """URLs that carry a hash of the file, so a year-long browser cache is always right."""
    versions = {
        path.relative_to(static_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        for path in static_dir.rglob("*")
        if path.is_file()
    }

    def static_url(name: str) -> str:
        return f"/static/{name}?v={versions.get(name, '0')}"

    return static_url


def wants_fragment(request: Request) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    push_url: str | None = None,
) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request,
        template,
        {**(context or {}), "partial": wants_fragment(request)},
        status_code=status_code,
    )
    if push_url is not None and wants_fragment(request):
        response.headers["HX-Push-Url"] = push_url
    return response
