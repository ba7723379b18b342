"""Running the `minstemme` command as a user does: a separate process, from the repository."""

import os
import subprocess
import sys
import time
import urllib.request

from app import PROJECT_ROOT
from app.config import Settings

MINSTEMME = [sys.executable, "-m", "app"]


def run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        timeout=120,
    )


def health_once_up(port: int, server: "subprocess.Popen[str]", seconds: float = 150) -> str:
    """What /healthz of a server started as a process says once it answers ("" if it never
    did, or the process ended first): waits on the answer, looking every 0.3 s."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as reply:
                answered: str = reply.read().decode()
                return answered
        except OSError:
            time.sleep(0.3)
    return ""


def imported_by(code: str) -> tuple[set[str], str]:
    """The top-level packages a fresh Python process has imported once it has run `code` (from
    the repository), and what it printed."""
    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            f"{code}\nimport sys\nprint(' '.join({{n.split('.')[0] for n in sys.modules}}))",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    *printed, last = ran.stdout.strip().splitlines()
    return set(last.split()), "\n".join(printed)


def imported_when_started(settings: Settings) -> set[str]:
    """The top-level packages a fresh process has imported once it has made the app (a
    worker's start) on the database, audio and pictures of `settings`."""
    imported, _ = imported_by(
        "from app.config import Settings\n"
        "from app.web.app import create_app\n"
        f"create_app(Settings(database_url={settings.database_url!r}, "
        f"audio_dir={str(settings.audio_dir)!r}, "
        f"built_images_dir={str(settings.built_images_dir)!r}))"
    )
    return imported
