"""A closed standard stream works, or fails with a clear message (issue 9, item 5)."""

from __future__ import annotations

import json
import shlex
import subprocess

from batch_helpers import SEVTRIAGE


def _shell(command: str, tmp_path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["sh", "-c", command], capture_output=True, timeout=60, cwd=tmp_path)


def _ticket_file(tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "a"}) + "\n")
    return path


def test_a_closed_standard_error_still_classifies(tmp_path):
    path = _ticket_file(tmp_path)
    done = _shell(f"{shlex.quote(SEVTRIAGE)} classify {path} 2>&-", tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout)["id"] == "a"


def test_a_closed_standard_input_reads_as_empty(tmp_path):
    done = _shell(f"{shlex.quote(SEVTRIAGE)} classify <&-", tmp_path)
    assert done.returncode == 0 and done.stdout == b""
    assert b"Traceback" not in done.stderr and b"classified 0 tickets" in done.stderr


def test_a_closed_standard_output_is_a_clear_error_unless_output_is_given(tmp_path):
    path = _ticket_file(tmp_path)
    for command in ("classify", "explain"):
        done = _shell(f"{shlex.quote(SEVTRIAGE)} {command} {path} >&-", tmp_path)
        assert done.returncode == 2
        assert done.stderr.startswith(b"sevtriage: standard output is closed"), done.stderr
    done = _shell(f"{shlex.quote(SEVTRIAGE)} classify -q {path} -o out.jsonl >&-", tmp_path)
    assert done.returncode == 0 and json.loads((tmp_path / "out.jsonl").read_text())["id"] == "a"
