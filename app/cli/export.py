"""`minstemme export`: a round's microdata (CSV, XLSX, SPSS, Parquet) or its codebook, or the
theme scores of every municipality and period (with small groups hidden)."""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection

from app.cli.progress import progress
from app.clock import today
from app.config import Settings, get_settings
from app.logbook import command_line, note_round
from app.results.context import ResultsContext
from app.results.dashboard import aggregate_rows
from app.results.files import MicrodataFormat, write_round, write_theme_scores
from app.results.kept import ThemeSumsCache
from app.results.microdata import Shape, response_count, rounds_rows, units_left_out
from app.results.units import named_homes_by_round
from app.rounds.rounds import (
    AUDIENCE_WORDS,
    Audience,
    RoundProblem,
    analysed_rounds,
    questionnaire_for,
    require_round,
)
from app.storage.database import connection_to
from app.storage.tables import Round
from app.studio.drafts import answered_catalog
from app.survey.retention import answers_deleted, check_answers_kept

EXTENSIONS = {
    "csv": "csv",
    "xlsx": "xlsx",
    "sav": "sav",
    "dta": "dta",
    "parquet": "parquet",
    "codebook": "csv",
}


def register(export: argparse.ArgumentParser) -> None:
    """The options of `minstemme export` (its parser made by app/cli/main.py)."""
    export.add_argument("id", type=int, nargs="?", help="rundens nummer (se round list)")
    export.add_argument(
        "--period",
        help="alle kommunenes runder i en periode (for eksempel 2026) i én fil",
    )
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
    if (args.id is None) == (args.period is None):
        print(
            "Skriv rundens nummer (se minstemme round list), --period, eller --aggregate.",
            file=sys.stderr,
        )
        return 2
    return microdata_command(
        settings,
        args.id if args.period is None else args.period,
        audience=args.audience,
        shape=args.shape,
        file_format=args.format,
        delimiter=";" if args.semicolon else ",",
        out=args.out,
    )


def microdata_command(
    settings: Settings,
    round_or_period: int | str,
    *,
    audience: Audience,
    shape: Shape,
    file_format: MicrodataFormat,
    delimiter: str,
    out: Path | None,
) -> int:
    """One round's microdata (`round_or_period` its number), or every municipality's rounds in
    a period (its name) in one file: each row says its municipality, each round's small units
    are left out as in its own file."""
    k = settings.min_group
    try:
        with connection_to(settings) as connection:
            catalog = answered_catalog(settings, connection)
            rounds = _rounds_of(connection, round_or_period)
            asked = {questionnaire_for(r, audience) for r in rounds}
            if len(asked) > 1:
                raise RoundProblem(
                    f"Rundene i {round_or_period} spør ulike skjema ({', '.join(sorted(asked))}): "
                    "skriv dem ut én runde om gangen."
                )
            questionnaire = catalog.questionnaires[asked.pop()]
            kind = "kodebok" if file_format == "codebook" else shape
            name = (
                f"runde-{round_or_period}"
                if isinstance(round_or_period, int)
                else (f"periode-{round_or_period}")
            )
            target = out or Path(f"{name}-{questionnaire.id}-{kind}.{EXTENSIONS[file_format]}")
            total = sum(response_count(connection, r, questionnaire.id) for r in rounds)
            context = ResultsContext(connection, catalog, ThemeSumsCache(catalog, k), k, today())
            named = named_homes_by_round(context, rounds, audience)
            rows = rounds_rows(connection, catalog, rounds, questionnaire, named, shape=shape)
            left_out = " ".join(
                found
                for r in rounds
                if (found := units_left_out(connection, r, questionnaire, named[r.id], k))
            )
            written = write_round(
                target,
                file_format,
                catalog,
                questionnaire,
                rows,
                k=k,
                shape=shape,
                delimiter=delimiter,
                progress=_response_progress(total) if shape == "wide" else None,
            )
            said = f"Skrev mikrodata ({AUDIENCE_WORDS[audience]}) til {target},"
            for each in rounds:
                note_round(connection, command_line(), each, said)
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    if shape == "wide" and file_format != "codebook":
        progress(total, total)
    print(f"Skrev {target}: {written} rader.", file=sys.stderr)
    if left_out and file_format != "codebook":
        print(left_out, file=sys.stderr)
    return 0


def _rounds_of(connection: Connection, round_or_period: int | str) -> list[Round]:
    if isinstance(round_or_period, int):
        survey_round = require_round(connection, round_or_period)
        check_answers_kept(survey_round)
        return [survey_round]
    rounds = [
        r
        for r in analysed_rounds(connection)
        if r.period == round_or_period and not answers_deleted(r)
    ]
    if not rounds:
        raise RoundProblem(f"Det finnes ingen runder i perioden {round_or_period}.")
    return sorted(rounds, key=lambda r: r.municipality_number)


def aggregate_command(
    settings: Settings, *, file_format: Literal["csv", "xlsx"], out: Path | None
) -> int:
    target = out or Path(f"temaskarer.{'xlsx' if file_format == 'xlsx' else 'csv'}")
    with connection_to(settings) as connection:
        catalog = answered_catalog(settings, connection)
        context = ResultsContext(
            connection,
            catalog,
            ThemeSumsCache(catalog, settings.min_group),
            settings.min_group,
            today(),
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
