"""SIGTERM and SIGHUP stop a batch as Ctrl-C does; a killed parent leaves quiet workers (issue 9, item 4)."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from conftest import start_cli


def _tickets(count: int) -> bytes:
    return b"".join(json.dumps({"id": f"T-{n}", "symptoms": {"unstable": n % 2 == 0}}).encode() + b"\n"
                    for n in range(count))


def _wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def _feed(process: subprocess.Popen, data: bytes) -> None:
    """Write ``data`` to the process's stdin from a thread (its stdout may fill first), keep it open."""
    def write() -> None:
        try:
            process.stdin.write(data)
            process.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass
    threading.Thread(target=write, daemon=True).start()


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(n) for n in (task / "children").read_text().split()]
    return found


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_and_sighup_leave_no_partial_file_and_keep_the_previous_one(tmp_path, signum, status, jobs):
    target = tmp_path / "results.jsonl"
    target.write_text("previous\n")
    process = start_cli("classify", "--jobs", jobs, "-o", str(target), "-",
                        stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdin.write(_tickets(3000))  # and keep standard input open: the run cannot finish
    process.stdin.flush()
    _wait_for(lambda: list(tmp_path.glob(".results.jsonl.*.partial")))
    time.sleep(0.3)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status
    text = stderr.decode()
    assert text.startswith("sevtriage: interrupted after ") and "Traceback" not in text
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.jsonl"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_with_format_json_to_stdout_closes_the_array(jobs):
    process = start_cli("classify", "--jobs", jobs, "--format", "json", "-",
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _feed(process, _tickets(20_000))  # more than one read block: results come before the end
    first = process.stdout.read1(1)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    rest = process.stdout.read()  # not communicate(): it would close stdin under the feeding thread
    process.wait(timeout=60)
    assert process.returncode == 130
    records = json.loads(first + rest)
    assert records and all("severity" in r for r in records)


def test_workers_end_quietly_when_the_reading_process_is_killed(tmp_path):
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:
        process = start_cli("classify", "-q", "--jobs", "2", "-", stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=stderr)
    _feed(process, _tickets(40_000))
    process.stdout.read1(1)  # the workers are classifying
    workers = _children(process.pid)
    assert len(workers) == 2
    process.kill()
    process.wait(timeout=30)
    process.stdout.close()  # the last reader of their results' destination
    _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() and
                              "zombie" not in Path(f"/proc/{pid}/status").read_text() for pid in workers))
    assert b"Traceback" not in errors.read_bytes(), errors.read_text()[-2000:]
