"""The one Jinja setup for every page the product renders: the web's pages and the printable
posters the command line writes. Plain Jinja: no web framework."""

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import get_args

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from app import urls
from app.config import Settings
from app.questionnaires.model import Pictogram
from app.results.axis import trend_axis
from app.results.scoring import half_up
from app.rounds.rounds import norwegian_date
from app.words import DEFAULT_LANGUAGE, words_in


class _CompiledOnce(BytecodeCache):
    """Each template compiled once in a process, for every environment made in it (a server
    makes one for each set of published questionnaires, tests hundreds). Kept by name and
    source checksum: a changed template is compiled again."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (kept := self._kept.get(bucket.key)) is not None:
            bucket.bytecode_from_string(kept)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledOnce()


def make_templates(settings: Settings) -> Environment:
    # Templates are code: they change with a release, so they are not re-read per request.
    environment = Environment(
        loader=FileSystemLoader(settings.templates_dir),
        autoescape=select_autoescape(["html"]),
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,  # a name no page was given fails loudly, never renders ""
        bytecode_cache=COMPILED,
    )
    environment.globals["static_url"] = _static_urls(settings.static_dir)
    environment.globals["no_drawing"] = no_drawing
    # The pictograms never change: draw each once instead of on every button. An option's
    # (the questionnaire format's names) and the interface's own; a name with no drawing
    # stops the program here.
    drawing = environment.get_template("_pictograms.html").module
    environment.globals["pictograms"] = {
        kind: Markup(drawing.pictogram(kind))  # type: ignore[attr-defined]
        for kind in (*get_args(Pictogram), *INTERFACE_PICTOGRAMS)
    }
    environment.globals["tap_settle_ms"] = settings.tap_settle_ms
    environment.globals["said"] = {}  # the clips switch access reads (set by the web app)
    environment.globals["words"] = words_in(DEFAULT_LANGUAGE)  # a page in another says so
    environment.globals["urls"] = urls  # the fixed addresses; the rest come ready-made
    environment.globals["trend_axis"] = trend_axis
    environment.filters["tall"] = norwegian_number
    environment.filters["tone"] = tone
    environment.filters["dato"] = norwegian_date
    return environment


INTERFACE_PICTOGRAMS = ("decline", "speaker", "stop", "pause")  # beside an option's own


def no_drawing(kind: str, name: str) -> str:
    """Called by a template for a name it has nothing to draw for."""
    raise LookupError(f"templates/_pictograms.html draws no {kind} named {name!r}")


# How good an answer is, as a colour on the report's bars: dark orange for the worst (0),
# sand in the middle, dark blue for the best (100); light grey for one that counts nothing.
# Each bar also has its label and share in words, so the colour is never all there is.
WORST_TONE, MIDDLE_TONE, BEST_TONE = "#8a4b00", "#d9c49a", "#1f4e8c"
UNCOUNTED_TONE = "#e3e3e3"


def tone(score: float | None) -> str:
    if score is None:
        return UNCOUNTED_TONE
    low, high, share = (
        (WORST_TONE, MIDDLE_TONE, score / 50)
        if score <= 50
        else (MIDDLE_TONE, BEST_TONE, (score - 50) / 50)
    )
    mixed = (
        round(int(low[i : i + 2], 16) * (1 - share) + int(high[i : i + 2], 16) * share)
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{part:02x}" for part in mixed)


def norwegian_number(value: float | None, decimals: int = 1) -> str:
    """72.4 as Norwegian writes it: "72,4"."""
    if value is None:
        return ""
    return f"{half_up(value, decimals):.{decimals}f}".replace(".", ",").replace("-", "−")


def _static_urls(static_dir: Path) -> Callable[[str], str]:
    """URLs that carry a hash of the file, so a year-long browser cache is always right."""
    versions = {
        path.relative_to(static_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        for path in static_dir.rglob("*")
        if path.is_file()
    }

    def static_url(name: str) -> str:
        return urls.static(name, versions.get(name, "0"))

    return static_url
