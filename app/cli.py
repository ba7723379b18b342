"""The `minstemme` command: serve the survey and check questionnaires."""

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from app.catalog import check_catalog
from app.config import get_settings


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and hasattr(signal, "SIGPIPE"):
        # `minstemme round list | head` ends quietly, as command-line tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = argparse.ArgumentParser(
        prog="minstemme", description="Min stemme teller: spørreundersøkelse med bilder og tale."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="kommando")

    serve = commands.add_parser("serve", help="start nettstedet")
    serve.add_argument("--host", default="127.0.0.1", help="adresse å lytte på (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")
    serve.add_argument("--workers", type=int, default=1, help="antall prosesser (1)")

    commands.add_parser("check", help="sjekk spørreskjemaene i questions/")

    audio = commands.add_parser("audio", help="lag eller sjekk opplesingen")
    audio.add_argument(
        "action", choices=["build", "check"], help="build: lag lyd, check: vis hva som mangler"
    )

    images = commands.add_parser("images", help="lag trygge, mindre kopier av bildene")
    images.add_argument(
        "action",
        choices=["build", "compose"],
        help="build: lag WebP-kopier uten metadata; "
        "compose: sett SVG-tegninger side om side i ett bilde",
    )
    images.add_argument("files", nargs="*", help="compose: ny fil, så tegningene den skal ha")

    _round_commands(commands)
    _user_commands(commands)
    demo = commands.add_parser("demo", help="fyll databasen med oppdiktede svar")
    demo.add_argument("--municipalities", type=int, default=6, help="antall kommuner (6)")
    demo.add_argument("--periods", type=int, default=4, help="antall år, til og med i år (4)")
    demo.add_argument("--residents", type=int, default=40, help="beboere per kommune og år (40)")
    demo.add_argument("--seed", type=int, default=2026, help="startverdi for tilfeldighetene")

    _export_command(commands)

    args = parser.parse_args(argv)
    if args.command == "export":
        return _export(args)
    if args.command == "demo":
        from app.cli_demo import demo_command
        from app.demo import DemoPlan

        plan = DemoPlan(args.municipalities, args.periods, args.residents, seed=args.seed)
        return demo_command(get_settings(), plan)
    if args.command == "round":
        return _round_command(args)
    if args.command == "user":
        return _user_command(args)
    if args.command == "serve":
        return serve_command(args.host, args.port, args.workers)
    if args.command == "audio":
        from app import cli_audio

        settings = get_settings()
        if args.action == "build":
            return cli_audio.build_command(settings)
        return cli_audio.check_command(settings)
    if args.command == "images":
        from app import cli_images

        if args.action == "compose":
            return cli_images.compose_command(args.files)
        return cli_images.build_command()
    return check_command()


def _round_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    rounds = commands.add_parser("round", help="lag, vis og avslutt runder")
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
    create.add_argument("--resident", default="beboer", help="skjema for beboere (beboer)")
    create.add_argument("--relative", default="parorende", help="skjema for pårørende (parorende)")
    actions.add_parser("list", help="vis alle runder med lenker og antall svar")
    close = actions.add_parser("close", help="avslutt en runde nå")
    close.add_argument("id", type=int, help="rundens nummer (se round list)")
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
        "--min-group", type=int, help="minste gruppe som vises (MINSTEMME_MIN_GROUP, ellers 5)"
    )
    poster = actions.add_parser("poster", help="lag en side med QR-koder (og brev med koder)")
    poster.add_argument("id", type=int, help="rundens nummer (se round list)")
    poster.add_argument("--out", type=Path, help="filen som skal skrives")


def _export_command(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
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
        choices=["csv", "xlsx", "sav", "parquet", "codebook"],
        default="csv",
        help="filtype; codebook: variablene med spørsmål, tema og verdier",
    )
    export.add_argument(
        "--semicolon", action="store_true", help="semikolon som skilletegn i CSV (norsk Excel)"
    )
    export.add_argument("--out", type=Path, help="filen som skal skrives")


def _export(args: argparse.Namespace) -> int:
    from app import cli_export

    settings = get_settings()
    if args.aggregate:
        return cli_export.aggregate_command(settings, file_format=args.format, out=args.out)
    if args.id is None:
        print("Skriv rundens nummer (se minstemme round list), eller --aggregate.", file=sys.stderr)
        return 2
    return cli_export.microdata_command(
        settings,
        args.id,
        audience=args.audience,
        shape=args.shape,
        file_format=args.format,
        delimiter=";" if args.semicolon else ",",
        out=args.out,
    )


def _user_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    users = commands.add_parser("user", help="brukere som kan se resultatene")
    actions = users.add_subparsers(dest="action", required=True, metavar="handling")
    add = actions.add_parser("add", help="lag en bruker (du blir spurt om passord)")
    add.add_argument("username", help="brukernavn, for eksempel kari.nordmann")
    add.add_argument(
        "--role",
        choices=["analyst", "owner"],
        required=True,
        help="analyst: ser resultater; owner: ser resultater og styrer runder",
    )
    password = actions.add_parser("password", help="gi en bruker nytt passord")
    password.add_argument("username")
    for action in (add, password):
        action.add_argument(
            "--password-stdin", action="store_true", help="les passordet fra standard inn"
        )
    remove = actions.add_parser("remove", help="slett en bruker")
    remove.add_argument("username")
    actions.add_parser("list", help="vis brukerne")


def _user_command(args: argparse.Namespace) -> int:
    from app import cli_users

    settings = get_settings()
    if args.action == "add":
        return cli_users.add_command(settings, args.username, args.role, args.password_stdin)
    if args.action == "password":
        return cli_users.password_command(settings, args.username, args.password_stdin)
    if args.action == "remove":
        return cli_users.remove_command(settings, args.username)
    return cli_users.list_command(settings)


def _round_command(args: argparse.Namespace) -> int:
    from app import cli_rounds

    settings = get_settings()
    if args.action == "create":
        return cli_rounds.create_command(
            settings,
            municipality=args.municipality,
            number=args.number,
            period=args.period,
            opens=args.opens,
            closes=args.closes,
            units=args.unit,
            codes=args.codes,
            resident=args.resident,
            relative=args.relative,
        )
    if args.action == "close":
        return cli_rounds.close_command(settings, args.id)
    if args.action == "results":
        return cli_rounds.results_command(
            settings,
            args.id,
            help_filter=args.answered,
            without_flagged=args.without_flagged,
            min_group=args.min_group,
        )
    if args.action == "poster":
        return cli_rounds.poster_command(settings, args.id, args.out)
    return cli_rounds.list_command(settings)


def check_command() -> int:
    settings = get_settings()
    result = check_catalog(settings.questions_dir, settings.illustrations_dir)
    for warning in result.warnings:
        print(warning)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems:
        count = len(result.problems)
        print(f"{count} feil funnet. Rett dem og kjør «minstemme check» igjen.", file=sys.stderr)
        return 1
    assert result.catalog is not None
    for questionnaire in result.catalog.questionnaires.values():
        print(
            f"OK: {questionnaire.id} (versjon {questionnaire.version}): "
            f"{len(questionnaire.pages)} sider, {len(questionnaire.questions)} spørsmål"
        )
    return 0


def serve_command(host: str, port: int, workers: int) -> int:
    if check_command() != 0:
        return 1
    import uvicorn

    from app.db import DatabaseOutdated, make_engine

    try:
        make_engine(get_settings()).dispose()
    except DatabaseOutdated as outdated:
        print(outdated, file=sys.stderr)
        return 1

    # No access log: it would write respondents' IP addresses to disk.
    uvicorn.run(
        "app.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        server_header=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
