"""`minstemme round create|list|close|poster|results`: survey rounds from the command line."""

import sys
from datetime import date
from pathlib import Path

from app.aggregates import Filters
from app.analysis import ThemeSumsCache
from app.catalog import load_catalog
from app.config import Settings
from app.db import connection_to
from app.models import Round
from app.posters import poster_html, round_links
from app.results import round_results
from app.rounds import (
    RoundProblem,
    all_rounds,
    close_round,
    create_round,
    parse_day,
    require_round,
    response_counts,
    status,
    units_of,
    unused_codes,
)
from app.scoring import HelpFilter
from app.suppression import Shown, UnsafeMinimum, checked_minimum

STATUS_TEXT = {"open": "åpen", "not_open_yet": "ikke åpnet", "closed": "avsluttet"}


def create_command(
    settings: Settings,
    *,
    municipality: str,
    number: str,
    period: str,
    opens: str,
    closes: str,
    units: list[str],
    codes: int,
    resident: str,
    relative: str,
) -> int:
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    try:
        with connection_to(settings) as connection:
            survey_round = create_round(
                connection,
                catalog,
                municipality_name=municipality,
                municipality_number=number,
                period=period,
                opens_on=parse_day(opens, "Startdatoen"),
                closes_on=parse_day(closes, "Sluttdatoen"),
                resident_questionnaire=resident,
                relative_questionnaire=relative,
                units=units,
                relative_codes=codes,
            )
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Runde {survey_round.id} laget: {_describe(survey_round)}")
    _print_links(survey_round, settings)
    if codes:
        print(
            f"{codes} engangskoder for pårørende. Skriv dem ut med: minstemme round poster "
            f"{survey_round.id}"
        )
    return 0


def list_command(settings: Settings) -> int:
    with connection_to(settings) as connection:
        rounds = all_rounds(connection)
        counts = response_counts(connection)
    if not rounds:
        print("Ingen runder ennå. Lag en med: minstemme round create --help")
        return 0
    today = date.today()
    for survey_round in rounds:
        started, finished = counts.get(survey_round.id or 0, (0, 0))
        state = STATUS_TEXT[status(survey_round, today)]
        print(
            f"{survey_round.id}: {_describe(survey_round)} [{state}]"
            f" – {started} svar startet, {finished} fullført"
        )
        _print_links(survey_round, settings)
    return 0


def close_command(settings: Settings, round_id: int) -> int:
    try:
        with connection_to(settings) as connection:
            closed = close_round(connection, round_id)
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Runde {closed.id} er avsluttet: {_describe(closed)}. Lenkene virker ikke lenger.")
    return 0


def poster_command(settings: Settings, round_id: int, out: Path | None) -> int:
    try:
        with connection_to(settings) as connection:
            survey_round = require_round(connection, round_id)
            codes = unused_codes(connection, round_id)
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    target = out or Path(f"runde-{round_id}-{survey_round.municipality_number}.html")
    target.write_text(
        poster_html(survey_round, settings.public_url, codes, settings.templates_dir),
        encoding="utf-8",
    )
    letters = f" og {len(codes)} brev med engangskoder" if codes else ""
    print(f"Skrev {target}: plakat med QR-koder{letters}. Åpne den i en nettleser og skriv ut.")
    return 0


def results_command(
    settings: Settings,
    round_id: int,
    *,
    help_filter: HelpFilter,
    without_flagged: bool,
    min_group: int | None,
) -> int:
    try:
        k = checked_minimum(min_group or settings.min_group)
    except UnsafeMinimum as unsafe:
        print(unsafe, file=sys.stderr)
        return 1
    catalog = load_catalog(settings.questions_dir, settings.illustrations_dir)
    try:
        with connection_to(settings) as connection:
            survey_round = require_round(connection, round_id)
            results = round_results(
                connection,
                catalog,
                ThemeSumsCache(catalog),
                survey_round,
                Filters(help_filter, without_flagged),
                k,
                date.today(),
            )
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    chosen = {"all": "alle", "alone": "svarte selv", "helped": "svarte med hjelp"}[help_filter]
    print(f"{_describe(survey_round)}")
    print(f"Temaskår 0–100 (95 % konfidensintervall, n). Beboere: {chosen}.")
    print(f"{'Tema':<24}{'Beboere':<28}{'Pårørende':<28}Alle kommuner (beboere)")
    for result in results:
        print(
            f"{result.name:<24}{_figure(result.residents):<28}{_figure(result.relatives):<28}"
            f"{_figure(result.all_residents)}"
        )
    return 0


def _figure(figure: Shown) -> str:
    score = figure.score
    if score is None:
        return f"({figure.hidden_because})"
    interval = f" ({score.low}–{score.high})" if score.low is not None else ""
    return f"{score.mean}{interval}, n={score.n}"


def _describe(survey_round: Round) -> str:
    units = units_of(survey_round)
    return (
        f"{survey_round.municipality_name} ({survey_round.municipality_number}) "
        f"{survey_round.period}, {survey_round.opens_on}–{survey_round.closes_on}, "
        f"{survey_round.resident_questionnaire} v{survey_round.resident_version} og "
        f"{survey_round.relative_questionnaire} v{survey_round.relative_version}"
        + (f", {len(units)} boliger" if units else "")
        + (", engangskoder for pårørende" if survey_round.relative_codes else "")
        + (", demo" if survey_round.demo else "")
    )


def _print_links(survey_round: Round, settings: Settings) -> None:
    resident, relative = round_links(survey_round, settings.public_url)
    print(f"   beboere:   {resident}")
    print(f"   pårørende: {relative}")
