"""A real ``sevtriage serve`` on a random 127.0.0.1 port, its JSON log lines, and plain HTTP calls."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from typing import Any

from conftest import start_cli


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Server:
    """``sevtriage serve --port 0 ...`` in a subprocess; ``logs`` fills as it writes to stderr."""

    def __init__(self, *args: str, env: dict[str, str] | None = None):
        self.process = start_cli("serve", "--port", "0", *args,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
        self.logs: list[dict[str, Any]] = []
        self.raw_log: list[bytes] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read_logs, daemon=True).start()
        listening = self.wait_for("listening", timeout=60)
        self.port = int(listening["port"])

    def _read_logs(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._changed:
                self.raw_log.append(line)
                try:
                    self.logs.append(json.loads(line))
                except ValueError:
                    self.logs.append({"unparsed": line.decode("utf-8", "replace")})
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, event: str, timeout: float = 30, after: int = 0, **fields: Any) -> dict[str, Any]:
        """The first log record from index ``after`` on with this event (and these fields)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for record in self.logs[after:]:
                    if record.get("event") == event and all(record.get(k) == v for k, v in fields.items()):
                        return record
                left = deadline - time.monotonic()
                if left <= 0 or (self.process.poll() is not None and not self._reading()):
                    raise AssertionError(f"no {event!r} in the server log: {self.logs[-20:]}")
                self._changed.wait(min(left, 0.2))

    def _reading(self) -> bool:
        return self.process.stderr is not None and not self.process.stderr.closed and self.process.poll() is None

    def call(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
             timeout: float = 30) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def post(self, path: str, body: bytes, content_type: str = "application/json",
             headers: dict[str, str] | None = None) -> Reply:
        return self.call("POST", path, body, {"Content-Type": content_type, **(headers or {})})

    def metrics(self) -> dict[str, float]:
        """Sample name with labels -> value, from /metrics."""
        text = self.call("GET", "/metrics").body.decode()
        out: dict[str, float] = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                out[name] = float(value)
        return out

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode
