"""`minstemme serve`: check the questionnaires and the database, then serve the site."""

import argparse
import sys

from app.cli.check import check_command
from app.cli.commands import Commands
from app.config import get_settings


def register(commands: Commands) -> None:
    command = commands.add_parser("serve", help="start nettstedet")
    command.add_argument("--host", default="127.0.0.1", help="adresse å lytte på (127.0.0.1)")
    command.add_argument("--port", type=int, default=8000, help="port (8000)")
    command.add_argument("--workers", type=int, default=1, help="antall prosesser (1)")
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    return serve_command(args.host, args.port, args.workers)


def serve_command(host: str, port: int, workers: int) -> int:
    if check_command() != 0:
        return 1
    import uvicorn

    from app.storage.database import make_engine
    from app.storage.migrating import DatabaseOutdated

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
