"""Rendering templates: a whole page for a browser, only <main> for an htmx swap."""

import hashlib
from collections.abc import Callable, Hashable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app.config import Settings
from app.speech.synthesis import Clip


def make_templates(settings: Settings) -> Environment:
    # Templates are code: they change with a release, so they are not re-read per request.
    environment = Environment(
        loader=FileSystemLoader(settings.templates_dir),
        autoescape=select_autoescape(["html"]),
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["static_url"] = _static_urls(settings.static_dir)
    # The answer pictograms never change: draw each once instead of on every button.
    drawing = environment.get_template("_pictograms.html").module
    environment.globals["pictograms"] = {
        kind: Markup(drawing.pictogram(kind))  # type: ignore[attr-defined]
        for kind in ("yes", "mixed", "no", "unknown", "decline", "speaker", "stop")
    }
    environment.globals["audio_url"] = audio_url
    environment.filters["tall"] = norwegian_number
    return environment


def norwegian_number(value: float | None, decimals: int = 1) -> str:
    """72.4 as Norwegian writes it: "72,4"."""
    if value is None:
        return ""
    return f"{value:.{decimals}f}".replace(".", ",").replace("-", "−")


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


def audio_url(clip: Clip) -> str:
    return f"/audio/{clip.key}.mp3"


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
