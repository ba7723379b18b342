"""What the server's log lines look like: each with its time (UTC, ISO 8601) and level, as
plain text or, for log collectors, one JSON object per line (`MINSTEMME_LOG_FORMAT`). The same
for the app's own loggers and uvicorn's. Nothing personal is logged: no access log (it would hold
respondents' addresses), no SQL parameters (app/storage/database.py)."""

import json
import logging
import time
from typing import Any, Literal

LogFormat = Literal["plain", "json"]
TIME = "%Y-%m-%dT%H:%M:%SZ"


def _utc(seconds: float | None) -> time.struct_time:
    return time.gmtime(seconds)


class PlainLines(logging.Formatter):
    converter = staticmethod(_utc)

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt=TIME)


class JsonLines(logging.Formatter):
    converter = staticmethod(_utc)

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": self.formatTime(record, TIME),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


FORMATTERS: dict[LogFormat, type[logging.Formatter]] = {"plain": PlainLines, "json": JsonLines}


def log_config(chosen: LogFormat) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the server (uvicorn takes it as `log_config`)."""
    every = {"handlers": ["stderr"], "level": "INFO", "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"lines": {"()": FORMATTERS[chosen]}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "lines",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {"uvicorn": every, "uvicorn.error": every, "app": every},
        "root": {"handlers": ["stderr"], "level": "WARNING"},
    }
