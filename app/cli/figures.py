"""`minstemme figures import|list|remove`: other installations' published figures for the
national comparison («Landet», app/results/national.py)."""

import argparse
import sys
import urllib.request
from pathlib import Path

from app.cli.commands import confirmed
from app.clock import day_of
from app.config import get_settings
from app.results.imported import remove_source, sources, store_imported
from app.results.published import FiguresRefused, read_published
from app.rounds.rounds import norwegian_date
from app.storage.database import connection_to
from app.storage.tables import utcnow
from app.studio.drafts import served_catalog

LONGEST = 20_000_000  # bytes of a published file: a national one is about 2 MB


def register(group: argparse.ArgumentParser) -> None:
    """The options of `minstemme figures` (its parser made by app/cli/main.py)."""
    figures = group.add_subparsers(dest="figures", required=True, metavar="handling")
    taken = figures.add_parser(
        "import", help="hent tallene en annen installasjon publiserer (adresse eller fil)"
    )
    taken.add_argument("source", help="for eksempel https://minstemme.kommune.no/tall.json")
    figures.add_parser("list", help="vis hvor importerte tall kommer fra")
    removed = figures.add_parser("remove", help="fjern tallene fra ett sted")
    removed.add_argument("source", help="adressen eller fila, slik «list» viser den")
    removed.add_argument("--yes", action="store_true", help="ikke spør først")
    group.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    settings = get_settings()
    with connection_to(settings) as connection:
        if args.figures == "list":
            found = sources(connection)
            if not found:
                print("Ingen importerte tall.")
            for source in found:
                fetched = norwegian_date(day_of(source.fetched_at))
                print(f"{source.source}: {source.figures} tall, hentet {fetched}")
            return 0
        if args.figures == "remove":
            if not args.yes and not confirmed(f"Skriv ja for å fjerne tallene fra {args.source}: "):
                return 1
            print(f"Fjernet {remove_source(connection, args.source)} tall fra {args.source}.")
            return 0
        try:
            text = _fetched(args.source)
            catalog = served_catalog(settings, connection)
            figures = read_published(text, settings.min_group, catalog.themes)
        except (OSError, FiguresRefused) as refused:
            print(f"Tok ikke inn tallene fra {args.source}: {refused}", file=sys.stderr)
            return 1
        stored = store_imported(connection, args.source, figures, utcnow())
    places = len({f.municipality_number for f in figures})
    print(f"Tok inn {stored} tall for {places} kommuner fra {args.source}.")
    return 0


def _fetched(source: str) -> str:
    """The file at an address (http or https) or on disk, as text."""
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as answer:
            data: bytes = answer.read(LONGEST + 1)
    else:
        data = Path(source).read_bytes()[: LONGEST + 1]
    if len(data) > LONGEST:
        raise FiguresRefused("Fila er større enn en publisert fil kan være.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FiguresRefused("Fila er ikke tekst (UTF-8).") from error
