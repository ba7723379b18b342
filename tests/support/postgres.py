"""A throwaway PostgreSQL server for the tests, started from the Debian package's binaries."""

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.browser import free_port


def _run(program: str, *args: str) -> None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run scripts/setup test")
    command = [found[-1], *args]
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root, and CI runs as root
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, capture_output=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a URL for a fresh server on 127.0.0.1; everything is removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="minstemme-pg-"))
    data = str(folder / "data")
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    _run("initdb", "-D", data, "-A", "trust", "-U", "postgres")
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run("pg_ctl", "-D", data, "-o", options, "-w", "-l", str(folder / "log"), "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        _run("pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)
