"""Helpers for tests in a real Chromium: a live server and axe-core."""

import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from axe_playwright_python.sync_playwright import Axe
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TABLET = {"viewport": {"width": 768, "height": 1024}, "has_touch": True, "is_mobile": True}
TABLET_LANDSCAPE = {**TABLET, "viewport": {"width": 1024, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
# Chromium's own stand-in microphone (a steady tone), allowed without asking.
FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@contextmanager
def chromium_with_a_microphone() -> Iterator[Browser]:
    """A real Chromium (the system's) that can record: for a module's `browser` fixture."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *FAKE_MICROPHONE]
        )
        yield launched
        launched.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=5)


_axe = Axe()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations, with the AAA contrast rule (7:1) switched on as well."""
    results = _axe.run(
        page,
        options={
            "resultTypes": ["violations"],
            "rules": {"color-contrast-enhanced": {"enabled": True}},
        },
    )
    violations: list[dict[str, Any]] = results.response["violations"]
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]], "help": v["help"]}
        for v in violations
    ]


SMALL_TARGETS_JS = """
() => [...document.querySelectorAll('a, button, input, select, textarea')]
  .filter(el => el.offsetParent !== null)
  .map(el => { const r = (el.closest('label') || el).getBoundingClientRect();  // label = target
               return {text: el.textContent.trim() || el.name, w: r.width, h: r.height}; })
  .filter(t => t.w < 44 || t.h < 44)
"""


def small_targets(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(SMALL_TARGETS_JS)
    return found


# Screenshots to look at after a run; never inside the repository.
SCREENSHOTS = Path(
    os.environ.get("MINSTEMME_SCREENSHOTS", Path(tempfile.gettempdir()) / "minstemme-screenshots")
)


def assert_accessible(page: Page, label: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{label}.png", full_page=True)
    assert axe_violations(page) == [], label
    assert small_targets(page) == [], label
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]


def numbered(question: str) -> re.Pattern[str]:
    """A question's heading, after its number ("1. Trives du der du bor?")."""
    return re.compile(rf"^(\d+\.\s+)?{re.escape(question)}\s*$")
