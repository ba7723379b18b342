"""The server's log lines carry a time and a level (uvicorn's default had neither on the app's
lines, and no time on its own), as plain text or one JSON object per line."""

import json
import logging
import logging.config
import re
from collections.abc import Iterator

import pytest

from app.logs import log_config

PLAIN = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (INFO|WARNING|ERROR) [\w.]+: .+$")


@pytest.fixture(autouse=True)
def logging_as_before() -> Iterator[None]:
    yield
    logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})
    for name in ("app", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True


def test_plain_lines_have_time_level_and_logger(capsys: pytest.CaptureFixture[str]) -> None:
    logging.config.dictConfig(log_config("plain"))
    logging.getLogger("app.results.kept").warning("Closed rounds not counted now (%s)", "Gone")
    logging.getLogger("uvicorn.error").info("Uvicorn running")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(PLAIN.match(line) for line in lines), lines
    assert lines[0].endswith("WARNING app.results.kept: Closed rounds not counted now (Gone)")


def test_json_lines_are_one_object_each(capsys: pytest.CaptureFixture[str]) -> None:
    logging.config.dictConfig(log_config("json"))
    try:
        raise ValueError("broken «æøå»")
    except ValueError:
        logging.getLogger("app.web").exception("Unexpected error")
    logging.getLogger("uvicorn.error").info("Application startup complete.")
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    assert [(line["level"], line["logger"]) for line in lines] == [
        ("ERROR", "app.web"),
        ("INFO", "uvicorn.error"),
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lines[0]["time"])
    assert "broken «æøå»" in lines[0]["error"] and lines[1]["message"].startswith("Application")
