"""JSON logs, one object per line, with the request id. Party data (names,
addresses, descriptions, query strings) is never logged; an exception is logged
by its type and where it happened, not by its message, which may quote input."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

_STANDARD = set(logging.LogRecord("x", 0, "x", 0, "x", None, None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            etype, _, tb = record.exc_info
            frames = traceback.extract_tb(tb)
            out["error"] = {
                "type": etype.__name__,
                "at": [f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} in {f.name}" for f in frames[-5:]],
            }
        return json.dumps(out, ensure_ascii=False, default=str)


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("werkzeug", "gunicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
