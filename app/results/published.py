"""A national comparison across installations: each installation publishes the theme figures it
shows, and adds other installations' published figures to its own as «Landet»
(app/results/imported.py).

Published (`published`, served at /tall.json and /tall.csv when MINSTEMME_PUBLISH_FIGURES is
on): every municipality's figure of every period as the dashboard shows it with no filter, the
same rule and the same k: a hidden figure has no score and no n, only why it is hidden. No
«Alle kommuner» and no filtered figure: a reader adds municipalities up. One row per figure:
period, municipality, audience, theme, score, interval, n, note (as Kolada's API has them).

Imported (`read_published`, `minstemme figures import`): a file is refused whole when it
contradicts the rule here: a shown figure of fewer than this installation's k (or the file's
own), a hidden one that tells its n, a score or interval outside 0–100 or out of order. Themes
this installation does not have are left out.
"""

import json
import math
from collections.abc import Collection, Iterator
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from app.results.context import ResultsContext
from app.results.dashboard import AGGREGATE_HEADER, AUDIENCE_NAMES, Group, figure_row, figures_for
from app.results.imported import PublishedFigure
from app.results.sums import Filters
from app.rounds.rounds import AUDIENCES, Audience

FORMAT = "minstemme-tall/1"  # what a published file says it is
AUDIENCE_OF: dict[str, Audience] = {name: a for a, name in AUDIENCE_NAMES.items()}


class FiguresRefused(ValueError):
    """A published file that cannot be taken in: not one, or it contradicts the rule here."""


def published_rows(context: ResultsContext) -> Iterator[list[str]]:
    """Every municipality's figure of every period as shown with no filter, as rows under
    `AGGREGATE_HEADER` (a header first)."""
    shown = context.filtered(Filters())
    rounds = shown.rounds()
    yield AGGREGATE_HEADER
    for period in sorted({r.period for r in rounds}):
        figures = figures_for(shown, period, rounds)
        for survey_round in figures.rounds:
            group = Group(survey_round.municipality_number, survey_round.municipality_name)
            for audience in AUDIENCES:
                for theme in context.catalog.themes:
                    figure = figures.figure(group.key, audience, theme)
                    yield figure_row(period, group, audience, theme, figure)


def published(context: ResultsContext, when: datetime) -> dict[str, object]:
    """The figures as the JSON document others import: the format, this installation's k, when,
    and the rows (numbers as numbers; a hidden figure's are null)."""
    header, *rows = published_rows(context)
    return {
        "format": FORMAT,
        "k": context.k,
        "publisert": when.isoformat(timespec="seconds"),
        "tall": [_as_numbers(dict(zip(header, row, strict=True))) for row in rows],
    }


def _as_numbers(row: dict[str, str]) -> dict[str, object]:
    found: dict[str, object] = dict(row)
    for name in ("skar", "nedre", "ovre"):
        found[name] = float(row[name]) if row[name] else None
    found["n"] = int(row["n"]) if row["n"] else None
    return found


def read_published(text: str, k: int, themes: Collection[str]) -> list[PublishedFigure]:
    """The shown figures of a published file, checked against the rule with this
    installation's `k`; `themes`: those kept (others are left out)."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise FiguresRefused("Fila er ikke JSON fra «/tall.json».") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FiguresRefused(f"Fila sier ikke at den er «{FORMAT}».")
    theirs = document.get("k")
    if not isinstance(theirs, int) or isinstance(theirs, bool) or theirs < 3:
        raise FiguresRefused("Fila sier ikke hvilken minste gruppe (k, minst 3) den viser.")
    rows = document.get("tall")
    if not isinstance(rows, list):
        raise FiguresRefused("Fila har ingen liste «tall».")
    least = max(k, theirs)
    found = []
    for number, row in enumerate(rows, start=1):
        figure = _figure(row, number, least)
        if figure is not None and figure.theme in themes:
            found.append(figure)
    return found


def _figure(row: Any, number: int, least: int) -> PublishedFigure | None:
    where = f"Tall nr. {number}"
    if not isinstance(row, dict):
        raise FiguresRefused(f"{where} er ikke et objekt.")
    municipality, period, audience = row.get("kommunenummer"), row.get("periode"), row.get("gruppe")
    if not (isinstance(municipality, str) and len(municipality) == 4 and municipality.isdigit()):
        raise FiguresRefused(f"{where} har ikke et kommunenummer med fire sifre.")
    if not isinstance(period, str) or not 0 < len(period) <= 20:
        raise FiguresRefused(f"{where} har ingen periode.")
    if audience not in AUDIENCE_OF:
        raise FiguresRefused(f"{where} har gruppen {audience!r}, ikke beboere eller parorende.")
    theme, name = row.get("tema"), row.get("kommune")
    if not isinstance(theme, str) or not isinstance(name, str):
        raise FiguresRefused(f"{where} mangler tema eller kommunenavn.")
    score, low, high, n = (_number(row.get(key), where) for key in ("skar", "nedre", "ovre", "n"))
    if score is None:
        if n is not None:  # a hidden figure that says how many it hides gives them away
            raise FiguresRefused(f"{where} er skjult, men sier hvor mange den står for.")
        return None
    if n is None or n != int(n) or n < least:
        raise FiguresRefused(
            f"{where} ({name} {period}) står for {n} personer: under minste gruppe {least}, "
            "som tallene her ikke viser."
        )
    bounds = [b for b in (low, score, high) if b is not None]
    if any(not 0 <= b <= 100 for b in bounds) or bounds != sorted(bounds):
        raise FiguresRefused(f"{where} har en skår eller et intervall utenfor 0–100.")
    return PublishedFigure(
        period, municipality, name[:100], AUDIENCE_OF[audience], theme, score, low, high, int(n)
    )


def _number(value: object, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FiguresRefused(f"{where} har et tall som ikke er et tall.")
    try:
        number = float(Decimal(str(value).replace(",", ".")))
    except InvalidOperation as error:
        raise FiguresRefused(f"{where} har et tall som ikke er et tall.") from error
    if not math.isfinite(number):
        raise FiguresRefused(f"{where} har et tall som ikke er et tall.")
    return number
