"""``sevtriage classify`` as a long batch: jobs, order, progress, summary, Ctrl-C, closed pipes.

The synthetic tickets' text is a salad of symptom words: these tests are about batching, so they
run with --no-text-flags (tests/tickets/test_text_flags.py runs the detectors through the workers).
"""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import time

import pytest
from batch_helpers import SEVTRIAGE, jsonl, read_terminal, run_cli, synthetic_file
from conftest import start_cli

from sevtriage.engine.classifier import Classifier
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.policy.loader import load_policy
from sevtriage.resources import bundled_policy_path
from sevtriage.tickets.inputs import read_tickets
from sevtriage.tickets.json_codec import jsonl_line


@pytest.fixture(scope="module")
def tickets_file(tmp_path_factory):
    return synthetic_file(tmp_path_factory.mktemp("batch") / "tickets.jsonl", 6000, seed=5)


def _reference_output(path) -> bytes:
    """What the pure-Python reference evaluator says, through the same classifier code."""
    policy = load_policy(bundled_policy_path())
    oracle = Classifier(policy, ReferenceMatcher(policy), text_flags=False)
    with open(path, "rb") as stream:
        return "".join(jsonl_line(r) for r in oracle.classify_records(read_tickets(stream, str(path)))).encode()


def test_one_and_two_jobs_give_the_reference_evaluators_answers_in_input_order(tickets_file):
    expected = _reference_output(tickets_file)
    for jobs in ("1", "2", "3"):
        done = run_cli("classify", "--no-text-flags", "--jobs", jobs, "--quiet", str(tickets_file))
        assert done.returncode == 0 and done.stderr == b""
        assert done.stdout == expected, f"--jobs {jobs} disagrees with the reference evaluator"


def test_summary_on_stderr_when_piped_and_no_progress_bar(tickets_file):
    done = run_cli("classify", "--no-text-flags", "--jobs", "2", str(tickets_file))
    summary = done.stderr.decode()
    assert "\r" not in summary
    assert summary.startswith("sevtriage: classified 6,000 tickets in ")
    assert "tickets/s" in summary and "0 errors" in summary and "0 blank lines skipped" in summary
    levels = {r["severity"] for r in jsonl(done.stdout)}
    assert all(f"Level {level} " in summary for level in levels)


def test_quiet_silences_progress_and_summary(tickets_file):
    assert run_cli("classify", "--no-text-flags", "-q", str(tickets_file)).stderr == b""


def test_progress_bar_when_stderr_is_a_terminal(tickets_file):
    master, slave = pty.openpty()
    try:
        done = subprocess.run([SEVTRIAGE, "classify", "--no-text-flags", "--jobs", "1", str(tickets_file)],
                              stdout=subprocess.DEVNULL, stderr=slave, timeout=120)
        os.close(slave)
        seen = read_terminal(master)
    finally:
        os.close(master)
    text = seen.decode()
    assert done.returncode == 0
    assert "\r" in text and "tickets" in text and "/s" in text and "%" in text
    assert "sevtriage: classified 6,000 tickets" in text


def _wait_for_output(process: subprocess.Popen, path=None) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if path is None and process.stdout.read1(1):
            return
        if path is not None and list(path.parent.glob(f".{path.name}.*.partial")):
            return
        time.sleep(0.05)
    raise AssertionError("no output")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_with_the_summary_so_far_exit_130_and_no_partial_output(tmp_path, tickets_file, jobs):
    target = tmp_path / "results.jsonl"
    process = start_cli("classify", "--no-text-flags", "--jobs", jobs, "-o", str(target), "-",
                        stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    data = tickets_file.read_bytes()
    process.stdin.write(data)  # and keep standard input open: the run cannot finish
    process.stdin.flush()
    _wait_for_output(process, target)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    text = stderr.decode()
    assert text.startswith("sevtriage: interrupted after ") and "Traceback" not in text
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone too


def test_a_closed_pipe_ends_the_run_quietly(tickets_file):
    for jobs in ("1", "2"):
        process = start_cli("classify", "--no-text-flags", "--jobs", jobs, str(tickets_file),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        process.stdout.readline()
        process.stdout.close()  # like `| head -1`
        stderr = process.stderr.read()
        process.wait(timeout=60)
        assert stderr == b"", stderr.decode()
        assert process.returncode == 141


def test_output_file_is_complete_and_renamed_at_the_end(tmp_path, tickets_file):
    target = tmp_path / "out.jsonl"
    done = run_cli("classify", "--no-text-flags", "-q", "-o", str(target), str(tickets_file))
    assert done.returncode == 0 and done.stdout == b""
    assert len(target.read_bytes().splitlines()) == 6000
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


@pytest.mark.parametrize("output_format", ["json", "table"])
def test_other_formats_through_workers_match_one_job(tickets_file, output_format):
    one = run_cli("classify", "--no-text-flags", "-q", "--jobs", "1", "--format", output_format, str(tickets_file))
    two = run_cli("classify", "--no-text-flags", "-q", "--jobs", "2", "--format", output_format, str(tickets_file))
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout


def test_one_ticket_with_many_jobs_gets_its_result(tmp_path):
    path = tmp_path / "one.json"
    path.write_text('{"id": "solo", "symptoms": {"crash_or_hang": true}}')
    done = run_cli("classify", "--no-text-flags", "--jobs", "8", "-q", str(path))
    assert jsonl(done.stdout)[0]["severity"] == 1


def test_iter_inputs_still_gives_decoded_records_for_other_commands(tmp_path):
    from sevtriage.tickets.inputs import ReadStats
    from sevtriage.tickets.sources import iter_inputs

    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"id": "a"}\n\n{"id": "b"}\nnope\n')
    stats = ReadStats()
    records = list(iter_inputs((str(path),), 1000, stats))
    assert [(r.line, r.ticket, r.error and r.error.code) for r in records] == [
        (1, {"id": "a"}, None), (3, {"id": "b"}, None), (4, None, "invalid_json")]
    assert all(r.raw is None for r in records) and stats.blank_lines == 1
