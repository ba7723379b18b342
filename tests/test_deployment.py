"""The production set-up an operator follows (docs/operations.md): compose.yaml, the Dockerfile and
the Caddyfile checked against the app's own settings, and the image's entrypoint run with the
image's settings as a plain process (no Docker engine runs where the tests run)."""

import json
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import yaml

from app import PROJECT_ROOT
from app.config import Settings
from tests.support.browser import free_port
from tests.support.commands import health_once_up

IMAGE_ROOT = "/srv/minstemme"  # the Dockerfile's WORKDIR: PROJECT_ROOT inside the image
COMPOSE: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())
DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
CADDYFILE = (PROJECT_ROOT / "deploy" / "Caddyfile").read_text()
SETTINGS = {f"MINSTEMME_{name.upper()}" for name in Settings.model_fields}


def image_environment() -> dict[str, str]:
    """The ENV lines of the Dockerfile, as the image's processes see them."""
    joined = DOCKERFILE.replace("\\\n", " ")
    found: dict[str, str] = {}
    for line in joined.splitlines():
        if line.startswith("ENV "):
            for pair in shlex.split(line.removeprefix("ENV ")):
                name, _, value = pair.partition("=")
                found[name] = value
    return found


def instruction(name: str) -> str:
    joined = DOCKERFILE.replace("\\\n", " ")
    lines = [line for line in joined.splitlines() if line.startswith(f"{name} ")]
    assert len(lines) == 1, name
    return lines[0].removeprefix(f"{name} ")


def in_image(path: Path) -> str:
    return f"{IMAGE_ROOT}/{path.relative_to(PROJECT_ROOT)}"


def test_every_setting_named_is_one_the_app_has_and_production_holds() -> None:
    app = COMPOSE["services"]["app"]
    named = set(app["environment"]) | {n for n in image_environment() if n.startswith("MINSTEMME")}
    assert named <= SETTINGS, named - SETTINGS
    # The secrets and the address are the operator's: compose refuses to start without them.
    for secret in ("MINSTEMME_SECRET_KEY", "MINSTEMME_PUBLIC_URL", "MINSTEMME_DATABASE_URL"):
        assert ":?" in app["environment"][secret], secret
    # The image's settings with a key are a production Settings the app accepts.
    given = {
        name.removeprefix("MINSTEMME_").lower(): value
        for name, value in image_environment().items()
        if name.startswith("MINSTEMME_")
    }
    production = Settings.model_validate({**given, "secret_key": "k" * 32})
    assert production.environment == "production" and production.secure_cookies
    assert production.time_zone == "Europe/Oslo" and image_environment()["TZ"] == "Europe/Oslo"


def test_the_pieces_fit_together() -> None:
    services = COMPOSE["services"]
    assert {"app", "db", "proxy"} <= set(services)
    assert all(s.get("restart") == "unless-stopped" for s in services.values())
    assert services["app"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in services["db"]["healthcheck"]["test"]
    # The app believes the forwarded address of the proxy alone, at its fixed address.
    proxy_address = services["proxy"]["networks"]["inside"]["ipv4_address"]
    assert services["app"]["environment"]["MINSTEMME_TRUSTED_PROXIES"] == proxy_address
    # Caddy passes everything to the app's port, and writes no access log.
    assert re.search(r"reverse_proxy app:8000\b", CADDYFILE)
    assert "--port 8000" in (PROJECT_ROOT / "scripts" / "entrypoint").read_text()
    assert not re.search(r"^\s*log\b", CADDYFILE, re.MULTILINE)
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]


def test_what_must_outlive_the_container_is_on_volumes() -> None:
    defaults = Settings.model_construct()  # the defaults, not this test run's environment
    assert defaults.sqlite_path is not None
    kept = {
        in_image(defaults.sqlite_path.parent),  # answers on SQLite, and the built pictures
        in_image(defaults.built_images_dir.parent),
        in_image(defaults.audio_dir),  # voices made, recordings
        in_image(defaults.questions_dir),  # the owners' questionnaires and drafts
        in_image(defaults.illustrations_dir),
    }
    mounted = {volume.split(":")[1] for volume in COMPOSE["services"]["app"]["volumes"]}
    assert kept == mounted
    assert set(json.loads(instruction("VOLUME"))) == mounted
    assert image_environment()["MINSTEMME_DATABASE_URL"] == (
        f"sqlite:///{in_image(defaults.sqlite_path)}"
    )


def test_the_image_runs_as_its_own_user_and_asks_healthz() -> None:
    assert instruction("USER") not in ("root", "0")
    # Its user cannot write into the app's folder (root's): the app's bytecode is made when
    # the image is built, or every worker compiled every module of the app as it started.
    assert "python -m compileall -q app" in instruction("RUN")
    assert "/healthz" in instruction("HEALTHCHECK")
    command = json.loads(instruction("CMD"))
    assert command[0] == "scripts/entrypoint" and os.access(PROJECT_ROOT / command[0], os.X_OK)


def test_the_entrypoint_serves_with_the_images_settings(tmp_path: Path) -> None:
    """The image's start, run as a plain process: the database is made (db upgrade), the site
    answers /healthz, and its log lines are JSON with a time and a level."""
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MINSTEMME_")},
        **image_environment(),
        "MINSTEMME_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'minstemme.db'}",
        "MINSTEMME_BUILT_IMAGES_DIR": str(tmp_path / "data" / "images"),
        "MINSTEMME_AUDIO_DIR": str(tmp_path / "audio"),
        "MINSTEMME_SECRET_KEY": "k" * 32,
        "MINSTEMME_PUBLIC_URL": "https://minstemme.example.no",
    }
    server = subprocess.Popen(
        [
            str(PROJECT_ROOT / "scripts" / "entrypoint"),
            *("--host", "127.0.0.1", "--port", str(port), "--workers", "1"),
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        answered = health_once_up(port, server)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert answered == "ok", (out, err)
    assert "oppgradert" in out  # the entrypoint made the database before serving
    logged = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert logged and all({"time", "level", "logger", "message"} <= set(line) for line in logged)
    assert any("Uvicorn running" in line["message"] for line in logged)
