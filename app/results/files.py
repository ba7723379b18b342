"""Microdata and tables written as files: CSV, Excel (XLSX), SPSS (.sav) and Parquet, and the
codebook that explains every variable.

CSV, XLSX and Parquet are written row by row (Parquet in row groups), so a national round
never sits in memory. SPSS files are written whole by pyreadstat, which needs a data frame:
one round at a time fits easily (60,000 responses × 70 variables is a few hundred MB at most).
"""

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

from app.questionnaires import declining
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import Questionnaire
from app.results.microdata import Shape, Variable, variables

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
    "parquet": "application/vnd.apache.parquet",
}
DECLINED_CODE = 99  # SPSS: "Vil ikke svare", marked as user-missing
PARQUET_ROW_GROUP = 10_000
CODEBOOK_HEADER = [
    "variabel", "etikett", "type", "tema", "skala", "verdier", "spss_koder", "poeng",
    "omvendt_av", "gjentar", "vises_bare_hvis", "skjema", "skjemaversjon",
]  # fmt: skip
KIND_NAMES = {
    "metadata": "om svaret",
    "answer": "svar",
    "background": "bakgrunn",
    "comment": "kommentar (fritekst)",
    "score": "skår (0–100)",
}
Progress = Callable[[int], None]


def spss_codes(variable: Variable) -> dict[str, int]:
    """Numbers for an answer's values: 1–6 stay 1–6; words count 1, 2, 3 in scale order (91,
    92 … when the scale also has numbers); "Vil ikke svare" is 99."""
    values = [v for v in variable.value_labels if v != declining.CODE]
    numeric = any(v.isdigit() for v in values)
    codes = {}
    for position, value in enumerate(values, start=1):
        codes[value] = int(value) if value.isdigit() else (90 + position if numeric else position)
    return codes | {declining.CODE: DECLINED_CODE}


def codebook_rows(variables: list[Variable], questionnaire: Questionnaire) -> Iterator[list[str]]:
    """The codebook: every variable with its label, theme, values and SPSS codes, what each
    value counts in its theme (0–100, reversed where asked the other way round; a repeat
    counts nothing), and the skip rule; a text column's code list under its values."""
    yield CODEBOOK_HEADER
    for variable in variables:
        codes = spss_codes(variable) if variable.value_labels else {}
        values = variable.value_labels or variable.code_list
        yield [
            variable.name,
            variable.label,
            KIND_NAMES[variable.kind],
            variable.theme,
            variable.scale,
            "; ".join(f"{value} = {label}" for value, label in values.items()),
            "; ".join(
                f"{codes[value]} = {label}" for value, label in variable.value_labels.items()
            ),
            "; ".join(f"{value} = {score:g}" for value, score in variable.scores.items()),
            variable.reverse_of,
            variable.repeat_of,
            variable.shown_if,
            questionnaire.id,
            str(questionnaire.version),
        ]


def write_csv(
    path: Path, rows: Iterable[list[str]], delimiter: str = ",", progress: Progress | None = None
) -> int:
    """UTF-8 with a byte order mark, so Excel reads æ, ø and å right; no cell can run as a
    formula. Returns rows written."""
    written = 0
    with path.open("w", encoding="utf-8-sig", newline="") as target:
        writer = csv.writer(target, delimiter=delimiter, lineterminator="\r\n")
        for row in rows:
            writer.writerow([_as_text(value) for value in row])
            written += 1
            if progress:
                progress(written)
    return written


def write_xlsx(
    path: Path,
    rows: Iterable[list[str]],
    *,
    sheet: str = "Svar",
    codebook: Iterable[list[str]] | None = None,
    numeric: frozenset[str] = frozenset(),
    progress: Progress | None = None,
) -> int:
    """A workbook written row by row (openpyxl's write-only mode); the codebook on its own
    sheet. The first row is the header; columns named in `numeric` hold numbers. Returns
    data rows written."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(sheet)
    written = -1
    as_number: list[bool] = []
    for row in rows:
        as_number = as_number or [name in numeric for name in row]
        data.append([_cell(value, number) for value, number in zip(row, as_number, strict=True)])
        written += 1
        if progress and written > 0:
            progress(written)
    if codebook is not None:
        book = workbook.create_sheet("Kodebok")
        for row in codebook:
            book.append(row)
    workbook.save(path)
    return max(written, 0)


def numeric_columns(variables: list[Variable]) -> frozenset[str]:
    """Columns Excel should see as numbers: the version, answers on a 1–6 scale, scores."""
    return frozenset(
        ["skjemaversjon", "skar", "nedre", "ovre", "n"]
        + [v.name for v in variables if any(k.isdigit() for k in v.value_labels)]
        + [v.name for v in variables if v.kind == "score"]
    )


def _cell(value: str, number: bool) -> str | int | float:
    """Numbers as numbers where the column holds them; anything that looks like a formula
    stays text (a comment starting with "=" must never run)."""
    if number and value:
        try:
            return int(value) if value.isdigit() else float(value)
        except ValueError:
            return value
    return _as_text(value)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _as_text(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading ', so it stays text (OWASP's
    advice for CSV injection); numbers such as -3.5 are left alone."""
    if value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_sav(
    path: Path,
    variables: list[Variable],
    rows: Iterable[list[str]],
    progress: Progress | None = None,
) -> int:
    """SPSS with variable labels, value labels, and "Vet ikke" and "Vil ikke svare" as
    user-missing (no point on the scale, so never in a mean)."""
    import pandas as pd
    import pyreadstat

    codes = {v.name: spss_codes(v) for v in variables if v.value_labels}
    scores = {v.name for v in variables if v.kind == "score"}
    columns: dict[str, list[object]] = {v.name: [] for v in variables}
    names = [v.name for v in variables]
    written = 0
    for row in rows:
        for name, value in zip(names, row, strict=True):
            mapping = codes.get(name)
            if mapping:
                columns[name].append(mapping.get(value) if value else None)
            else:
                columns[name].append((float(value) if value else None) if name in scores else value)
        written += 1
        if progress:
            progress(written)
    frame = pd.DataFrame(
        {
            name: pd.Series(
                values, dtype="float64" if name in codes or name in scores else "object"
            )
            for name, values in columns.items()
        }
    )
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels={v.name: v.label[:250] for v in variables},
        variable_value_labels={
            v.name: {float(codes[v.name][value]): label for value, label in v.value_labels.items()}
            for v in variables
            if v.value_labels
        },
        missing_ranges={
            v.name: [float(codes[v.name][value]) for value in v.missing]
            for v in variables
            if v.value_labels
        },
        variable_measure={name: "ordinal" for name in codes},
    )
    return written


def write_parquet(
    path: Path,
    variables: list[Variable],
    rows: Iterable[list[str]],
    progress: Progress | None = None,
) -> int:
    """Text columns, and numbers for the theme scores ("" becomes null), written in row groups
    of 10,000."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            pa.field(
                v.name,
                pa.float64() if v.kind == "score" else pa.string(),
                metadata={"label": v.label},
            )
            for v in variables
        ]
    )
    written = 0
    batch: list[list[str]] = []
    with pq.ParquetWriter(path, schema) as writer:
        for row in rows:
            batch.append(row)
            written += 1
            if len(batch) == PARQUET_ROW_GROUP:
                writer.write_table(_arrow_table(schema, batch))
                batch = []
            if progress:
                progress(written)
        if batch or written == 0:
            writer.write_table(_arrow_table(schema, batch))
    return written


def _arrow_table(schema: Any, batch: list[list[str]]) -> Any:
    import pyarrow as pa

    columns: list[Any] = list(zip(*batch, strict=True)) if batch else [[] for _ in schema.names]
    return pa.table(
        [
            pa.array([_typed(value, kind) for value in column], kind)
            for column, kind in zip(columns, schema.types, strict=True)
        ],
        schema=schema,
    )


def _typed(value: str, kind: Any) -> str | float | None:
    import pyarrow as pa

    if not value:
        return None
    return float(value) if kind == pa.float64() else value


MicrodataFormat = Literal["csv", "xlsx", "sav", "parquet", "codebook"]


def write_round(
    path: Path,
    file_format: MicrodataFormat,
    catalog: Catalog,
    questionnaire: Questionnaire,
    rows: Iterator[list[str]],
    *,
    shape: Shape = "wide",
    delimiter: str = ",",
    progress: Progress | None = None,
) -> int:
    """A round's microdata (`rows`, from app/results/microdata.py) in one of the formats, or its
    codebook; returns the rows written. The codebook always describes the wide variables."""
    columns = variables(catalog, questionnaire, shape)
    book = codebook_rows(variables(catalog, questionnaire, "wide"), questionnaire)
    header = [v.name for v in columns]
    if file_format == "codebook":
        return write_csv(path, book) - 1
    if file_format == "csv":
        return write_csv(path, _with(header, rows), delimiter, progress) - 1
    if file_format == "xlsx":
        numeric = numeric_columns(columns)
        return write_xlsx(
            path, _with(header, rows), codebook=book, numeric=numeric, progress=progress
        )
    if file_format == "sav":
        return write_sav(path, columns, rows, progress)
    return write_parquet(path, columns, rows, progress)


def _with(header: list[str], rows: Iterable[list[str]]) -> Iterator[list[str]]:
    yield header
    yield from rows


def write_theme_scores(
    path: Path, file_format: Literal["csv", "xlsx"], rows: Iterable[list[str]]
) -> int:
    """The aggregate export (`aggregate_rows` in app/results/dashboard.py); returns rows written."""
    if file_format == "xlsx":
        return write_xlsx(path, rows, sheet="Temaskårer", numeric=numeric_columns([]))
    return write_csv(path, rows) - 1
