"""`minstemme export`: a round's microdata (CSV, XLSX, SPSS, Parquet) or its codebook, or the
theme scores of every municipality and period (with small groups hidden)."""

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Literal

from app.cli.commands import Commands
from app.cli.progress import progress
from app.config import Settings, get_settings
from app.questionnaires.catalog import load_catalog
from app.results.context import ResultsContext
from app.results.dashboard import aggregate_rows
from app.results.files import MicrodataFormat, write_round, write_theme_scores
from app.results.kept import ThemeSumsCache
from app.results.microdata import Shape, microdata_rows, response_count, units_left_out
from app.rounds.rounds import Audience, RoundProblem, questionnaire_for, require_round
from app.storage.database import connection_to

EXTENSIONS = {
    "csv": "csv",
    "xlsx": "xlsx",
    "sav": "sav",
    "dta": "dta",
    "parquet": "parquet",
    "codebook": "csv",
}


def register(commands: Commands) -> None:
    export = commands.add_parser(
        "export", help="skriv ut svarene i en runde, kodeboken, eller temaskårene"
    )
    export.add_argument("id", type=int, nargs="?", help="rundens nummer (se round list)")
    export.add_argument(
        "--aggregate",
        action="store_true",
        help="temaskårer for alle kommuner og perioder (små grupper skjult) i stedet",
    )
    export.add_argument("--audience", choices=["resident", "relative"], default="resident")
    export.add_argument(
        "--shape",
        choices=["wide", "long"],
        default="wide",
        help="wide: en rad per svar; long: en rad per spørsmål",
    )
    export.add_argument(
        "--format",
        choices=["csv", "xlsx", "sav", "dta", "parquet", "codebook"],
        default="csv",
        help="filtype; codebook: variablene med spørsmål, tema og verdier",
    )
    export.add_argument(
        "--semicolon", action="store_true", help="semikolon som skilletegn i CSV (norsk Excel)"
    )
    export.add_argument("--out", type=Path, help="filen som skal skrives")
    export.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.aggregate:
        return aggregate_command(settings, file_format=args.format, out=args.out)
    if args.id is None:
        print("Skriv rundens nummer (se minstemme round list), eller --aggregate.", file=sys.stderr)
        return 2
    return microdata_command(
        settings,
        args.id,
        audience=args.audience,
        shape=args.shape,
        file_format=args.format,
        delimiter=";" if args.semicolon else ",",
        out=args.out,
    )


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
            rows = microdata_rows(
                connection, catalog, survey_round, questionnaire, settings.min_group, shape=shape
            )
            left_out = units_left_out(connection, survey_round, questionnaire, settings.min_group)
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
    if left_out and file_format != "codebook":
        print(left_out, file=sys.stderr)
    return 0


def aggregate_command(
    settings: Settings, *, file_format: Literal["csv", "xlsx"], out: Path | None
) -> int:
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    target = out or Path(f"temaskarer.{'xlsx' if file_format == 'xlsx' else 'csv'}")
    with connection_to(settings) as connection:
        context = ResultsContext(
            connection,
            catalog,
            ThemeSumsCache(catalog, settings.min_group),
            settings.min_group,
            date.today(),
        )
        rows = aggregate_rows(context)
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
