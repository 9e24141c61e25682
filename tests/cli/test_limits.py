"""Limits that keep a mistyped option from costing minutes or gigabytes (issue 9, item 8)."""

from __future__ import annotations

import json
import os

from sevtriage.tickets.prepare import MAX_UNKNOWN_FIELD_WARNINGS, unknown_field_warnings

TICKET = json.dumps({"id": "a"}).encode() + b"\n"


def test_jobs_is_capped_with_a_note(run_cli):
    done = run_cli("classify", "--jobs", "1000", "-", input=TICKET)
    assert done.returncode == 0
    limit = max(4, 2 * (os.cpu_count() or 1))
    assert f"--jobs 1000 is more than this machine can use: {limit} workers".encode() in done.stderr


def test_max_ticket_bytes_is_bounded_with_a_usage_error(run_cli):
    done = run_cli("classify", "--max-ticket-bytes", "9223372036854775807", "-", input=TICKET)
    assert done.returncode == 2
    assert b"not in the range 2<=x<=1073741824" in done.stderr and b"Traceback" not in done.stderr


def test_unknown_field_warnings_are_capped():
    ticket = {"id": "a", **{f"k{n}": n for n in range(100_000)}}
    warnings = unknown_field_warnings(ticket)
    assert len(warnings) == MAX_UNKNOWN_FIELD_WARNINGS + 1
    assert warnings[-1] == "... and 99,980 more unknown fields"


def test_a_long_unknown_field_name_is_shortened():
    warnings = unknown_field_warnings({"id": "a", "x" * 10_000: 1})
    assert len(warnings[0]) < 200
