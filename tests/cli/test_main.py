"""The `minstemme` command and the README's commands, run as a user runs them."""

import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from app import PROJECT_ROOT
from app.cli.serve import serve_command, served_at
from app.config import get_settings
from tests.support.browser import free_port
from tests.support.commands import MINSTEMME, health_once_up, imported_by, run
from tests.support.entering import round_links


def test_check_accepts_the_shipped_questionnaires() -> None:
    result = run([*MINSTEMME, "check"])
    assert result.returncode == 0, result.stderr
    assert "OK: beboer (versjon 3): 61 sider, 52 spørsmål" in result.stdout
    assert "OK: parorende (versjon 2): 45 sider, 34 spørsmål" in result.stdout
    for language in ("bokmål", "nynorsk"):
        assert re.search(
            rf"Lettlest beboer, {language}: \d+ ord, lengste setning \d+ ord, LIX \d+ \(",
            result.stdout,
        )


def test_check_reports_file_and_line_and_fails(tmp_path: Path) -> None:
    questions = tmp_path / "questions"
    questions.mkdir()
    for shared in ("themes.yaml", "scales.yaml", "parorende.yaml"):
        (questions / shared).write_text((PROJECT_ROOT / "questions" / shared).read_text())
    broken = (PROJECT_ROOT / "questions" / "beboer.yaml").read_text()
    broken = broken.replace("theme: trivsel", "theme: glede", 1)
    (questions / "beboer.yaml").write_text(broken)
    line = broken.splitlines().index("    theme: glede") + 1
    result = run([*MINSTEMME, "check"], MINSTEMME_QUESTIONS_DIR=str(questions))
    assert result.returncode == 1
    assert f"beboer.yaml:{line}: ukjent tema «glede». Skriv ett av:" in result.stderr
    assert "1 feil funnet" in result.stderr


def test_readme_run_command_serves_the_survey(tmp_path: Path) -> None:
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "MINSTEMME_PUBLIC_URL"}
    server = subprocess.Popen(
        [str(PROJECT_ROOT / "scripts" / "run"), "--port", str(port)],
        cwd=PROJECT_ROOT,
        env={**environment, "MINSTEMME_DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    site = f"http://127.0.0.1:{port}"
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    try:
        front = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with browser.open(site) as reply:
                    front = reply.read().decode()
                break
            except OSError:
                time.sleep(0.3)
        assert "Prøv som beboer" in front, server.stdout.read() if server.stdout else ""
        # The demo round: a tablet is started in it, and the survey begins.
        resident, relative = round_links(front)
        with browser.open(f"{site}{resident}", data=b"enhet=0") as reply:
            assert "side 1 av 61" in reply.read().decode()
        with browser.open(f"{site}{relative}") as reply:
            title = "Pårørende\u00adundersøkelse"  # with its soft hyphen
            assert f'<h1 id="heading" tabindex="-1">{title}</h1>' in reply.read().decode()
        assert (tmp_path / "run.db").exists()
    finally:
        server.terminate()
        said, _ = server.communicate(timeout=20)
    # Round links and QR codes follow --port (they pointed at port 8000 whatever the port).
    assert f"Lenker og QR-koder peker på {site} (sett MINSTEMME_PUBLIC_URL" in said
    # The operator's log: no plain-language advice (about 30 lines at every start), one line
    # saying the questionnaires are fine and where the advice is.
    assert "advarsel:" not in said and "Lettlest" not in said, said
    # uvicorn's lines too carry a time and a level (MINSTEMME_LOG_FORMAT, plain).
    assert re.search(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INFO uvicorn.error: Uvicorn running", said, re.M
    )
    assert re.search(r"Skjemaene er i orden \(beboer versjon \d+, parorende versjon \d+\)", said)


def test_a_setting_that_cannot_be_used_is_said_plainly() -> None:
    refused = run([*MINSTEMME, "check"], MINSTEMME_MIN_GROUP="2")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "Innstillingen MINSTEMME_MIN_GROUP=2 kan ikke brukes: den må være minst 3." in (
        refused.stderr
    )


def test_links_follow_the_address_the_server_listens_at() -> None:
    assert served_at("127.0.0.1", 8080) == "http://127.0.0.1:8080"
    assert served_at("0.0.0.0", 8080) == "http://127.0.0.1:8080"
    assert served_at("10.0.0.5", 80) == "http://10.0.0.5:80"
    assert served_at("::1", 8000) == "http://[::1]:8000"


def test_audio_check_then_build_then_check(tmp_path: Path) -> None:
    audio = {"MINSTEMME_AUDIO_DIR": str(tmp_path / "audio")}
    missing = run([*MINSTEMME, "audio", "check"], **audio)
    assert missing.returncode == 1
    assert "mangler lyd: beboer/nb/hjem_trives.ja" in missing.stdout
    assert "0 av 1422 lydklipp er klare." in missing.stderr

    built = run([*MINSTEMME, "audio", "build"], **audio)
    assert built.returncode == 0, built.stderr
    assert built.stdout.strip() == (
        "538 laget, 0 fantes fra før, 0 innspilt, 0 laget med espeak-ng i stedet, 0 feilet"
    )
    assert "[##############################] 538/538" in built.stderr
    again = run([*MINSTEMME, "audio", "build"], **audio)
    assert again.stdout.startswith("0 laget, 538 fantes fra før")

    ready = run([*MINSTEMME, "audio", "check"], **audio)
    assert ready.returncode == 0
    assert "1422 av 1422 lydklipp er klare." in ready.stderr

    # An owner records an answer; build notes its words; the text changes; it is flagged.
    folder = tmp_path / "audio" / "recorded" / "beboer" / "nb"
    folder.mkdir(parents=True)
    (folder / "hjem_trives.nei.mp3").write_bytes(
        next((tmp_path / "audio").rglob("*.mp3")).read_bytes()
    )
    noted = run([*MINSTEMME, "audio", "build"], **audio)
    assert "Noterte teksten til 1 nye innspillinger" in noted.stderr
    assert "1 innspilt" in noted.stdout
    (folder / "hjem_trives.nei.txt").write_text("Nei, aldri\n", encoding="utf-8")
    stale = run([*MINSTEMME, "audio", "check"], **audio)
    assert "innspillingen er for en eldre tekst og brukes ikke" in stale.stderr
    assert "teksten nå: «Nei»" in stale.stderr


def test_images_compose_puts_two_drawings_in_one(tmp_path: Path) -> None:
    symbols = PROJECT_ROOT / "illustrations" / "openmoji"
    made = tmp_path / "natt-trygg.svg"
    result = run(
        [
            *MINSTEMME,
            "images",
            "compose",
            str(made),
            str(symbols / "1F319.svg"),
            str(symbols / "1F6E1.svg"),
        ]
    )
    assert result.returncode == 0, result.stderr
    assert "Husk kilde og lisens i illustrations/credits.yaml." in result.stdout
    assert made.read_text().startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 152 72">'
    )
    refused = run([*MINSTEMME, "images", "compose", str(made), str(symbols / "1F319.svg")])
    assert refused.returncode == 2


def test_serve_with_two_workers_comes_up(tmp_path: Path) -> None:
    """uvicorn replaced each worker that had not answered within 5 s: on a loaded machine,
    where importing the app took 11 s, `serve --workers 2` never came up."""
    port = free_port()
    server = subprocess.Popen(
        [*MINSTEMME, "serve", "--port", str(port), "--workers", "2"],
        env={
            **os.environ,
            "MINSTEMME_DATABASE_URL": f"sqlite:///{tmp_path / 'workers.db'}",
            "MINSTEMME_WORKER_START_SECONDS": "120",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert health_once_up(port, server) == "ok"
    finally:
        server.terminate()
        said, _ = server.communicate(timeout=30)
    assert said.count("Started server process") >= 2, said


def test_the_worker_start_limit_reaches_uvicorn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: dict[str, object] = {}
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: ran.update(kwargs))
    monkeypatch.setenv("MINSTEMME_DATABASE_URL", f"sqlite:///{tmp_path / 'limit.db'}")
    monkeypatch.setenv("MINSTEMME_WORKER_START_SECONDS", "45")
    monkeypatch.setenv("MINSTEMME_PUBLIC_URL", "https://minstemme.example.no")  # left as it was
    get_settings.cache_clear()
    try:
        assert serve_command("127.0.0.1", free_port(), 2) == 0
    finally:
        get_settings.cache_clear()
    assert ran["workers"] == 2 and ran["timeout_worker_healthcheck"] == 45


def test_help_imports_nothing_heavy() -> None:
    """`minstemme --help` took 1.7–2.2 s: every command group, and what each needs, was imported
    first. Only the chosen command's module is imported now."""
    imported, said = imported_by(
        "from app.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert not imported & {"sqlalchemy", "fastapi", "pydantic", "alembic", "jinja2", "PIL"}
    assert "round" in said and "serve" in said  # every command is listed
