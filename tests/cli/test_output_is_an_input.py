"""An output option never replaces one of the command's inputs (issue 9 follow-up, item 1).

``classify t.jsonl -o t.jsonl`` used to swap the tickets for their results.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from batch_helpers import ROOT, SEVTRIAGE, run_cli

TICKETS = (ROOT / "examples" / "tickets.jsonl").read_bytes()


@pytest.fixture
def tickets(tmp_path: Path) -> Path:
    path = tmp_path / "t.jsonl"
    path.write_bytes(TICKETS)
    return path


def _refused(done, option: str) -> None:
    assert done.returncode == 2, done.stderr
    message = done.stderr.decode()
    assert option in message and "is also an input" in message, message
    assert "Traceback" not in message


@pytest.mark.parametrize("output", ["same", "link", "hardlink", "dotted"])
def test_classify_output_that_is_an_input_is_a_usage_error(tickets: Path, tmp_path: Path, output: str) -> None:
    if output == "link":
        target = tmp_path / "link.jsonl"
        target.symlink_to(tickets)
    elif output == "hardlink":
        target = tmp_path / "hard.jsonl"
        os.link(tickets, target)
    elif output == "dotted":
        target = tmp_path / "." / "t.jsonl"
    else:
        target = tickets
    _refused(run_cli("classify", "-q", "--jobs", "1", str(tickets), "-o", str(target)), "--output")
    assert tickets.read_bytes() == TICKETS


def test_classify_report_that_is_an_input_is_a_usage_error(tickets: Path, tmp_path: Path) -> None:
    done = run_cli("classify", "-q", "--jobs", "1", str(tickets), "-o", str(tmp_path / "out.jsonl"),
                   "--report", str(tickets))
    _refused(done, "--report")
    assert tickets.read_bytes() == TICKETS
    assert not (tmp_path / "out.jsonl").exists()


def test_standard_input_from_the_output_file_is_refused(tickets: Path) -> None:
    with tickets.open("rb") as stdin:
        done = subprocess.run([SEVTRIAGE, "classify", "-q", "--jobs", "1", "-o", str(tickets)], stdin=stdin,
                              capture_output=True, timeout=120, cwd=ROOT)
    _refused(done, "--output")
    assert tickets.read_bytes() == TICKETS


def test_map_output_that_is_an_input_is_a_usage_error(tickets: Path) -> None:
    _refused(run_cli("map", "zendesk", str(tickets), "-o", str(tickets)), "--output")
    assert tickets.read_bytes() == TICKETS


def test_report_output_that_is_an_input_is_a_usage_error(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    done = run_cli("classify", "-q", "--jobs", "1", str(ROOT / "examples" / "tickets.jsonl"), "-o", str(results))
    assert done.returncode in (0, 1), done.stderr
    before = results.read_bytes()
    _refused(run_cli("report", str(results), "-o", str(results)), "--output")
    assert results.read_bytes() == before


def test_another_file_and_a_device_are_still_written(tickets: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = run_cli("classify", "-q", "--jobs", "1", str(tickets), "-o", str(out))
    assert done.returncode in (0, 1), done.stderr
    assert out.read_bytes()
    done = run_cli("classify", "-q", "--jobs", "1", "-", "-o", os.devnull, input=b"")
    assert done.returncode == 0, done.stderr


def test_junit_that_is_a_named_fixture_file_is_a_usage_error(tmp_path: Path) -> None:
    fixture = sorted((ROOT / "fixtures").rglob("*.yaml"))[0]
    copy = tmp_path / "f.yaml"
    copy.write_bytes(fixture.read_bytes())
    _refused(run_cli("test", str(copy), "--junit", str(copy)), "--junit")
    assert copy.read_bytes() == fixture.read_bytes()
