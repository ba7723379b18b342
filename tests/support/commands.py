"""Running the `minstemme` command as a user does: a separate process, from the repository."""

import os
import subprocess
import sys

from app import PROJECT_ROOT

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
