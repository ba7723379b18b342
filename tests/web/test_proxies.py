"""Code-guessing limits as they hold in a real deployment: `minstemme serve` as a process,
with two workers, on SQLite and PostgreSQL. A forwarded address is believed only from a proxy
named in MINSTEMME_TRUSTED_PROXIES (uvicorn believed 127.0.0.1 by default: a new
X-Forwarded-For header per request made 40 of 40 guesses after the address was locked), and
the workers share the count (each had its own: twice the tries)."""

import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from app import PROJECT_ROOT
from app.config import Settings
from app.survey.guessing import GuessLimit
from tests.support.browser import free_port
from tests.support.commands import MINSTEMME


@contextmanager
def served(settings: Settings, **env: str) -> Iterator[str]:
    """`minstemme serve --workers 2` on this database; the site's address once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [*MINSTEMME, "serve", "--port", str(port), "--workers", "2"],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "MINSTEMME_DATABASE_URL": settings.database_url,
            "MINSTEMME_AUDIO_DIR": str(settings.audio_dir),
            "MINSTEMME_BUILT_IMAGES_DIR": str(settings.built_images_dir),
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    site = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"{site}/healthz") as reply:
                    if reply.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        yield site
    finally:
        server.terminate()
        server.wait(30)


def guesses(site: str, tries: int) -> list[int]:
    """Wrong resume codes, each naming a new client address in X-Forwarded-For, and each on a
    new connection (so both workers take some)."""
    statuses = []
    for number in range(tries):
        request = urllib.request.Request(
            f"{site}/fortsett",
            data=urllib.parse.urlencode({"kode": "AAAA-AAAA"}).encode(),
            headers={"X-Forwarded-For": f"203.0.113.{number + 1}", "Connection": "close"},
        )
        try:
            with urllib.request.urlopen(request) as reply:
                statuses.append(reply.status)
        except urllib.error.HTTPError as refused:
            statuses.append(refused.code)
    return statuses


def test_a_forwarded_address_is_not_believed_and_two_workers_share_the_count(
    any_database_settings: Settings,
) -> None:
    with served(any_database_settings) as site:
        statuses = guesses(site, 2 * GuessLimit.FREE)
    assert statuses == [400] * GuessLimit.FREE + [429] * GuessLimit.FREE


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(
    any_database_settings: Settings,
) -> None:
    with served(any_database_settings, MINSTEMME_TRUSTED_PROXIES="127.0.0.1") as site:
        statuses = guesses(site, 2 * GuessLimit.FREE)
    assert statuses == [400] * (2 * GuessLimit.FREE)
