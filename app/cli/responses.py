"""`minstemme response delete CODE [--yes]`: one response deleted on request, found by its
resume code (app/survey/erasure.py says when it is made anonymous instead)."""

import argparse
import sys

from app import clock
from app.cli.commands import confirmed
from app.config import get_settings
from app.logbook import command_line, note_round
from app.rounds.rounds import RoundProblem
from app.storage.database import connection_to
from app.survey.erasure import NoSuchResponse, erase, find_response


def register(command: argparse.ArgumentParser) -> None:
    """The options of `minstemme response` (its parser made by app/cli/main.py)."""
    actions = command.add_subparsers(dest="action", required=True, metavar="handling")
    delete = actions.add_parser(
        "delete", help="slett svaret med denne koden (fra «Ta en pause»); spør først"
    )
    delete.add_argument("code", help="koden den som svarte, fikk")
    delete.add_argument("--yes", action="store_true", help="ikke spør først (for skript)")
    command.set_defaults(run=lambda args: delete_command(args.code, asked=not args.yes))


def delete_command(code: str, *, asked: bool = True) -> int:
    settings = get_settings()
    try:
        with connection_to(settings) as connection:
            found = find_response(connection, settings.key, code, clock.today())
            held = found.survey_round
            state = "fullført" if found.finished else "ikke fullført"
            print(
                f"Fant et svar i runde {held.id} ({held.municipality_name} {held.period}), "
                f"skjema {found.questionnaire_id}: {found.answered} spørsmål besvart, {state}."
            )
            print(found.outcome)
            if asked and not confirmed():
                return 1
            erase(connection, found)
            done = "Slettet et svar i" if found.whole else "Gjorde et svar anonymt i"
            note_round(connection, command_line(), held, done)
    except (NoSuchResponse, RoundProblem) as problem:
        print(problem, file=sys.stderr)
        return 1
    print("Svaret er slettet." if found.whole else "Svaret er gjort anonymt.")
    return 0
