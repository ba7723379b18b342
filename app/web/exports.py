"""Downloads for analysts: a round's microdata in four formats, its codebook, and the theme
scores of every municipality and period (small groups hidden). Files are written to a
temporary file on the server, streamed from disk, and deleted once sent."""

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from app.aggregates import Filters
from app.analysis import aggregate_rows, analysed_rounds
from app.export import microdata_rows, variables
from app.export_files import (
    MEDIA_TYPES,
    codebook_rows,
    numeric_columns,
    write_csv,
    write_parquet,
    write_sav,
    write_xlsx,
)
from app.rounds import response_counts, round_by_id
from app.web.auth import Analyst
from app.web.deps import ServicesDep
from app.web.errors import Link, PageError
from app.web.rendering import render

router = APIRouter()
FileFormat = Literal["csv", "csv-semikolon", "xlsx", "sav", "parquet", "kodebok"]
AUDIENCE_PARAMS = {"beboere": "resident", "parorende": "relative"}


@router.get("/analyse/eksport")
def exports_page(request: Request, services: ServicesDep, who: Analyst) -> Response:
    with services.connect() as connection:
        rounds = analysed_rounds(connection)
        counts = response_counts(connection)
    return render(
        request,
        "analysis/exports.html",
        {
            "title": "Eksport",
            "who": who,
            "section": "export",
            "rounds": list(reversed(rounds)),
            "counts": counts,
            "k": services.settings.min_group,
        },
    )


@router.get("/analyse/eksport/temaskarer.{extension}")
def aggregate_file(
    services: ServicesDep, who: Analyst, extension: Literal["csv", "xlsx"]
) -> Response:
    with services.connect() as connection:
        rows = aggregate_rows(
            connection,
            services.catalog,
            services.theme_sums,
            Filters(),
            services.settings.min_group,
            date.today(),
        )
        if extension == "xlsx":
            path = _written(
                extension,
                lambda target: write_xlsx(
                    target, rows, sheet="Temaskårer", numeric=numeric_columns([])
                ),
            )
        else:
            path = _written(extension, lambda target: write_csv(target, rows))
    return _download(path, f"temaskarer.{extension}", MEDIA_TYPES[extension])


@router.get("/analyse/eksport/{round_id}")
def microdata_file(
    services: ServicesDep,
    who: Analyst,
    round_id: int,
    gruppe: Annotated[Literal["beboere", "parorende"], Query()] = "beboere",
    format: Annotated[FileFormat, Query()] = "csv",
    form: Annotated[Literal["bred", "lang"], Query()] = "bred",
) -> Response:
    shape: Literal["wide", "long"] = "long" if form == "lang" else "wide"
    with services.connect() as connection:
        survey_round = round_by_id(connection, round_id)
        if survey_round is None or survey_round.demo:
            raise PageError(
                404, "Fant ikke runden", "Det finnes ingen runde med dette nummeret.",
                [Link("/analyse/eksport", "Til eksport")],
            )  # fmt: skip
        questionnaire_id = (
            survey_round.resident_questionnaire
            if gruppe == "beboere"
            else survey_round.relative_questionnaire
        )
        questionnaire = services.catalog.questionnaires[questionnaire_id]
        columns = variables(services.catalog, questionnaire, shape)
        rows = microdata_rows(connection, survey_round, questionnaire, shape=shape)
        name = f"runde-{round_id}-{survey_round.municipality_number}-{survey_round.period}-{gruppe}"
        extension = "csv" if format in ("csv", "csv-semikolon", "kodebok") else format
        if format == "kodebok":
            wide = variables(services.catalog, questionnaire, "wide")
            book = codebook_rows(wide, questionnaire)
            path = _written("csv", lambda target: write_csv(target, book))
            return _download(path, f"{name}-kodebok.csv", MEDIA_TYPES["csv"])
        table = _with([v.name for v in columns], rows)
        writers: dict[str, Callable[[Path], object]] = {
            "csv": lambda target: write_csv(target, table),
            "csv-semikolon": lambda target: write_csv(target, table, ";"),
            "xlsx": lambda target: write_xlsx(
                target,
                table,
                codebook=codebook_rows(columns, questionnaire),
                numeric=numeric_columns(columns),
            ),
            "sav": lambda target: write_sav(target, columns, rows),
            "parquet": lambda target: write_parquet(target, columns, rows),
        }
        path = _written(extension, writers[format])
    return _download(path, f"{name}-{form}.{extension}", MEDIA_TYPES[extension])


def _with(header: list[str], rows: Iterable[list[str]]) -> Iterator[list[str]]:
    yield header
    yield from rows


def _written(extension: str, write: Callable[[Path], object]) -> Path:
    """A temporary file with what `write` puts in it (removed again if writing fails)."""
    handle, name = tempfile.mkstemp(prefix="minstemme-", suffix=f".{extension}")
    os.close(handle)
    path = Path(name)
    try:
        write(path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _download(path: Path, filename: str, media_type: str) -> FileResponse:
    """The file as a download; deleted from the server once it has been sent."""
    return FileResponse(
        path,
        media_type=media_type,
        filename=filename,
        background=BackgroundTask(path.unlink, missing_ok=True),
    )
