"""``sevtriage serve``, started for real on a random 127.0.0.1 port: the CLI's bytes, limits, metrics, logs."""

from __future__ import annotations

import json
import socket
import time

import pytest
from conftest import REPO, run_cli
from serve_helpers import Server

pytest.importorskip("uvicorn")

EXAMPLES = (REPO / "examples" / "tickets.jsonl").read_bytes()


@pytest.fixture(scope="module")
def server():
    started = Server("--header-timeout", "1", "--body-timeout", "1", "--max-tickets", "50",
                     "--max-body-bytes", str(4 * 1024 * 1024))
    yield started
    assert started.stop() == 0


def cli_output(body: bytes, *options: str) -> bytes:
    return run_cli("classify", "--format", "jsonl", "--quiet", *options, "-", input=body).stdout


def broken_body() -> bytes:
    """Every kind of bad record the CLI turns into an error record, between good tickets."""
    lines = [
        b'\xef\xbb\xbf{"id": "T-1", "symptoms": {"data_loss": true}}\r',
        b'{"id": "T-2", "subject": "caf\xe9"}', b"", b'{"id": "T-3", "request_type": "advice"}',
        b'{"id": "big", "description": "' + b"x" * (1024 * 1024 + 10) + b'"}',
        b"[" * 2000 + b"]" * 2000, b"42", b'"just a string"', b'{"id": "T-1", "symptoms": {"unstable": true}}',
        b'{"id": "T-5", "symptoms": {"data_loss": 1}}', b'{"subject": "no id"}',
        b'{"id": "nan", "declared_severity": NaN}', b'{"id": "\\ud800"}', b'{"id": "T-6", "symptoms": {"data_lo',
    ]
    return b"\n".join(lines) + b"\n"


BODIES = {
    "json lines": EXAMPLES,
    "json array": json.dumps([json.loads(line) for line in EXAMPLES.splitlines()]).encode(),
    "one pretty ticket": json.dumps(json.loads(EXAMPLES.splitlines()[1]), indent=2).encode(),
    "broken records": broken_body(),
}


@pytest.mark.parametrize("name", sorted(BODIES))
def test_bodies_are_the_cli_output_byte_for_byte(server: Server, name: str) -> None:
    body = BODIES[name]
    reply = server.post("/v1/classify", body, "application/x-ndjson")
    assert reply.status == 200
    assert reply.body == cli_output(body)
    errors = sum(1 for line in reply.body.splitlines() if b'"error":{' in line)
    assert reply.headers["x-sevtriage-error-records"] == str(errors)


def test_an_explain_value_that_is_not_a_boolean_is_400(server: Server) -> None:
    """?explain=maybe was answered 200 without explanations, as if false."""
    reply = server.post("/v1/classify?explain=maybe", b'{"id": "E"}')
    assert reply.status == 400 and reply.json()["error"]["code"] == "bad_query"
    assert server.post("/v1/classify?explain=false", b'{"id": "E"}').status == 200


def test_explain_is_the_cli_explain(server: Server) -> None:
    reply = server.post("/v1/classify?explain=true", EXAMPLES)
    assert reply.status == 200
    assert reply.body == cli_output(EXAMPLES, "--explain")
    assert all("explanation" in json.loads(line) for line in reply.body.splitlines()[:7])


def test_one_ticket_gives_one_json_result(server: Server) -> None:
    reply = server.post("/v1/classify", EXAMPLES.splitlines()[0])
    assert reply.status == 200 and reply.headers["content-type"] == "application/json"
    assert reply.json()["id"] == "HD-1001" and reply.json()["severity"] == 1


def test_invalid_json_is_400_with_the_cli_error_record(server: Server) -> None:
    for body in (b'{"id": "T-1", "symptoms": ', b"\xff\xfe not json", b"{]\n{[\n"):
        reply = server.post("/v1/classify", body)
        assert reply.status == 400, body
        assert reply.body == cli_output(body)
        assert reply.json()["error"]["code"] in ("invalid_json", "invalid_utf8") if body.count(b"\n") == 0 else True
    empty = server.post("/v1/classify", b"  \n")
    assert empty.status == 400 and empty.json()["error"]["code"] == "invalid_json"


def test_refusals(server: Server) -> None:
    form = server.post("/v1/classify", b"id=1", "application/x-www-form-urlencoded")
    assert form.status == 415 and form.json()["error"]["code"] == "unsupported_media_type"
    assert server.call("POST", "/v1/classify", b"{}").status == 415  # no content type at all
    too_big = server.post("/v1/classify", b" " * (4 * 1024 * 1024 + 1))
    assert too_big.status == 413 and too_big.json()["error"]["code"] == "body_too_large"
    many = b"".join(b'{"id": "T-%d"}\n' % n for n in range(51))
    assert server.post("/v1/classify", many).json()["error"]["code"] == "too_many_tickets"
    assert server.post("/v1/classify", many[: many.index(b"T-50") - 8]).status == 200  # 50 is allowed
    missing = server.call("GET", "/nowhere")
    assert missing.status == 404 and missing.json()["error"]["code"] == "not_found"
    assert server.call("GET", "/v1/classify").status == 405
    assert missing.headers["x-request-id"] and missing.json()["request_id"] == missing.headers["x-request-id"]


def test_a_body_streamed_past_the_limit_is_cut_at_413(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b" " * (1024 * 1024)
        try:
            for _ in range(6):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert sock.recv(64).startswith(b"HTTP/1.1 413")


def read_until_closed(sock: socket.socket) -> bytes:
    data = b""
    while part := sock.recv(65536):
        data += part
    return data


def test_slow_clients_are_cut(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:  # body too slow: 408
        sock.sendall(b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n{\"id\":")
        started = time.monotonic()
        reply = read_until_closed(sock)
        assert reply.startswith(b"HTTP/1.1 408") and b"body_timeout" in reply
        assert time.monotonic() - started < 5
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:  # headers too slow: cut
        started = time.monotonic()
        for piece in (b"POST /v1/cla", b"ssify HTTP/1.1\r\n", b"Host: x\r\n"):
            sock.sendall(piece)
            time.sleep(0.4)
        assert sock.recv(4096) == b""  # closed by the server, without an answer
        assert time.monotonic() - started < 5
    assert server.call("GET", "/healthz").status == 200  # and the worker serves on


def test_health_readiness_and_policy(server: Server) -> None:
    assert server.call("GET", "/healthz").json() == {"status": "ok"}
    ready = server.call("GET", "/readyz").json()
    policy = server.call("GET", "/v1/policy").json()
    assert ready["status"] == "ready" and ready["policy"]["name"] == policy["name"] == "ragnarokkr-support-severity"
    assert policy["hash"].startswith("sha256:") and policy["version"]
    assert [(level["severity"], level["name"], level["response_target"]) for level in policy["levels"]] == [
        (1, "critical", "PT2H"), (2, "important", "PT6H"), (3, "minimal", "PT12H"), (4, "symbolic", "PT24H")]


def test_metrics_count_requests_levels_error_codes_and_latency(server: Server) -> None:
    before = server.metrics()
    server.post("/v1/classify", EXAMPLES)                       # 7 results, 1 invalid_field
    server.post("/v1/classify", b"nope")                         # 400, 1 invalid_json
    server.post("/v1/classify", b"{}", "text/plain")             # 415
    after = server.metrics()

    def grew(name: str) -> float:
        return after.get(name, 0.0) - before.get(name, 0.0)

    route = 'method="POST",route="/v1/classify"'
    assert grew(f'sevtriage_http_requests_total{{{route},status="200"}}') == 1
    assert grew(f'sevtriage_http_requests_total{{{route},status="400"}}') == 1
    assert grew(f'sevtriage_http_requests_total{{{route},status="415"}}') == 1
    assert grew('sevtriage_tickets_total{level="critical"}') == 1
    assert grew('sevtriage_tickets_total{level="important"}') == 3
    assert grew('sevtriage_tickets_total{level="minimal"}') == 2
    assert grew('sevtriage_tickets_total{level="symbolic"}') == 1
    assert grew('sevtriage_error_records_total{code="invalid_field"}') == 1
    assert grew('sevtriage_error_records_total{code="invalid_json"}') == 1
    assert grew('sevtriage_http_request_duration_seconds_count{route="/v1/classify"}') == 3
    assert grew('sevtriage_http_request_duration_seconds_bucket{le="+Inf",route="/v1/classify"}') == 3


def test_logs_are_json_lines_with_request_ids_and_no_ticket_text(server: Server) -> None:
    secret_text = "Ticket text that must never reach a log 7f3a"
    body = json.dumps({"id": "LOG-1", "subject": secret_text, "description": secret_text}).encode()
    reply = server.post("/v1/classify", body, headers={"X-Request-Id": "req-42"})
    assert reply.headers["x-request-id"] == "req-42"
    record = server.wait_for("request", request_id="req-42")
    assert record["route"] == "/v1/classify" and record["status"] == 200 and record["tickets"] == 1
    crafted = server.post("/v1/classify", body, headers={"X-Request-Id": "bad id\twith spaces"})
    assert crafted.headers["x-request-id"] != "bad id\twith spaces"
    server.wait_for("request", request_id=crafted.headers["x-request-id"])
    assert all(secret_text.encode() not in line for line in server.raw_log)
    assert all("unparsed" not in record for record in server.logs)
