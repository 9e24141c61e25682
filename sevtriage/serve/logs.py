"""JSON-lines logs on standard error: one object per line, for log shippers.

Only what the code puts in a log call is written: events, request ids, routes,
statuses, counts, durations, policy identities and problems. Never a ticket's
text, a body or a header value (a secret or a signature could be one).
Records from other libraries (uvicorn) are written the same way; an exception
attached to any record is reduced to its type and where it was raised, since
its message could quote a ticket.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

LOGGER = "sevtriage.serve"


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "pid": os.getpid(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update(fields)
        else:
            out["logger"] = record.name
            out["message"] = record.getMessage()
        if record.exc_info and record.exc_info[0] is not None:
            out["exception"] = record.exc_info[0].__name__
            frames = traceback.extract_tb(record.exc_info[2])
            if frames:
                out["where"] = f"{frames[-1].filename}:{frames[-1].lineno}"
        return json.dumps(out, ensure_ascii=False, default=str)


def setup() -> None:
    """Every record of this process, ours and uvicorn's, as JSON lines on standard error."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True


def event(name: str, level: int = logging.INFO, exc_info: bool = False, **fields: Any) -> None:
    """Log ``name`` with ``fields`` (each a plain value the caller chose to log)."""
    logging.getLogger(LOGGER).log(level, name, extra={"fields": {"event": name, **fields}}, exc_info=exc_info)
