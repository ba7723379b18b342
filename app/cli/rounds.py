"""`minstemme round create|list|change|invited|close|poster|results`: rounds on the command line."""

import argparse
import csv
import json
import sys
from pathlib import Path

from app import clock
from app.cli.homes import homes_command
from app.cli.retention import delete_answers_command
from app.cli.summary import summary_command
from app.config import PUBLIC_URL_VARIABLE, Settings, get_settings
from app.logbook import command_line, note_round
from app.results.context import ResultsContext
from app.results.dashboard import AGGREGATE_HEADER, ALL_GROUP, Group, figure_row
from app.results.kept import ThemeSumsCache
from app.results.report import ThemeResult, round_results
from app.results.scoring import HelpFilter
from app.results.sums import Filters
from app.results.suppression import Shown, UnsafeMinimum, checked_minimum
from app.rounds.changing import REOPENED, change_round, reopen_round
from app.rounds.invited import WHOLE_ROUND, participation, set_invited
from app.rounds.links import round_links, staff_code
from app.rounds.posters import poster_html
from app.rounds.rounds import (
    AUDIENCE_WORDS,
    NONE_CHOSEN,
    NOT_ASKED,
    Audience,
    LetterFrom,
    RoundProblem,
    all_rounds,
    audiences_asked,
    check_not_over,
    close_round,
    create_round,
    parse_day,
    questionnaire_for,
    require_round,
    response_counts,
    status,
    units_of,
    unused_codes,
    whole_number,
)
from app.storage.database import connection_to
from app.storage.tables import Round
from app.studio.drafts import answered_catalog, served_catalog
from app.templating import make_templates
from app.words import DEFAULT_LANGUAGE, LANGUAGES

STATUS_TEXT = {"open": "åpen", "not_open_yet": "ikke åpnet", "closed": "avsluttet"}


def register(rounds: argparse.ArgumentParser) -> None:
    """The options of `minstemme round` (its parser made by app/cli/main.py)."""
    actions = rounds.add_subparsers(dest="action", required=True, metavar="handling")
    create = actions.add_parser("create", help="lag en ny runde for en kommune og en periode")
    create.add_argument("--municipality", required=True, help="kommunens navn")
    create.add_argument("--number", required=True, help="kommunenummer, fire sifre")
    create.add_argument("--period", required=True, help="2026 eller 2026-H1")
    create.add_argument("--opens", required=True, help="første dag, for eksempel 2026-03-01")
    create.add_argument("--closes", required=True, help="siste dag, for eksempel 2026-04-30")
    create.add_argument(
        "--unit", action="append", default=[], help="en bolig eller avdeling (kan gjentas)"
    )
    create.add_argument("--codes", type=int, default=0, help="engangskoder til pårørende (0)")
    create.add_argument("--contact-name", default="", help="hvem pårørende kan spørre (i brevene)")
    create.add_argument("--contact", default="", help="kontaktpersonens telefon eller e-post")
    create.add_argument("--sender", default="", help="tjenesten som sender brevene (kommunen)")
    create.add_argument(
        "--service",
        default="",
        help="hva kommunen kaller tjenesten, der skjemaene nevner den (ellers skjemaenes eget "
        "navn: Bo og habilitering)",
    )
    create.add_argument(
        "--resident", default="beboer", help="skjema for beboere (beboer; ingen: spør ikke beboere)"
    )
    create.add_argument(
        "--relative",
        default="parorende",
        help="skjema for pårørende (parorende; ingen: spør ikke pårørende)",
    )
    actions.add_parser("list", help="vis alle runder med lenker og antall svar")
    close = actions.add_parser("close", help="avslutt en runde nå")
    close.add_argument("id", type=int, help="rundens nummer (se round list)")
    reopen = actions.add_parser("reopen", help="åpne igjen en runde som ble avsluttet ved en feil")
    reopen.add_argument("id", type=int, help="rundens nummer (se round list)")
    reopen.add_argument("--closes", required=True, help="ny siste dag, for eksempel 2026-05-31")
    change = actions.add_parser("change", help="gi en runde som går, mer tid, koder eller boliger")
    change.add_argument("id", type=int, help="rundens nummer (se round list)")
    change.add_argument("--closes", default="", help="ny siste dag, for eksempel 2026-05-31")
    change.add_argument("--codes", type=int, default=0, help="så mange engangskoder til (0)")
    change.add_argument(
        "--unit", action="append", default=[], help="en bolig eller avdeling til (kan gjentas)"
    )
    invited = actions.add_parser(
        "invited", help="hvor mange som ble invitert (for svarprosenten i resultatene)"
    )
    invited.add_argument("id", type=int, help="rundens nummer (se round list)")
    invited.add_argument(
        "--residents",
        action="append",
        default=[],
        help="beboere invitert: et tall for hele runden, eller BOLIG=TALL per bolig (kan gjentas)",
    )
    invited.add_argument("--relatives", type=int, help="pårørende invitert")
    homes = actions.add_parser(
        "homes", help="vis eller gi boligene tjeneste og boform (for resultater etter hver)"
    )
    homes.add_argument("id", type=int, help="rundens nummer (se round list)")
    homes.add_argument(
        "--home",
        action="append",
        default=[],
        help="BOLIG=TJENESTE,BOFORM, for eksempel Lia=bolig_med_personale,bofellesskap (kan "
        "gjentas; kan ikke endres etter at runden er avsluttet)",
    )
    deleting = actions.add_parser(
        "delete-answers",
        help="slett svarene i en avsluttet runde; tallene som er talt, står (spør først)",
    )
    deleting.add_argument("id", type=int, help="rundens nummer (se round list)")
    deleting.add_argument("--yes", action="store_true", help="ikke spør først (for skript)")
    results = actions.add_parser(
        "results", help="vis temaskårer for beboere og pårørende (små grupper skjules)"
    )
    results.add_argument("id", type=int, help="rundens nummer (se round list)")
    results.add_argument(
        "--answered",
        choices=["all", "alone", "helped"],
        default="all",
        help="beboernes svar: all (alle), alone (svarte selv), helped (med hjelp)",
    )
    results.add_argument(
        "--without-flagged", action="store_true", help="utelat svar med kvalitetsflagg"
    )
    results.add_argument(
        "--format",
        choices=RESULT_FORMATS,
        default="text",
        help="text (en tabell), csv eller json (for skript: samme kolonner som eksporten av "
        "temaskårer)",
    )
    results.add_argument(
        "--min-group", type=int, help="minste gruppe som vises (MINSTEMME_MIN_GROUP, ellers 5)"
    )
    poster = actions.add_parser("poster", help="lag en side med QR-koder (og brev med koder)")
    _printed(poster, "plakaten og brevene")
    told = actions.add_parser(
        "summary", help="«Dette sa dere»: resultatene for beboerne, lett å lese (til utskrift)"
    )
    _printed(told, "«Dette sa dere» (runden må være ferdig)")
    rounds.set_defaults(run=_run)


def _printed(command: argparse.ArgumentParser, what: str) -> None:
    """A round's page to print: the round, the file and the language it is written in."""
    command.add_argument("id", type=int, help="rundens nummer (se round list)")
    command.add_argument("--out", type=Path, help="filen som skal skrives")
    command.add_argument(
        "--language",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help=f"språket {what} skrives på (nb, nn eller en)",
    )


def _run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.action == "create":
        return create_command(
            settings,
            municipality=args.municipality,
            number=args.number,
            period=args.period,
            opens=args.opens,
            closes=args.closes,
            units=args.unit,
            codes=args.codes,
            letter_from=LetterFrom(args.contact_name, args.contact, args.sender),
            service_name=args.service,
            resident=args.resident,
            relative=args.relative,
        )
    if args.action == "close":
        return close_command(settings, args.id)
    if args.action == "reopen":
        return reopen_command(settings, args.id, args.closes)
    if args.action == "change":
        return change_command(settings, args.id, args.closes, args.codes, args.unit)
    if args.action == "invited":
        return invited_command(settings, args.id, args.residents, args.relatives)
    if args.action == "homes":
        return homes_command(settings, args.id, args.home)
    if args.action == "delete-answers":
        return delete_answers_command(settings, args.id, asked=not args.yes)
    if args.action == "results":
        return results_command(
            settings,
            args.id,
            help_filter=args.answered,
            without_flagged=args.without_flagged,
            min_group=args.min_group,
            shape=args.format,
        )
    if args.action == "poster":
        return poster_command(settings, args.id, args.out, args.language)
    if args.action == "summary":
        return summary_command(settings, args.id, args.out, args.language)
    return list_command(settings)


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
    letter_from: LetterFrom,
    resident: str,
    relative: str,
    service_name: str = "",
) -> int:
    try:
        closes_on = parse_day(closes, "Sluttdatoen")
        check_not_over(closes_on, clock.today())
        with connection_to(settings) as connection:
            survey_round = create_round(
                connection,
                served_catalog(settings, connection),
                municipality_name=municipality,
                municipality_number=number,
                period=period,
                opens_on=parse_day(opens, "Startdatoen"),
                closes_on=closes_on,
                resident_questionnaire=NOT_ASKED if resident == NONE_CHOSEN else resident,
                relative_questionnaire=NOT_ASKED if relative == NONE_CHOSEN else relative,
                units=units,
                relative_codes=codes,
                letter_from=letter_from,
                service_name=service_name,
            )
            note_round(connection, command_line(), survey_round, "Laget")
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
    today = clock.today()
    for survey_round in rounds:
        started, finished = counts.get(survey_round.id, (0, 0))
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
            note_round(connection, command_line(), closed, "Avsluttet")
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Runde {closed.id} er avsluttet: {_describe(closed)}. Lenkene virker ikke lenger.")
    return 0


def reopen_command(settings: Settings, round_id: int, closes: str) -> int:
    try:
        closes_on = parse_day(closes, "Sluttdatoen")
        with connection_to(settings) as connection:
            reopened = reopen_round(connection, round_id, clock.today(), closes_on)
            note_round(connection, command_line(), reopened, "Åpnet igjen")
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Runde {reopened.id} er åpnet igjen: {_describe(reopened)}. {REOPENED}")
    return 0


def change_command(
    settings: Settings, round_id: int, closes: str, codes: int, units: list[str]
) -> int:
    try:
        closes_on = parse_day(closes, "Sluttdatoen") if closes else None
        with connection_to(settings) as connection:
            changed = change_round(
                connection,
                round_id,
                clock.today(),
                closes_on=closes_on,
                more_codes=codes,
                more_units=units,
            )
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Runde {changed.id} er endret: {_describe(changed)}, åpen til {changed.closes_on}.")
    if codes:
        print(f"{codes} nye engangskoder. Skriv dem ut med: minstemme round poster {changed.id}")
    return 0


def invited_command(
    settings: Settings, round_id: int, residents: list[str], relatives: int | None
) -> int:
    try:
        by_home = _invited_counts(residents)
        with connection_to(settings) as connection:
            survey_round = require_round(connection, round_id)
            if by_home:
                set_invited(connection, survey_round, "resident", by_home)
            if relatives is not None:
                set_invited(connection, survey_round, "relative", {WHOLE_ROUND: relatives})
            found = participation(connection, survey_round, settings.min_group)
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    for audience, rows in found.items():
        whole, who = rows[0], AUDIENCE_WORDS[audience].capitalize()
        print(
            f"{who}: {whole.answered} av {whole.invited} har svart"
            + (f" ({whole.share} %)" if whole.share is not None else "")
        )
    return 0


def _invited_counts(given: list[str]) -> dict[str, int]:
    """ "40" for the whole round, "Lia bolig=12" per home."""
    counts: dict[str, int] = {}
    for item in given:
        home, _, number = item.rpartition("=") if "=" in item else (WHOLE_ROUND, "", item)
        count = whole_number(number)
        if count is None:
            raise RoundProblem(
                f"«{item}» er ikke et antall. Skriv et tall (40), eller bolig=tall (Lia bolig=12)."
            )
        counts[home.strip()] = count
    return counts


def _links_go_nowhere(settings: Settings) -> str:
    """What to say when the links and QR codes would point at the default address (no phone
    reaches it), or "" when the address people use is set."""
    if "public_url" in settings.model_fields_set:
        return ""
    return (
        f"{PUBLIC_URL_VARIABLE} er ikke satt: lenkene og QR-kodene peker på "
        f"{settings.public_url}, som ingen mobil eller nettbrett kan åpne. Sett "
        f"{PUBLIC_URL_VARIABLE} til adressen de bruker, for eksempel "
        "https://minstemme.kommune.no."
    )


def poster_command(
    settings: Settings, round_id: int, out: Path | None, language: str = DEFAULT_LANGUAGE
) -> int:
    nowhere = _links_go_nowhere(settings)
    if nowhere:  # a printed letter cannot be mended
        print(f"{nowhere} Plakaten og brevene er ikke skrevet.", file=sys.stderr)
        return 1
    try:
        with connection_to(settings) as connection:
            survey_round = require_round(connection, round_id)
            codes = unused_codes(connection, round_id)
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    in_language = "" if language == DEFAULT_LANGUAGE else f"-{language}"
    target = out or Path(f"runde-{round_id}-{survey_round.municipality_number}{in_language}.html")
    target.write_text(
        poster_html(survey_round, settings.public_url, codes, make_templates(settings), language),
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
    shape: str = "text",
) -> int:
    try:
        k = checked_minimum(min_group or settings.min_group)
    except UnsafeMinimum as unsafe:
        print(unsafe, file=sys.stderr)
        return 1
    try:
        with connection_to(settings) as connection:
            catalog = answered_catalog(settings, connection)
            survey_round = require_round(connection, round_id)
            context = ResultsContext(
                connection,
                catalog,
                ThemeSumsCache(catalog, settings.min_group),
                k,
                clock.today(),
                Filters(help_filter, without_flagged),
            )
            results = round_results(context, survey_round)
    except RoundProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    chosen = {"all": "alle", "alone": "svarte selv", "helped": "svarte med hjelp"}[help_filter]
    if shape != "text":
        rows = _result_rows(survey_round, results)
        if shape == "csv":
            csv.writer(sys.stdout, lineterminator="\n").writerows([AGGREGATE_HEADER, *rows])
        else:
            print(
                json.dumps(
                    _as_json(survey_round, chosen, without_flagged, rows),
                    indent=2,
                    ensure_ascii=False,
                )
            )
        return 0
    print(f"{_describe(survey_round)}")
    print(f"Temaskår 0–100 (95 % konfidensintervall, n). Beboere: {chosen}.")
    header = [
        "Tema",
        "Beboere",
        "Pårørende",
        "Alle kommuner (beboere)",
        "Alle kommuner (pårørende)",
    ]
    rows = [
        [result.name]
        + [
            _figure(figure)
            for figure in (
                result.residents,
                result.relatives,
                result.all_residents,
                result.all_relatives,
            )
        ]
        for result in results
    ]
    for line in _columns([header, *rows]):
        print(line)
    return 0


RESULT_FORMATS = ("text", "csv", "json")
NUMBERS = ("skar", "nedre", "ovre", "n")  # numbers in JSON (null where hidden)


def _result_rows(survey_round: Round, results: list[ThemeResult]) -> list[list[str]]:
    """The round's figures and all municipalities', as rows of the aggregate export."""
    own = Group(survey_round.municipality_number, survey_round.municipality_name)
    rows = []
    for result in results:
        figures: list[tuple[Group, Audience, Shown]] = [
            (own, "resident", result.residents),
            (own, "relative", result.relatives),
            (ALL_GROUP, "resident", result.all_residents),
            (ALL_GROUP, "relative", result.all_relatives),
        ]
        rows += [
            figure_row(survey_round.period, group, audience, result.theme, figure)
            for group, audience, figure in figures
        ]
    return rows


def _as_json(
    survey_round: Round, chosen: str, without_flagged: bool, rows: list[list[str]]
) -> dict[str, object]:
    def typed(name: str, cell: str) -> object:
        if name not in NUMBERS:
            return cell
        return None if cell == "" else (int(cell) if name == "n" else float(cell))

    return {
        "runde": {
            "id": survey_round.id,
            "kommunenummer": survey_round.municipality_number,
            "kommune": survey_round.municipality_name,
            "periode": survey_round.period,
        },
        "beboere": chosen,
        "uten_kvalitetsflagg": without_flagged,
        "figurer": [
            {name: typed(name, cell) for name, cell in zip(AGGREGATE_HEADER, row, strict=True)}
            for row in rows
        ],
    }


def _columns(rows: list[list[str]]) -> list[str]:
    """Rows as a table: each column as wide as its widest cell, two spaces between."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


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
        + " og ".join(
            f"{questionnaire_for(survey_round, a)} for {AUDIENCE_WORDS[a]}"
            for a in audiences_asked(survey_round)
        )
        + (f", {len(units)} boliger" if units else "")
        + (f", tjenesten: «{survey_round.service_name}»" if survey_round.service_name else "")
        + (", engangskoder for pårørende" if survey_round.relative_codes else "")
        + (", demo" if survey_round.demo else "")
    )


def _print_links(survey_round: Round, settings: Settings) -> None:
    nowhere = _links_go_nowhere(settings)
    if nowhere:
        print(nowhere, file=sys.stderr)
    resident, relative = round_links(survey_round, settings.public_url)
    if resident:
        print(f"   beboere:   {resident}")
    if resident and not survey_round.demo:
        print(
            f"   personalets kode (starter et nettbrett): {staff_code(settings.key, survey_round)}"
        )
    if relative:
        print(f"   pårørende: {relative}")
