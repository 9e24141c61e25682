"""``sevtriage serve`` operations, on a real server: SIGHUP reload, SIGTERM drain, a worker's death."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import time
from pathlib import Path

import pytest
from conftest import REPO
from serve_helpers import Server

pytest.importorskip("uvicorn")

TICKET = b'{"id": "T-1", "symptoms": {"data_loss": true}}'


def test_sighup_reload_keeps_the_old_policy_when_the_new_one_is_broken(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    server = Server("--rules", str(rules), "--workers", "2")
    try:
        old = server.call("GET", "/v1/policy").json()
        level1 = rules / "level-1.yaml"
        text = level1.read_text()
        level1.write_text(text.replace("level: 1", "levle: 1", 2))  # a misspelt key in two rules
        mark = len(server.logs)
        server.signal(signal.SIGHUP)
        failed = server.wait_for("reload_failed", after=mark)
        problems = [r["problem"] for r in server.logs[mark:] if r.get("event") == "reload_problem"]
        assert failed["problems"] == len(problems) >= 2
        # a refused reload is an error for whoever watches the logs, not an info line
        assert failed["level"] == "error"
        assert all(r["level"] == "error" for r in server.logs[mark:] if r.get("event") == "reload_problem")
        assert all("level-1.yaml:" in problem for problem in problems)
        assert any("levle" in problem for problem in problems)
        assert failed["serving"] == {k: old[k] for k in ("name", "version", "hash")}
        for _ in range(4):  # both workers still serve the old policy
            reply = server.post("/v1/classify", TICKET)
            assert reply.status == 200 and reply.json()["policy"]["hash"] == old["hash"]

        level1.write_text(text)
        policy_yaml = rules / "policy.yaml"
        policy_yaml.write_text(policy_yaml.read_text().replace('version: "2026.1"', 'version: "2026.2-test"'))
        mark = len(server.logs)
        server.signal(signal.SIGHUP)
        reloaded = server.wait_for("reloaded", after=mark)
        assert reloaded["policy"]["version"] == "2026.2-test" and len(reloaded["workers"]) == 2
        for worker in first_workers(server):  # the old generation drains and exits 0
            server.wait_for("worker_drained", after=mark, worker=worker, exit_code=0)
        assert server.call("GET", "/v1/policy").json()["version"] == "2026.2-test"
        for _ in range(4):
            assert server.post("/v1/classify", TICKET).json()["policy"]["version"] == "2026.2-test"
    finally:
        assert server.stop() == 0


def first_workers(server: Server) -> list[int]:
    """The first generation's workers."""
    return list(server.wait_for("listening")["workers"])


def test_sigterm_drains_the_request_in_flight_then_exits_0() -> None:
    server = Server("--body-timeout", "20")
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        sock.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(TICKET) + TICKET[:10])
        time.sleep(0.3)  # the request is in flight, its body half sent
        server.signal(signal.SIGTERM)
        server.wait_for("draining")
        time.sleep(0.5)
        with pytest.raises(OSError):  # no new connection is accepted while draining
            socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
        sock.sendall(TICKET[10:])
        reply = b""
        while part := sock.recv(65536):
            reply += part
    assert reply.startswith(b"HTTP/1.1 200")
    assert b'"id":"T-1","severity":1' in reply
    assert server.process.wait(20) == 0
    server.wait_for("stopped")


def test_a_worker_that_dies_is_replaced() -> None:
    server = Server()
    try:
        worker = server.wait_for("listening")["workers"][0]
        os.kill(worker, signal.SIGKILL)
        died = server.wait_for("worker_died", worker=worker)
        assert died["exit_code"] == -signal.SIGKILL
        deadline = time.monotonic() + 30
        while True:
            try:
                if server.post("/v1/classify", TICKET).status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline
            time.sleep(0.1)
    finally:
        assert server.stop() == 0
