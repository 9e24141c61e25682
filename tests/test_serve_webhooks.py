"""``POST /v1/webhooks/{name}`` on a real server: each preset signed, badly signed, unsigned, replayed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from serve_helpers import Server

pytest.importorskip("uvicorn")

from sevtriage.serve.signatures import scheme_for, sign

PRESETS = ("zendesk", "freshdesk", "jira", "zammad", "glpi", "znuny")


def secret(name: str) -> bytes:
    return f"s3cret-for-{name}".encode()


def payload(preset: str) -> bytes:
    """A payload as the helpdesk sends it: the preset's fixture (not its expected results)."""
    folder = REPO / "fixtures" / "helpdesks" / preset
    files = sorted(p for p in folder.iterdir() if ".expected." not in p.name)
    return files[-1].read_bytes()


@pytest.fixture(scope="module")
def server():
    env = {f"SECRET_{name.upper()}": secret(name).decode() for name in PRESETS}
    args = [arg for name in PRESETS for arg in ("--webhook-secret", f"{name}=env:SECRET_{name.upper()}")]
    args += ["--webhook", "open=zendesk", "--allow-unsigned", "open", "--webhook", "nosecret=zendesk"]
    started = Server(*args, env=env)
    yield started
    assert started.stop() == 0


@pytest.mark.parametrize("preset", PRESETS)
def test_a_signed_call_is_classified_as_classify_map_does(server: Server, preset: str) -> None:
    body = payload(preset)
    signed = sign(scheme_for(preset), secret(preset), body, time.time())
    reply = server.post(f"/v1/webhooks/{preset}", body, headers=signed)
    assert reply.status == 200, reply.body
    expected = run_cli("classify", "--map", preset, "--format", "jsonl", "--quiet", "-", input=body).stdout
    assert reply.body == expected and reply.body


@pytest.mark.parametrize("preset", PRESETS)
def test_unsigned_and_badly_signed_calls_get_401(server: Server, preset: str) -> None:
    body = payload(preset)
    scheme = scheme_for(preset)
    before = server.metrics().get(f'sevtriage_webhook_rejections_total{{webhook="{preset}"}}', 0.0)
    attempts = [
        {},                                                   # unsigned
        sign(scheme, b"not-the-secret", body, time.time()),   # wrong secret
        {name: value[:-4] + "AAAA" for name, value in sign(scheme, secret(preset), body, time.time()).items()},
    ]
    for headers in attempts:
        reply = server.post(f"/v1/webhooks/{preset}", body, headers=headers)
        assert reply.status == 401 and reply.json()["error"]["code"] == "unauthorized"
    if scheme != "token":  # the others sign the body: a changed body fails
        signed = sign(scheme, secret(preset), body, time.time())
        assert server.post(f"/v1/webhooks/{preset}", body + b" ", headers=signed).status == 401
    after = server.metrics()[f'sevtriage_webhook_rejections_total{{webhook="{preset}"}}']
    assert after - before == len(attempts) + (scheme != "token")
    assert all(secret(preset) not in line for line in server.raw_log)


@pytest.mark.parametrize("preset", ["zendesk", "glpi"])
def test_a_replayed_timestamp_gets_401(server: Server, preset: str) -> None:
    body = payload(preset)
    old = sign(preset, secret(preset), body, time.time() - 301)
    reply = server.post(f"/v1/webhooks/{preset}", body, headers=old)
    assert reply.status == 401 and "replay window" in reply.json()["error"]["message"]
    assert server.post(f"/v1/webhooks/{preset}", body,
                       headers=sign(preset, secret(preset), body, time.time() - 200)).status == 200


def test_webhooks_without_a_secret_refuse_unless_allowed_unsigned(server: Server) -> None:
    body = payload("zendesk")
    assert server.post("/v1/webhooks/nosecret", body).status == 401
    assert server.post("/v1/webhooks/open", body).status == 200
    assert server.post("/v1/webhooks/nowhere", body).status == 404


def test_a_broken_payload_is_400_with_the_error_record(server: Server) -> None:
    body = b'{"ticket": {"id": 1,'
    reply = server.post("/v1/webhooks/zendesk", body, headers=sign("zendesk", secret("zendesk"), body, time.time()))
    assert reply.status == 400 and reply.json()["error"]["code"] == "invalid_json"


def test_a_mapping_that_cannot_load_stops_the_start(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("fields: [\n")
    result = run_cli("serve", "--port", "0", "--webhook", f"mine={broken}")
    assert result.returncode == 2 and str(broken) in result.stderr.decode()
    assert "the mapping cannot be loaded" in result.stderr.decode()  # not "the policy"
    assert "policy" not in result.stderr.decode()


def test_an_empty_page_is_said_in_a_header_and_the_log(server: Server) -> None:
    """No record for a payload holding no ticket (as classify --map): a header and the log say it."""
    after = len(server.logs)
    reply = server.post("/v1/webhooks/open", b'{"tickets": []}')
    assert reply.status == 200 and reply.body == b""
    assert reply.headers["x-sevtriage-empty-payloads"] == "1"
    assert server.wait_for("request", after=after, webhook="open")["empty_payloads"] == 1
    assert "x-sevtriage-empty-payloads" not in server.post("/v1/webhooks/open", payload("zendesk")).headers
    pages = b'{"tickets": []}\n{"ticket": {"id": 5}}\n{"tickets": []}\n'  # JSON Lines of pages
    lines = server.post("/v1/webhooks/open", pages, content_type="application/x-ndjson")
    assert lines.status == 200 and lines.headers["x-sevtriage-empty-payloads"] == "2"
    assert lines.body == run_cli("classify", "--map", "zendesk", "--format", "jsonl", "--quiet", "-",
                                 input=pages).stdout
    empty = server.post("/v1/classify", b"[]")  # no ticket at all: 400, as before, and the count
    assert empty.status == 400 and empty.headers["x-sevtriage-empty-payloads"] == "1"
