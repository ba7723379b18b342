"""The `minstemme` command: one parser, with a module per command group beside this one.

Each group module has `register(commands)`, which adds its parser and sets `run`: a function
of the parsed arguments that returns the exit code.
"""

import argparse
import signal
import sys
from collections.abc import Sequence

from app.cli import audio, check, database, demo, export, images, rounds, serve, users

GROUPS = (serve, check, database, audio, images, rounds, users, demo, export)


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
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
