"""A real headless Chromium driven over the DevTools protocol, for the report pages.

Chromium (the Debian ``chromium`` package) is started with a fresh profile
and ``--remote-debugging-port=0``; it writes the port it chose to
``DevToolsActivePort`` in the profile. One page target is driven with
``websocket-client``: every console message, uncaught exception, log entry
(a Content Security Policy violation is one) and failed or non-file request
is recorded while a page loads, so a test can demand that there are none.

    python tests/browser_helpers.py PAGE.html SHOT.png [WIDTH [MAX_HEIGHT]]   # docs/report-example.png
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import websocket

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--remote-debugging-port=0", "--remote-allow-origins=*"]
START_SECONDS = 30
LOAD_SECONDS = 30


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


class Browser:
    """One headless Chromium with one page; a context manager that always stops the browser."""

    def __init__(self, executable: str, width: int = 1100, height: int = 900):
        self.executable = executable
        self.size = (width, height)
        self.profile = Path(tempfile.mkdtemp(prefix="sevtriage-chromium-"))
        self.process: subprocess.Popen[bytes] | None = None
        self.socket: websocket.WebSocket | None = None
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        self.process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self.profile}",
             f"--window-size={self.size[0]},{self.size[1]}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = self._port()
        self.socket = websocket.create_connection(self._page_socket(port), timeout=LOAD_SECONDS,
                                                  suppress_origin=True)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.socket is not None:
            self.socket.close()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _port(self) -> int:
        marker = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with status {self.process.returncode} at start")
            if marker.exists() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port")

    @staticmethod
    def _page_socket(port: int) -> str:
        import urllib.request
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as answer:
                pages = [t for t in json.load(answer) if t.get("type") == "page"]
            if pages:
                return str(pages[0]["webSocketDebuggerUrl"])
            time.sleep(0.05)
        raise RuntimeError("chromium shows no page target")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command; events that arrive meanwhile are kept in ``events``."""
        assert self.socket is not None
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))
            if "method" in message:
                self.events.append(message)

    def _wait_for(self, event: str) -> None:
        assert self.socket is not None
        deadline = time.monotonic() + LOAD_SECONDS
        while time.monotonic() < deadline:
            message = json.loads(self.socket.recv())
            if "method" in message:
                self.events.append(message)
                if message["method"] == event:
                    return
        raise TimeoutError(f"no {event} within {LOAD_SECONDS} s")

    def load(self, path: Path) -> PageCheck:
        """Open ``path`` and wait for its load event; returns what went wrong on the way."""
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        self._wait_for("Page.loadEventFired")
        self.call("Runtime.evaluate", expression="1")  # flush events queued before the load event
        return PageCheck.from_events(self.events, path.resolve().as_uri())

    def evaluate(self, expression: str) -> Any:
        answer = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise RuntimeError(f"page script failed: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def screenshot(self, target: Path, max_height: float | None = None) -> None:
        """The whole page (not only the window) as PNG, or its top ``max_height`` pixels."""
        metrics = self.call("Page.getLayoutMetrics")["cssContentSize"]
        height = min(metrics["height"], max_height or metrics["height"])
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": metrics["width"], "height": height, "scale": 1})
        target.write_bytes(base64.b64decode(shot["data"]))


class PageCheck:
    """Console errors, exceptions, error log entries and requests seen while a page loaded."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.requests: list[str] = []

    @classmethod
    def from_events(cls, events: list[dict[str, Any]], page_url: str) -> PageCheck:
        check = cls()
        for event in events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                check.console_errors.append(json.dumps(params.get("args")))
            elif method == "Runtime.exceptionThrown":
                check.console_errors.append(json.dumps(params.get("exceptionDetails")))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                entry = params["entry"]
                check.console_errors.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}")
            elif method == "Network.requestWillBeSent":
                check.requests.append(params["request"]["url"])
            elif method == "Network.loadingFailed":
                check.failed_requests.append(f"{params.get('errorText')} {params.get('blockedReason', '')}")
        check.failed_requests += [url for url in check.requests if url != page_url]
        return check


if __name__ == "__main__":
    executable = chromium_path()
    if executable is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    with Browser(executable, width=int(sys.argv[3]) if len(sys.argv) > 3 else 1100) as browser:
        result = browser.load(Path(sys.argv[1]))
        print(f"console errors: {result.console_errors}, failed requests: {result.failed_requests}")
        browser.screenshot(Path(sys.argv[2]), float(sys.argv[4]) if len(sys.argv) > 4 else None)
