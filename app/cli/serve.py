"""`minstemme serve`: check the questionnaires and the database, then serve the site."""

import argparse
import os
import sys

from app.cli.check import check_command
from app.config import PUBLIC_URL_VARIABLE, get_settings


def register(command: argparse.ArgumentParser) -> None:
    """The options of `minstemme serve` (its parser made by app/cli/main.py)."""
    command.add_argument("--host", default="127.0.0.1", help="adresse å lytte på (127.0.0.1)")
    command.add_argument("--port", type=int, default=8000, help="port (8000)")
    command.add_argument("--workers", type=int, default=1, help="antall prosesser (1)")
    command.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    return serve_command(args.host, args.port, args.workers)


def serve_command(host: str, port: int, workers: int) -> int:
    if check_command(brief=True) != 0:
        return 1
    import uvicorn

    from app.storage.database import make_engine
    from app.storage.migrating import DatabaseOutdated

    try:
        make_engine(get_settings()).dispose()
    except DatabaseOutdated as outdated:
        print(outdated, file=sys.stderr)
        return 1

    if "public_url" not in get_settings().model_fields_set:
        # Links and QR codes follow --port; set by hand they stay as set. The variable also
        # reaches the processes of --workers.
        os.environ[PUBLIC_URL_VARIABLE] = served_at(host, port)
        get_settings.cache_clear()
    print(
        f"Lenker og QR-koder peker på {get_settings().public_url} "
        f"(sett {PUBLIC_URL_VARIABLE} til adressen nettbrett og mobiler bruker).",
        flush=True,
    )
    from app.logs import log_config

    proxies = get_settings().proxies
    # No access log: it would write respondents' IP addresses to disk. A forwarded address is
    # believed only from the proxies named (app/config.py says why).
    uvicorn.run(
        "app.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        timeout_worker_healthcheck=get_settings().worker_start_seconds,
        access_log=False,
        log_config=log_config(get_settings().log_format),
        server_header=False,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
    )
    return 0


def served_at(host: str, port: int) -> str:
    """The address the site answers at on this machine; 0.0.0.0 listens everywhere, so the
    machine's own address stands for it (other devices need MINSTEMME_PUBLIC_URL)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"
