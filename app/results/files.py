"""Microdata and tables written as files: CSV, Excel (XLSX), SPSS (.sav), Stata (.dta) and
Parquet, and the codebook that explains every variable.

CSV, XLSX and Parquet are written row by row (Parquet in row groups), so a national round
never sits in memory. SPSS and Stata files are written whole by pyreadstat, which needs a data
frame: one round at a time fits easily (60,000 responses × 70 variables is a few hundred MB
at most).
"""

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Literal

from app.questionnaires import declining
from app.questionnaires.catalog import Catalog
from app.questionnaires.model import Questionnaire
from app.results.microdata import DATE_VARIABLES, Shape, Variable, variables
from app.results.rules import recount_rules

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
    "dta": "application/x-stata-dta",
    "parquet": "application/vnd.apache.parquet",
}
DECLINED_CODE = 99  # SPSS: "Vil ikke svare", marked as user-missing
PARQUET_ROW_GROUP = 10_000
CODEBOOK_HEADER = [
    "variabel", "etikett", "type", "tema", "skala", "verdier", "spss_koder", "poeng",
    "omvendt_av", "gjentar", "vises_bare_hvis", "stata_navn", "skjema", "skjemaversjon",
    "ordlyd_i_tidligere_versjoner",
]  # fmt: skip
KIND_NAMES = {
    "metadata": "om svaret",
    "answer": "svar",
    "background": "bakgrunn",
    "comment": "kommentar (fritekst)",
    "score": "skår (0–100)",
}
RULE = "regel"  # a codebook row that is a rule, not a variable
Progress = Callable[[int], None]
WHOLE_NUMBERS = ("skjemaversjon",)  # numbers in every file, not text


def spss_codes(variable: Variable) -> dict[str, int]:
    """Numbers for an answer's values: 1–6 stay 1–6; words count 1, 2, 3 in scale order (91,
    92 … when the scale also has numbers); "Vil ikke svare" is 99."""
    values = [v for v in variable.value_labels if v != declining.CODE]
    numeric = any(v.isdigit() for v in values)
    codes = {}
    for position, value in enumerate(values, start=1):
        codes[value] = int(value) if value.isdigit() else (90 + position if numeric else position)
    return codes | {declining.CODE: DECLINED_CODE}


def codebook_rows(
    variables: list[Variable], questionnaire: Questionnaire, k: int
) -> Iterator[list[str]]:
    """The codebook: every variable with its label, theme, values and SPSS codes, what each
    value counts in its theme (0–100, reversed where asked the other way round; a repeat
    counts nothing), and the skip rule; a text column's code list under its values. Then the
    rules a reader needs to count the figures again (type «regel»; `k`: the smallest group
    shown)."""
    yield CODEBOOK_HEADER
    in_stata = stata_names([v.name for v in variables])
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
            in_stata[variable.name] if in_stata[variable.name] != variable.name else "",
            questionnaire.id,
            str(questionnaire.version),
            "; ".join(f"versjon {v}: {words}" for v, words in variable.earlier_wording.items()),
        ]
    for name, said in recount_rules(k).items():
        yield [name, said, RULE, *[""] * (len(CODEBOOK_HEADER) - 3)]


def write_csv(
    path: Path,
    rows: Iterable[list[str]],
    delimiter: str = ",",
    progress: Progress | None = None,
    *,
    numeric: frozenset[str] = frozenset(),
) -> int:
    """UTF-8 with a byte order mark, so Excel reads æ, ø and å right; no cell can run as a
    formula. With semicolons (for Excel set up for Norway) the numbers in the `numeric` columns
    (named in the first row) have a decimal comma, as that Excel reads numbers. Returns rows
    written."""
    written = 0
    comma: list[bool] = []
    with path.open("w", encoding="utf-8-sig", newline="") as target:
        writer = csv.writer(target, delimiter=delimiter, lineterminator="\r\n")
        for row in rows:
            if written == 0 and delimiter == NORWEGIAN_DELIMITER:
                comma = [name in numeric for name in row]
            elif comma:
                row = [_decimal_comma(v) if c else v for v, c in zip(row, comma, strict=True)]
            writer.writerow([_as_text(value) for value in row])
            written += 1
            if progress:
                progress(written)
    return written


NORWEGIAN_DELIMITER = ";"  # a CSV file for a spreadsheet set up for Norway


def _decimal_comma(value: str) -> str:
    return value.replace(".", ",") if NUMBER.fullmatch(value) else value


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
        for row in codebook:  # an owner's question text can start with "=" too
            book.append([_as_text(value) for value in row])
    workbook.save(path)
    return max(written, 0)


def numeric_columns(variables: list[Variable]) -> frozenset[str]:
    """Columns Excel should see as numbers (or dates): the version, answers on a 1–6 scale,
    scores, the days a response began and ended."""
    return frozenset(
        ["skjemaversjon", "skar", "nedre", "ovre", "n"]
        + [v.name for v in variables if any(k.isdigit() for k in v.value_labels)]
        + [v.name for v in variables if v.kind == "score"]
        + list(DATE_VARIABLES)
    )


def _cell(value: str, number: bool) -> str | int | float | date:
    """Numbers as numbers where the column holds them, dates as dates; anything that looks like
    a formula stays text (a comment starting with "=" must never run)."""
    if number and value and DATE.fullmatch(value):
        return date.fromisoformat(value)
    if number and value:
        try:
            return int(value) if value.isdigit() else float(value)
        except ValueError:
            return value
    return _as_text(value)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


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
    user-missing (no point on the scale, so never in a mean); dates as dates."""
    import pyreadstat

    frame, codes, written = _frame(variables, rows, progress)
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels={v.name: v.label[:250] for v in variables},
        variable_value_labels=_value_labels(variables, codes),
        missing_ranges={
            v.name: [float(codes[v.name][value]) for value in v.missing]
            for v in variables
            if v.value_labels
        },
        variable_measure={name: "ordinal" for name in codes},
    )
    return written


def write_dta(
    path: Path,
    variables: list[Variable],
    rows: Iterable[list[str]],
    progress: Progress | None = None,
) -> int:
    """Stata (version 15) with the same codes, value labels and dates as SPSS; what SPSS holds
    as user-missing ("Vil ikke svare", "Vet ikke") is one of Stata's extended missing values,
    labelled (`stata_missing`), so a mean leaves it out as SPSS does."""
    import pyreadstat

    frame, codes, written = _frame(variables, rows, progress)
    labels: dict[str, dict[Any, str]] = dict(_value_labels(variables, codes))  # codes, letters
    lettered: dict[str, list[str]] = {}
    for variable in variables:
        letters = stata_missing(variable)
        if not letters or variable.name not in codes:
            continue
        by_code = {float(codes[variable.name][value]): letter for value, letter in letters.items()}
        frame[variable.name] = (
            frame[variable.name]
            .astype("object")
            .map(lambda code, swap=by_code: swap.get(code, code))
        )
        shown = labels[variable.name]
        labels[variable.name] = {by_code.get(float(c), c): text for c, text in shown.items()}
        lettered[variable.name] = sorted(letters.values())
    names = stata_names([v.name for v in variables])
    pyreadstat.write_dta(
        frame.rename(columns=names),
        str(path),
        column_labels={names[v.name]: v.label[:80] for v in variables},
        variable_value_labels={names[name]: shown for name, shown in labels.items()},
        missing_user_values={names[name]: letters for name, letters in lettered.items()},
        version=15,
    )
    return written


def stata_missing(variable: Variable) -> dict[str, str]:
    """The extended missing value Stata gets for each value that is no point on the scale:
    "Vil ikke svare" is `.a` in every variable, the scale's own ("Vet ikke") `.b`, `.c` … in
    the scale's order."""
    own = [value for value in variable.missing if value != declining.CODE]
    letters = {value: chr(ord("b") + position) for position, value in enumerate(own)}
    return ({declining.CODE: "a"} if declining.CODE in variable.missing else {}) | letters


STATA_NAME = 32  # characters Stata allows in a variable's name


def stata_names(names: list[str]) -> dict[str, str]:
    """Each name as Stata takes it: one longer than 32 characters is cut, with a number to keep
    it apart from the others where cutting makes two alike (the codebook's `stata_navn`)."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        short, number = name[:STATA_NAME], 1
        while short in taken:
            number += 1
            short = f"{name[: STATA_NAME - len(str(number))]}{number}"
        found[name] = short
        taken.add(short)
    return found


def _value_labels(
    variables: list[Variable], codes: dict[str, dict[str, int]]
) -> dict[str, dict[float, str]]:
    return {
        v.name: {float(codes[v.name][value]): label for value, label in v.value_labels.items()}
        for v in variables
        if v.value_labels
    }


def _frame(
    variables: list[Variable], rows: Iterable[list[str]], progress: Progress | None
) -> tuple[Any, dict[str, dict[str, int]], int]:
    """The rows as a data frame for pyreadstat: answers as their codes, scores and the version
    as numbers, dates as dates, the rest as text; with the codes and the rows read."""
    import pandas as pd

    codes = {v.name: spss_codes(v) for v in variables if v.value_labels}
    numbers = {v.name for v in variables if v.kind == "score" or v.name in WHOLE_NUMBERS}
    columns: dict[str, list[object]] = {v.name: [] for v in variables}
    names = [v.name for v in variables]
    written = 0
    for row in rows:
        for name, value in zip(names, row, strict=True):
            columns[name].append(_value(name, value, codes.get(name), name in numbers))
        written += 1
        if progress:
            progress(written)
    frame = pd.DataFrame(
        {
            name: pd.Series(
                values, dtype="float64" if name in codes or name in numbers else "object"
            )
            for name, values in columns.items()
        }
    )
    return frame, codes, written


def _value(name: str, value: str, codes: dict[str, int] | None, number: bool) -> object:
    if codes:
        return codes.get(value) if value else None
    if number:
        return float(value) if value else None
    if name in DATE_VARIABLES:
        return date.fromisoformat(value) if value else None
    return value


def write_parquet(
    path: Path,
    variables: list[Variable],
    rows: Iterable[list[str]],
    progress: Progress | None = None,
) -> int:
    """Typed columns (`_parquet_field`; "" becomes null), written in row groups of 10,000."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([_parquet_field(v) for v in variables])
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


def _parquet_field(variable: Variable) -> Any:
    """Scores as numbers, the version as a whole number, dates as dates, the rest as text; the
    label, and an answer's value labels (JSON), in the field's metadata."""
    import pyarrow as pa

    kind = pa.string()
    if variable.kind == "score":
        kind = pa.float64()
    elif variable.name in WHOLE_NUMBERS:
        kind = pa.int32()
    elif variable.name in DATE_VARIABLES:
        kind = pa.date32()
    metadata = {"label": variable.label}
    labels = variable.value_labels or variable.code_list
    if labels:
        metadata["value_labels"] = json.dumps(labels, ensure_ascii=False)
    return pa.field(variable.name, kind, metadata=metadata)


def _typed(value: str, kind: Any) -> str | float | int | date | None:
    import pyarrow as pa

    if not value:
        return None
    if kind == pa.float64():
        return float(value)
    if kind == pa.int32():
        return int(value)
    if kind == pa.date32():
        return date.fromisoformat(value)
    return value


MicrodataFormat = Literal["csv", "xlsx", "sav", "dta", "parquet", "codebook"]


def write_round(
    path: Path,
    file_format: MicrodataFormat,
    catalog: Catalog,
    questionnaire: Questionnaire,
    rows: Iterator[list[str]],
    *,
    k: int,
    shape: Shape = "wide",
    delimiter: str = ",",
    progress: Progress | None = None,
) -> int:
    """A round's microdata (`rows`, from app/results/microdata.py) in one of the formats, or its
    codebook; returns the rows written. The codebook always describes the wide variables, and
    states the rules with `k`, the smallest group shown."""
    columns = variables(catalog, questionnaire, shape)
    book = codebook_rows(variables(catalog, questionnaire, "wide"), questionnaire, k)
    header = [v.name for v in columns]
    if file_format == "codebook":
        return write_csv(path, book) - 1
    if file_format == "csv":
        numeric = numeric_columns(columns)
        return write_csv(path, _with(header, rows), delimiter, progress, numeric=numeric) - 1
    if file_format == "xlsx":
        numeric = numeric_columns(columns)
        return write_xlsx(
            path, _with(header, rows), codebook=book, numeric=numeric, progress=progress
        )
    if file_format == "sav":
        return write_sav(path, columns, rows, progress)
    if file_format == "dta":
        return write_dta(path, columns, rows, progress)
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
