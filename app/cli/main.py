"""The `minstemme` command: one parser, with a module per command group beside this one.

Each group module has `register(commands)`, which adds its parser and sets `run`: a function
of the parsed arguments that returns the exit code.
"""

import argparse
import signal
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from app.cli import (
    actions,
    audio,
    check,
    database,
    demo,
    export,
    images,
    publish,
    responses,
    rounds,
    serve,
    users,
)
from app.config import Settings
from app.storage.migrating import DatabaseOutdated

GROUPS = (
    serve,
    check,
    publish,
    database,
    audio,
    images,
    rounds,
    actions,
    responses,
    users,
    demo,
    export,
)


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(
        prog="minstemme", description="Min stemme teller: spørreundersøkelse med bilder og tale."
    )
    commands = made.add_subparsers(dest="command", required=True, metavar="kommando")
    for group in GROUPS:
        group.register(commands)
    return made


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and hasattr(signal, "SIGPIPE"):
        # `minstemme round list | head` ends quietly, as command-line tools do.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = parser().parse_args(argv)
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
