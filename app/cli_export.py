"""`minstemme export`: a round's microdata (CSV, XLSX, SPSS, Parquet) or its codebook, or the
theme scores of every municipality and period (with small groups hidden)."""

import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from app.aggregates import Filters
from app.analysis import ThemeSumsCache, aggregate_rows
from app.catalog import load_catalog
from app.config import Settings
from app.db import connection_to
from app.export import Shape, microdata_rows, response_count, variables
from app.export_files import (
    codebook_rows,
    numeric_columns,
    write_csv,
    write_parquet,
    write_sav,
    write_xlsx,
)
from app.progress import progress
from app.rounds import RoundProblem, require_round

EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "sav": "sav", "parquet": "parquet", "codebook": "csv"}


def microdata_command(
    settings: Settings,
    round_id: int,
    *,
    audience: str,
    shape: Shape,
    file_format: str,
    delimiter: str,
    out: Path | None,
) -> int:
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    try:
        with connection_to(settings) as connection:
            survey_round = require_round(connection, round_id)
            questionnaire_id = (
                survey_round.resident_questionnaire
                if audience == "resident"
                else survey_round.relative_questionnaire
            )
            questionnaire = catalog.questionnaires[questionnaire_id]
            columns = variables(catalog, questionnaire, shape)
            target = out or Path(
                f"runde-{round_id}-{questionnaire_id}"
                + ("" if file_format == "codebook" else f"-{shape}")
                + ("-kodebok" if file_format == "codebook" else "")
                + f".{EXTENSIONS[file_format]}"
            )
            if file_format == "codebook":
                write_csv(
                    target, codebook_rows(variables(catalog, questionnaire, "wide"), questionnaire)
                )
                print(f"Skrev {target}: kodeboken for {questionnaire_id}.", file=sys.stderr)
                return 0
            total = response_count(connection, survey_round, questionnaire_id)
            rows = microdata_rows(connection, survey_round, questionnaire, shape=shape)
            on_row = _response_progress(total) if shape == "wide" else None
            header = [v.name for v in columns]
            if file_format == "csv":
                written = write_csv(target, _with(header, rows), delimiter, on_row) - 1
            elif file_format == "xlsx":
                written = write_xlsx(
                    target,
                    _with(header, rows),
                    codebook=codebook_rows(columns, questionnaire),
                    numeric=numeric_columns(columns),
                    progress=on_row,
                )
            elif file_format == "sav":
                written = write_sav(target, columns, rows, on_row)
            else:
                written = write_parquet(target, columns, rows, on_row)
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    if shape == "wide":
        progress(total, total)
    print(f"Skrev {target}: {written} rader.", file=sys.stderr)
    return 0


def aggregate_command(settings: Settings, *, file_format: str, out: Path | None) -> int:
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
        if file_format == "xlsx":
            written = write_xlsx(target, rows, sheet="Temaskårer", numeric=numeric_columns([]))
        else:
            written = write_csv(target, rows) - 1
    print(
        f"Skrev {target}: {written} rader med temaskårer; tall fra færre enn "
        f"{settings.min_group} svar er tomme.",
        file=sys.stderr,
    )
    return 0


def _with(header: list[str], rows: Iterable[list[str]]) -> Iterator[list[str]]:
    yield header
    yield from rows


def _response_progress(total: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        if done % 500 == 0:
            progress(done, total)

    return report
