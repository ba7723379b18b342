"""Downloads for analysts: a round's microdata in four formats, its codebook, and the theme
scores of every municipality and period (small groups hidden); and for anyone, where this
installation publishes them, the figures it shows (/tall.json, /tall.csv: app/results/national.py).
Files are written to a temporary file on the server, streamed from disk, and deleted once
sent."""

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi import Path as InPath
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from sqlalchemy import Connection
from starlette.background import BackgroundTask

from app import urls
from app.accounts import SignedIn
from app.logbook import note_round
from app.questionnaires.model import Questionnaire
from app.results.comments import round_comments
from app.results.dashboard import aggregate_rows
from app.results.files import (
    MEDIA_TYPES,
    MicrodataFormat,
    write_round,
    write_theme_scores,
)
from app.results.microdata import Shape, microdata_rows, rounds_rows
from app.results.published import published, published_rows
from app.results.units import named_homes, named_homes_by_round
from app.rounds.rounds import (
    AUDIENCE_WORDS,
    Audience,
    analysed_rounds,
    audiences_asked,
    questionnaire_for,
    response_counts,
    round_by_id,
)
from app.storage.tables import Round, utcnow
from app.survey.retention import answers_deleted
from app.web.deps import Services, ServicesDep
from app.web.errors import AnswersGone, Link, RoundNotFound, seen_in_full
from app.web.rendering import render
from app.web.routes.auth import Analyst

router = APIRouter()
FileFormat = Literal["csv", "csv-semikolon", "xlsx", "sav", "dta", "parquet", "kodebok"]
AUDIENCE_PARAMS: dict[str, Audience] = {"beboere": "resident", "parorende": "relative"}
FILE_FORMATS: dict[str, tuple[MicrodataFormat, str]] = {
    "csv": ("csv", ","),
    "csv-semikolon": ("csv", ";"),
    "xlsx": ("xlsx", ","),
    "sav": ("sav", ","),
    "dta": ("dta", ","),
    "parquet": ("parquet", ","),
    "kodebok": ("codebook", ","),
}


@router.get(urls.EXPORTS)
def exports_page(request: Request, services: ServicesDep, who: Analyst) -> Response:
    with services.connect() as connection:
        rounds = [r for r in analysed_rounds(connection) if who.sees_in_full(r.municipality_number)]
        counts = response_counts(connection)
    return render(
        request,
        "analysis/exports.html",
        {
            "title": "Eksport",
            "who": who,
            "section": "export",
            "theme_score_files": [
                ("Temaskårer (CSV)", urls.theme_scores_file("csv")),
                ("Temaskårer (Excel)", urls.theme_scores_file("xlsx")),
            ],
            "rounds": [
                (r, _round_files(r), urls.comments(r.id), answers_deleted(r))
                for r in reversed(rounds)
            ],
            "periods": [
                (
                    period,
                    len([r for r in rounds if r.period == period]),
                    [
                        (
                            group,
                            [
                                (name, urls.period_file(period, group, kind))
                                for name, kind in DOWNLOADS
                            ],
                        )
                        for group in AUDIENCE_PARAMS
                    ],
                )
                for period in sorted({r.period for r in rounds}, reverse=True)
            ],
            "counts": counts,
            "k": services.settings.min_group,
        },
    )


@router.get("/analyse/eksport/temaskarer.{extension}")
def aggregate_file(
    services: ServicesDep, who: Analyst, extension: Literal["csv", "xlsx"]
) -> Response:
    with services.connect() as connection:
        rows = aggregate_rows(services.results(connection))
        path = _written(extension, lambda target: write_theme_scores(target, extension, rows))
    return _download(path, f"temaskarer.{extension}", MEDIA_TYPES[extension])


NOT_PUBLISHED = (
    "Denne installasjonen publiserer ikke tallene sine (MINSTEMME_PUBLISH_FIGURES er ikke på)."
)


@router.get(urls.PUBLISHED_JSON)
def published_json(services: ServicesDep) -> Response:
    """The figures this installation shows, for other installations' «Landet»."""
    if not services.settings.publish_figures:
        return PlainTextResponse(NOT_PUBLISHED, status_code=404)
    with services.connect() as connection:
        document = published(services.results(connection), utcnow())
    return JSONResponse(document)


@router.get(urls.PUBLISHED_CSV)
def published_csv(services: ServicesDep) -> Response:
    if not services.settings.publish_figures:
        return PlainTextResponse(NOT_PUBLISHED, status_code=404)
    with services.connect() as connection:
        rows = published_rows(services.results(connection))
        path = _written("csv", lambda target: write_theme_scores(target, "csv", rows))
    return _download(path, "tall.csv", MEDIA_TYPES["csv"])


@router.get("/analyse/eksport/periode/{period}")
def period_file(
    services: ServicesDep,
    who: Analyst,
    period: Annotated[str, InPath(max_length=20)],
    gruppe: Annotated[Literal["beboere", "parorende"], Query()] = "beboere",
    format: Annotated[FileFormat, Query()] = "csv",
) -> Response:
    """Every round of the period that the reader sees in full, in one file (one asking
    another questionnaire is left for its own file)."""
    back = Link(urls.EXPORTS, "Til eksport")
    with services.connect() as connection:
        rounds = _period_rounds(connection, who, period)
        if not rounds:
            raise RoundNotFound(back)
        audience = AUDIENCE_PARAMS[gruppe]
        asked = [
            r for r in rounds if questionnaire_for(r, audience) in services.catalog.questionnaires
        ]
        if not asked:
            raise RoundNotFound(back, f"Ingen runde i {period} spurte {AUDIENCE_WORDS[audience]}.")
        questionnaire = services.catalog.questionnaires[questionnaire_for(asked[0], audience)]
        same = [r for r in asked if questionnaire_for(r, audience) == questionnaire.id]
        named = named_homes_by_round(services.results(connection), same, audience)
        for each in same:
            note_round(
                connection, who.username, each, f"Lastet ned mikrodata ({gruppe}, {format}),"
            )
        rows = rounds_rows(connection, services.catalog, same, questionnaire, named)
        file_format, extension, path = _round_file(services, questionnaire, rows, format, "wide")
    name = f"periode-{period}-{gruppe}" + ("-kodebok" if file_format == "codebook" else "")
    return _download(path, f"{name}.{extension}", MEDIA_TYPES[extension])


def _period_rounds(connection: Connection, who: SignedIn, period: str) -> list[Round]:
    return sorted(
        (
            r
            for r in analysed_rounds(connection)
            if r.period == period
            and who.sees_in_full(r.municipality_number)
            and not answers_deleted(r)
        ),
        key=lambda r: r.municipality_number,
    )


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
            raise RoundNotFound(Link(urls.EXPORTS, "Til eksport"))
        back = Link(urls.EXPORTS, "Til eksport")
        seen_in_full(who, survey_round, back)
        if deleted := answers_deleted(survey_round):
            raise AnswersGone(back, deleted)
        audience = AUDIENCE_PARAMS[gruppe]
        questionnaire = services.catalog.questionnaires.get(
            questionnaire_for(survey_round, audience)
        )
        if questionnaire is None:
            raise RoundNotFound(back, f"Runden spurte ikke {AUDIENCE_WORDS[audience]}.")
        named = named_homes(services.results(connection), survey_round, audience)
        note_round(
            connection, who.username, survey_round, f"Lastet ned mikrodata ({gruppe}, {format}),"
        )
        rows = microdata_rows(
            connection, services.catalog, survey_round, questionnaire, named, shape=shape
        )
        name = f"runde-{round_id}-{survey_round.municipality_number}-{survey_round.period}-{gruppe}"
        file_format, extension, path = _round_file(services, questionnaire, rows, format, shape)
    if file_format == "codebook":
        return _download(path, f"{name}-kodebok.csv", MEDIA_TYPES["csv"])
    return _download(path, f"{name}-{form}.{extension}", MEDIA_TYPES[extension])


def _round_file(
    services: Services,
    questionnaire: Questionnaire,
    rows: Iterator[list[str]],
    chosen: FileFormat,
    shape: Shape,
) -> tuple[MicrodataFormat, str, Path]:
    """Microdata (or the codebook) written as the export page's `chosen` format: the format,
    the file's extension and the temporary file."""
    file_format, delimiter = FILE_FORMATS[chosen]
    extension = "csv" if file_format == "codebook" else file_format
    path = _written(
        extension,
        lambda target: write_round(
            target,
            file_format,
            services.catalog,
            questionnaire,
            rows,
            k=services.settings.min_group,
            shape=shape,
            delimiter=delimiter,
        ),
    )
    return file_format, extension, path


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


DOWNLOADS = (  # name on the page, format; then the long form
    ("CSV", "csv"),
    ("CSV med semikolon", "csv-semikolon"),
    ("Excel", "xlsx"),
    ("SPSS", "sav"),
    ("Stata", "dta"),
    ("Parquet", "parquet"),
    ("Kodebok", "kodebok"),
)


@router.get("/analyse/eksport/{round_id}/kommentarer")
def comments_page(request: Request, services: ServicesDep, who: Analyst, round_id: int) -> Response:
    back = Link(urls.EXPORTS, "Til eksport")
    with services.connect() as connection:
        survey_round = round_by_id(connection, round_id)
        if survey_round is None or survey_round.demo:
            raise RoundNotFound(back)
        seen_in_full(who, survey_round, back)
        if deleted := answers_deleted(survey_round):
            raise AnswersGone(back, deleted)
        questionnaire = services.catalog.questionnaires.get(survey_round.relative_questionnaire)
        written = round_comments(connection, survey_round, questionnaire) if questionnaire else []
        note_round(connection, who.username, survey_round, "Leste kommentarene,")
    return render(
        request,
        "analysis/comments.html",
        {
            "title": "Kommentarer",
            "who": who,
            "section": "export",
            "round": survey_round,
            "written": written,
        },
    )


def _round_files(survey_round: Round) -> list[tuple[str, list[tuple[str, str]]]]:
    """A round's downloads, per group: every format, then the long form (none for a group
    the round did not ask)."""
    round_id, asked = survey_round.id, audiences_asked(survey_round)
    return [
        (
            group,
            [(name, urls.round_file(round_id, group, kind)) for name, kind in DOWNLOADS]
            + [("Lang form (CSV)", urls.round_file(round_id, group, "csv", long=True))]
            if audience in asked
            else [],
        )
        for group, audience in AUDIENCE_PARAMS.items()
    ]
