"""The `minstemme` command: one parser, with a module per command group beside this one.

Each group module has `register(command)`, which adds the group's options to its parser and
sets `run`: a function of the parsed arguments that returns the exit code. A group's module is
imported only when that command is run, so `minstemme --help` answers at once.
"""

import argparse
import signal
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Any

# Each command: what it does, and the module that adds its options and runs it.
GROUPS: dict[str, tuple[str, str]] = {
    "serve": ("start nettstedet", "app.cli.serve"),
    "check": ("sjekk spørreskjemaene i questions/", "app.cli.check"),
    "publish": (
        "publiser utkastet i questions/ og illustrations/ til dem som svarer",
        "app.cli.publish",
    ),
    "db": (
        "oppgrader databasen, vis hvor den står, ta sikkerhetskopi eller hent en tilbake",
        "app.cli.database",
    ),
    "audio": ("lag eller sjekk opplesingen", "app.cli.audio"),
    "images": ("lag trygge, mindre kopier av bildene", "app.cli.images"),
    "round": ("lag, vis og avslutt runder", "app.cli.rounds"),
    "action": ("tiltak etter en runde, og hvordan det går", "app.cli.actions"),
    "response": ("slett ett svar når den som svarte, ber om det", "app.cli.responses"),
    "user": ("brukere som kan se resultatene", "app.cli.users"),
    "demo": ("fyll databasen med oppdiktede svar", "app.cli.demo"),
    "export": ("skriv ut svarene i en runde, kodeboken, eller temaskårene", "app.cli.export"),
    "figures": ("tall fra andre installasjoner til sammenligningen med landet", "app.cli.figures"),
}
DESCRIPTION = "Min stemme teller: spørreundersøkelse med bilder og tale."


def parser() -> argparse.ArgumentParser:
    """Every command with every option (what the docs are checked against)."""
    made = argparse.ArgumentParser(prog="minstemme", description=DESCRIPTION)
    commands = made.add_subparsers(dest="command", required=True, metavar="kommando")
    for name, (said, module) in GROUPS.items():
        import_module(module).register(commands.add_parser(name, help=said, description=said))
    return made


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and hasattr(signal, "SIGPIPE"):
        # `minstemme round list | head` ends quietly, as command-line tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    top = argparse.ArgumentParser(prog="minstemme", description=DESCRIPTION)
    commands = top.add_subparsers(dest="command", required=True, metavar="kommando")
    for name, (said, _) in GROUPS.items():
        commands.add_parser(name, help=said, add_help=False)
    chosen, rest = top.parse_known_args(sys.argv[1:] if argv is None else list(argv))
    said, module = GROUPS[chosen.command]
    group = argparse.ArgumentParser(prog=f"minstemme {chosen.command}", description=said)
    import_module(module).register(group)
    args = group.parse_args(rest)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from app.config import Settings
    from app.storage.migrating import DatabaseOutdated

    try:
        code: int = args.run(args)
    except DatabaseOutdated as outdated:  # one line: which command brings it on
        print(outdated, file=sys.stderr)
        return 1
    except ValidationError as refused:
        if refused.title != Settings.__name__:
            raise
        for detail in refused.errors():
            print(settings_problem(detail), file=sys.stderr)
        return 1
    return code


def settings_problem(detail: Any) -> str:
    """A setting from the environment (or .env) that cannot be used, said for the person
    who set it."""
    name = f"MINSTEMME_{str(detail['loc'][0]).upper()}"
    ctx = detail.get("ctx", {})
    kinds = {
        "greater_than_equal": f"den må være minst {ctx.get('ge')}",
        "less_than_equal": f"den må være høyst {ctx.get('le')}",
        "int_parsing": "den må være et helt tall",
        "float_parsing": "den må være et tall",
        "bool_parsing": "skriv true eller false",
        "literal_error": f"skriv en av: {ctx.get('expected')}",
    }
    said = kinds.get(detail["type"], "verdien kan ikke brukes")
    return f"Innstillingen {name}={detail.get('input')} kan ikke brukes: {said}."


if __name__ == "__main__":
    sys.exit(main())
