"""`minstemme user add|password|remove|list|signout-all`: accounts for analysts and owners,
and their sign-ins."""

import argparse
import getpass
import sys
from collections.abc import Sequence

from app.accounts import (
    ROLE_NAMES,
    AccountProblem,
    add_account,
    all_accounts,
    remove_account,
    set_password,
    sign_ins,
    sign_out_everyone,
)
from app.cli.commands import confirmed
from app.config import Settings, get_settings
from app.logbook import command_line, note
from app.storage.database import connection_to


def register(users: argparse.ArgumentParser) -> None:
    """The options of `minstemme user` (its parser made by app/cli/main.py)."""
    actions = users.add_subparsers(dest="action", required=True, metavar="handling")
    add = actions.add_parser("add", help="lag en bruker (du blir spurt om passord)")
    add.add_argument("username", help="brukernavn, for eksempel kari.nordmann")
    add.add_argument(
        "--role",
        choices=["analyst", "owner"],
        required=True,
        help="analyst: ser resultater; owner: ser resultater og styrer runder",
    )
    add.add_argument(
        "--municipality",
        action="append",
        default=[],
        metavar="NUMMER",
        help="kommunenummer brukeren ser fullt ut (rapporter, mikrodata) og styrer; gjentas",
    )
    add.add_argument(
        "--national",
        action="store_true",
        help="ser alle kommuner fullt ut (nasjonal analytiker eller eier)",
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
    everyone = actions.add_parser(
        "signout-all", help="avslutt alle innlogginger, også utløpte (alle logger inn igjen)"
    )
    everyone.add_argument("--yes", action="store_true", help="ikke spør først (for skript)")
    users.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    settings = get_settings()
    if args.action == "add":
        return add_command(
            settings,
            args.username,
            args.role,
            args.password_stdin,
            municipalities=args.municipality,
            national=args.national,
        )
    if args.action == "password":
        return password_command(settings, args.username, args.password_stdin)
    if args.action == "remove":
        return remove_command(settings, args.username)
    if args.action == "signout-all":
        return sign_out_command(settings, asked=not args.yes)
    return list_command(settings)


def read_password(from_stdin: bool) -> str:
    """The new password: one line on standard input (for scripts), or typed twice."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Nytt passord: ")
    if getpass.getpass("Samme passord igjen: ") != first:
        raise AccountProblem("Passordene var ikke like.")
    return first


def add_command(
    settings: Settings,
    username: str,
    role: str,
    password_stdin: bool,
    *,
    municipalities: Sequence[str] = (),
    national: bool = False,
) -> int:
    try:
        password = read_password(password_stdin)
        with connection_to(settings) as connection:
            add_account(connection, username, password, role, municipalities, national)
    except AccountProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    scope = "alle kommuner" if national else ", ".join(sorted(set(municipalities)))
    print(
        f"Brukeren {username.lower()} ({ROLE_NAMES[role]}, ser {scope}) er laget. "
        "Logg inn på /logg-inn."
    )
    return 0


def password_command(settings: Settings, username: str, password_stdin: bool) -> int:
    try:
        password = read_password(password_stdin)
        with connection_to(settings) as connection:
            set_password(connection, username, password)
    except AccountProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Nytt passord for {username.lower()}. Innlogginger med det gamle er avsluttet.")
    return 0


def remove_command(settings: Settings, username: str) -> int:
    try:
        with connection_to(settings) as connection:
            remove_account(connection, username)
    except AccountProblem as problem:
        print(problem, file=sys.stderr)
        return 1
    print(f"Brukeren {username.lower()} er slettet.")
    return 0


def list_command(settings: Settings) -> int:
    with connection_to(settings) as connection:
        accounts = all_accounts(connection)
    if not accounts:
        print("Ingen brukere ennå. Lag en med: minstemme user add NAVN --role owner --national")
    for username, role, scope in accounts:
        print(f"{username} ({ROLE_NAMES.get(role, role)}; ser {scope})")
    return 0


def sign_out_command(settings: Settings, *, asked: bool = True) -> int:
    """End every sign-in, after saying how many and asking; logged."""
    with connection_to(settings) as connection:
        in_use, expired = sign_ins(connection)
        print(f"Innlogginger: {in_use} i bruk, {expired} utløpt. Alle blir avsluttet.")
        if asked and not confirmed():
            return 1
        ended = sign_out_everyone(connection)
        note(connection, command_line(), f"Avsluttet alle innlogginger ({ended})")
    print(f"Avsluttet {ended} innlogginger. Alle må logge inn igjen.")
    return 0
