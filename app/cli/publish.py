"""`minstemme publish [QUESTIONNAIRE]`: the owners' drafts (questions/, illustrations/) reach
respondents, if they pass `check`; a running server takes them into use within seconds."""

import argparse
import sys
from argparse import Namespace

from sqlalchemy.exc import SQLAlchemyError

from app.config import get_settings
from app.logbook import command_line
from app.storage.database import make_engine
from app.storage.migrating import DatabaseOutdated
from app.studio.drafts import publish


def register(command: argparse.ArgumentParser) -> None:
    """The options of `minstemme publish` (its parser made by app/cli/main.py)."""
    command.add_argument(
        "questionnaire",
        nargs="?",
        help="bare dette skjemaet (id-en, for eksempel beboer), med bildene det viser",
    )
    command.set_defaults(run=publish_command)


def publish_command(args: Namespace) -> int:
    settings = get_settings()
    try:
        engine = make_engine(settings)
    except (DatabaseOutdated, SQLAlchemyError) as unusable:
        print(f"Kan ikke publisere: {unusable}", file=sys.stderr)
        return 1
    try:
        outcome = publish(settings, engine, by_whom=command_line(), only=args.questionnaire)
    finally:
        engine.dispose()
    for found in outcome.problems:
        print(found, file=sys.stderr)
    print(outcome.said, file=sys.stderr if outcome.problems else sys.stdout)
    return 1 if outcome.problems else 0
