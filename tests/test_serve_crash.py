"""A request whose handling raises gets a 500 with its request id; the app serves the next one.

In-process (the ASGI app called directly), with a classifier that raises: a real
server has no request that can make it fail, which is the point.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

pytest.importorskip("starlette")

from sevtriage.serve.settings import Settings


class Raising:
    """What ``build_app`` needs of a ServeState, with a classification that fails."""

    def __init__(self) -> None:
        from sevtriage.serve.metrics import Metrics
        self.settings = Settings()
        self.metrics = Metrics()
        self.mappings: dict[str, Any] = {}
        self.ready = True

    async def classify(self, work: Any) -> Any:
        raise RuntimeError("a message quoting a ticket: SECRET-TICKET-TEXT")


def call(app: Any, path: str, body: bytes) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[dict[str, Any]] = []
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(b"content-type", b"application/json")], "http_version": "1.1", "scheme": "http",
             "server": ("127.0.0.1", 1), "client": ("127.0.0.1", 2), "root_path": ""}
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


def test_a_crashing_request_gets_500_and_the_app_goes_on(tmp_path, monkeypatch, caplog) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    from sevtriage.serve.app import build_app
    app = build_app(Raising())  # type: ignore[arg-type]
    caplog.set_level(logging.INFO)
    for _ in range(2):
        status, headers, body = call(app, "/v1/classify", b'{"id": "T-1"}')
        assert status == 500
        reply = json.loads(body)
        assert reply["error"]["code"] == "internal_error" and reply["request_id"] == headers[b"x-request-id"].decode()
    failures = [r for r in caplog.records if getattr(r, "fields", {}).get("event") == "request_failed"]
    assert len(failures) == 2
    from sevtriage.serve.logs import JsonLines
    line = JsonLines().format(failures[0])
    assert json.loads(line)["exception"] == "RuntimeError" and "SECRET-TICKET-TEXT" not in line
    assert all("SECRET-TICKET-TEXT" not in JsonLines().format(r) for r in caplog.records)
