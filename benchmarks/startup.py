"""Start-up benchmark: the CPU a fresh process spends importing the app and making it (what each
uvicorn worker does before it answers), `minstemme --help` and `minstemme check`, beside the
libraries alone (FastAPI with pydantic, SQLAlchemy, Jinja2, uvicorn: the floor no
change to the app goes below). CPU time, not wall time, so a busy machine moves it less; the
median of several runs."""

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from app import PROJECT_ROOT
from benchmarks.report import machine, now, write_section

RUNS = 7
CLI = "from app.cli.main import main"
TIMED = "import resource\nimport sys\n{code}\nu = resource.getrusage(resource.RUSAGE_SELF)\n"
TIMED += "print(u.ru_utime + u.ru_stime, file=sys.stderr)\n"


def cpu_seconds(code: str, env: dict[str, str]) -> float:
    """The median CPU time of a fresh interpreter running `code`."""
    times = []
    for _ in range(RUNS):
        ran = subprocess.run(
            [sys.executable, "-c", TIMED.format(code=code)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        times.append(float(ran.stderr.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="minstemme-start-"))
    env = {
        **os.environ,
        "MINSTEMME_DATABASE_URL": f"sqlite:///{folder / 'start.db'}",
        "MINSTEMME_AUDIO_DIR": str(folder / "audio"),
        "MINSTEMME_BUILT_IMAGES_DIR": str(folder / "images"),
    }
    # A server's processes read the app's bytecode (the image makes it when it is built; a
    # checkout, at its first start): a shell that forbids writing it would time compiling.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    made = "from app.config import get_settings\nfrom app.web.app import create_app\n"
    made += "create_app(get_settings())"
    cpu_seconds(made, env)  # makes the database first
    libraries = cpu_seconds("import fastapi, jinja2, sqlalchemy, uvicorn", env)
    rows = [
        ("the libraries alone (FastAPI, SQLAlchemy, Jinja2, uvicorn)", libraries),
        ("import the app (`app.web.app`)", cpu_seconds("import app.web.app", env)),
        (
            "import and make the app on a current database (a worker's start)",
            cpu_seconds(made, env),
        ),
        (
            "`minstemme --help`",
            cpu_seconds(f"{CLI}\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass", env),
        ),
        (
            "`minstemme check` (the shipped questionnaires)",
            cpu_seconds(f"{CLI}\nmain(['check'])", env),
        ),
    ]
    report = "\n".join(
        [
            f"CPU seconds of a fresh process, median of {RUNS}; run {now()} on {machine()}.",
            "",
            "| what | CPU s | beyond the libraries |",
            "|---|---:|---:|",
            *(f"| {what} | {seconds:.2f} | {seconds - libraries:+.2f} |" for what, seconds in rows),
        ]
    )
    write_section("startup", report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
