"""`minstemme export`: a round's microdata (CSV, XLSX, SPSS, Parquet) or its codebook, or the
theme scores of every municipality and period (with small groups hidden)."""

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Literal

from app.aggregates import Filters
from app.analysis import ThemeSumsCache, aggregate_rows
from app.catalog import load_catalog
from app.config import Settings
from app.db import connection_to
from app.export import Shape, microdata_rows, response_count
from app.export_files import MicrodataFormat, write_round, write_theme_scores
from app.progress import progress
from app.rounds import Audience, RoundProblem, questionnaire_for, require_round

EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "sav": "sav", "parquet": "parquet", "codebook": "csv"}


def microdata_command(
    settings: Settings,
    round_id: int,
    *,
    audience: Audience,
    shape: Shape,
    file_format: MicrodataFormat,
    delimiter: str,
    out: Path | None,
) -> int:
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    try:
        with connection_to(settings) as connection:
            survey_round = require_round(connection, round_id)
            questionnaire = catalog.questionnaires[questionnaire_for(survey_round, audience)]
            kind = "kodebok" if file_format == "codebook" else shape
            target = out or Path(
                f"runde-{round_id}-{questionnaire.id}-{kind}.{EXTENSIONS[file_format]}"
            )
            total = response_count(connection, survey_round, questionnaire.id)
            rows = microdata_rows(connection, survey_round, questionnaire, shape=shape)
            written = write_round(
                target,
                file_format,
                catalog,
                questionnaire,
                rows,
                shape=shape,
                delimiter=delimiter,
                progress=_response_progress(total) if shape == "wide" else None,
            )
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    if shape == "wide" and file_format != "codebook":
        progress(total, total)
    print(f"Skrev {target}: {written} rader.", file=sys.stderr)
    return 0


def aggregate_command(
    settings: Settings, *, file_format: Literal["csv", "xlsx"], out: Path | None
) -> int:
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    target = out or Path(f"temaskarer.{'xlsx' if file_format == 'xlsx' else 'csv'}")
    with connection_to(settings) as connection:
        rows = aggregate_rows(
            connection,
            catalog,
            ThemeSumsCache(catalog),
            Filters(),
            settings.min_group,
            date.today(),
        )
        written = write_theme_scores(target, file_format, rows)
    print(
        f"Skrev {target}: {written} rader med temaskårer; tall fra færre enn "
        f"{settings.min_group} svar er tomme.",
        file=sys.stderr,
    )
    return 0


def _response_progress(total: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        if done % 500 == 0:
            progress(done, total)

    return report
