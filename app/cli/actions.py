"""`minstemme action add|list|change`: what the municipality will do after a round, followed
up (app/followup/actions.py); the same as on the round's report."""

import argparse
import sys

from app.config import get_settings
from app.followup.actions import (
    STATUSES,
    Action,
    ActionProblem,
    Typed,
    actions_of,
    add_action,
    change_action,
    status_from,
)
from app.rounds.rounds import (
    RoundProblem,
    all_rounds,
    norwegian_date,
    own_questionnaires,
    parse_day,
    require_round,
)
from app.storage.database import connection_to
from app.studio.drafts import served_catalog


def register(group: argparse.ArgumentParser) -> None:
    """The options of `minstemme action` (its parser made by app/cli/main.py)."""
    actions = group.add_subparsers(dest="action", required=True, metavar="handling")
    add = actions.add_parser("add", help="skriv et tiltak for et tema i en runde")
    add.add_argument("round", type=int, help="rundens nummer (se «minstemme round list»)")
    add.add_argument("--theme", required=True, help="temaets id, for eksempel trivsel")
    add.add_argument("--text", required=True, help="hva som skal gjøres")
    add.add_argument("--responsible", required=True, help="hvem som har ansvaret")
    add.add_argument("--due", help="frist, for eksempel 2026-06-30")
    add.add_argument("--question", default="", help="et bestemt spørsmål i temaet (id-en)")
    add.add_argument("--note", default="", help="en merknad")
    listed = actions.add_parser("list", help="vis tiltakene, for én runde eller alle")
    listed.add_argument("round", type=int, nargs="?", help="rundens nummer")
    change = actions.add_parser("change", help="ny status eller merknad for et tiltak")
    change.add_argument("id", type=int, help="tiltakets nummer (se «minstemme action list»)")
    change.add_argument(
        "--status",
        help="ny status: " + ", ".join(f"{code} ({words})" for code, words in STATUSES.items()),
    )
    change.add_argument("--note", help="ny merknad (erstatter den som var)")
    group.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    settings = get_settings()
    try:
        with connection_to(settings) as connection:
            if args.action == "add":
                survey_round = require_round(connection, args.round)
                due = parse_day(args.due, "Fristen") if args.due else None
                typed = Typed(
                    args.theme, args.text, args.responsible, due, args.question, args.note
                )
                catalog = served_catalog(settings, connection)
                asked = list(own_questionnaires(survey_round).values())
                made = add_action(connection, args.round, typed, catalog, asked)
                print(f"Tiltak {made.id} er skrevet: {_line(made)}")
            elif args.action == "change":
                status = status_from(args.status) if args.status is not None else None
                changed = change_action(connection, args.id, status=status, note=args.note)
                print(f"Tiltak {changed.id}: {_line(changed)}")
            else:
                wanted = [args.round] if args.round else [r.id for r in all_rounds(connection)]
                if args.round:
                    require_round(connection, args.round)
                found = actions_of(connection, wanted)
                for action in found:
                    print(f"{action.id}\trunde {action.round_id}\t{_line(action)}")
                if not found:
                    print("Ingen tiltak ennå.")
    except (ActionProblem, RoundProblem) as problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


def _line(action: Action) -> str:
    """«trivsel: Flere turer (ansvar: Enhetsleder bolig, frist 30. juni 2026): planlagt»"""
    about = action.theme + (f"/{action.question_id}" if action.question_id else "")
    due = f", frist {norwegian_date(action.due)}" if action.due else ""
    note = f". {action.note}" if action.note else ""
    return f"{about}: {action.text} (ansvar: {action.responsible}{due}): {action.status_said}{note}"
