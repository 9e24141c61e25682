"""``explain`` never fails where ``classify`` succeeds (issue 9, item 3)."""

from __future__ import annotations

import json
import random
import subprocess

from batch_helpers import jsonl, run_cli
from conftest import start_cli
from differential_helpers import random_ticket
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from sevtriage.engine.classifier import is_error
from sevtriage.explain import Explainer
from sevtriage.output.formatters.explain_text import render


def _deep(levels: int) -> dict:
    ticket: dict = {"id": "deep"}
    holder = ticket
    for _ in range(levels):
        holder["x"] = {}
        holder = holder["x"]
    return ticket


@st.composite
def tickets(draw):
    ticket = random_ticket(random.Random(draw(st.integers(0, 2**32))), 1, draw(st.floats(0.0, 1.0)))
    if "declared_severity" in ticket and draw(st.booleans()):
        ticket["declared_severity"] = float(ticket["declared_severity"])  # 2.0 is an integer in JSON Schema
    if draw(st.booleans()):
        ticket["unknown"] = _deep(draw(st.integers(0, 900)))
    return ticket


@settings(max_examples=examples(200))
@given(ticket=tickets())
def test_every_ticket_classify_accepts_is_explained_with_the_same_level(classifier, ticket):
    result = classifier.classify(ticket)
    explained = Explainer(classifier).explain(ticket)
    assert is_error(result) == is_error(explained)
    if not is_error(result):
        assert explained["severity"] == result["severity"]
        assert "explanation" in explained
        render(explained)


def test_a_float_declared_severity_is_explained_in_every_command(tmp_path):
    ticket = {"id": "T-1", "declared_severity": 2.0}
    done = run_cli("explain", "-", input=json.dumps(ticket).encode())
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert done.stdout.startswith(b"T-1: Level 2")
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({**ticket, "id": f"T-{n}"}) + "\n" for n in range(600)))
    for jobs in ("1", "2"):
        done = run_cli("classify", "-q", "--explain", "--jobs", jobs, str(path))
        records = jsonl(done.stdout)
        assert done.returncode == 0, done.stderr[-500:]
        assert len(records) == 600 and all(r["severity"] == 2 and "explanation" in r for r in records)


def test_an_unknown_field_nested_500_deep_is_explained():
    done = run_cli("explain", "-", input=json.dumps(_deep(500)).encode())
    assert done.returncode == 0 and b"RecursionError" not in done.stderr
    assert done.stdout.startswith(b"deep: Level 3")


def test_terminal_escapes_from_the_ticket_never_reach_the_text_output():
    ticket = {"id": "T-\x1b[31mRED", "subject": "\x1b]0;title\x07", "bogus\x1b[2J": 1}
    done = run_cli("explain", "-", input=json.dumps(ticket).encode())
    assert done.returncode == 0
    assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout
    assert done.stdout.startswith(b"T- [31mRED: Level 3")


def test_explain_under_head_exits_141_quietly(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"T-{n}"}) + "\n" for n in range(3000)))
    process = start_cli("explain", str(path), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    process.wait(timeout=120)
    assert stderr == b"", stderr.decode()[-500:]
    assert process.returncode == 141
