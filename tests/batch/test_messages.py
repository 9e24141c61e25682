"""Messages people read: singulars, a progress line that counts what is written and gets out of the way (issue 9, item 10)."""

from __future__ import annotations

import json
import os
import pty

from batch_helpers import read_terminal, run_cli
from conftest import start_cli

from sevtriage.batch.chunks import classify_chunk
from sevtriage.batch.progress import Tally, summary
from sevtriage.tickets.inputs import LineBlock
from sevtriage.wording import counted


def test_one_ticket_one_error_are_singular():
    done = run_cli("classify", "-", input=b'{"id": "a"}\n{"id": 1}\n')
    assert b"classified 2 tickets in" in done.stderr
    assert b": 1 result, 1 error, 0 blank lines skipped" in done.stderr
    one = run_cli("classify", "-", input=b'{"id": "a"}\n')
    assert b"classified 1 ticket in" in one.stderr


def test_counted():
    assert [counted(n, "ticket") for n in (0, 1, 2, 1000)] == ["0 tickets", "1 ticket", "2 tickets",
                                                               "1,000 tickets"]
    assert "1 duplicate id" in summary(Tally(tickets=2, duplicates=1), {})


def test_progress_counts_the_input_bytes_of_the_records_written(classifier):
    data = b'{"id": "a"}\n\n{"id": "b"}\n'
    out = classify_chunk(classifier, 0, [LineBlock("f", 1, data, 1000)], None)
    assert out.input_bytes == len(data)


def test_the_progress_line_is_cleared_before_results_on_the_same_terminal(tmp_path):
    path = tmp_path / "t.jsonl"
    # 1 KB tickets: the input spans many read blocks, so results are written between progress draws
    path.write_text("".join(json.dumps({"id": f"T-{n}", "description": "x" * 1000}) + "\n" for n in range(4000)))
    master, slave = pty.openpty()
    try:
        process = start_cli("classify", "--jobs", "1", str(path), stdout=slave, stderr=slave)
        os.close(slave)
        seen = read_terminal(master)
        process.wait(timeout=120)
    finally:
        os.close(master)
    assert b"tickets/s" in seen
    results = 0
    for line in seen.decode().split("\n"):
        visible = line.rstrip("\r").split("\r")[-1].replace("\x1b[K", "")  # the pty ends lines with \r\n
        if visible.startswith("{"):
            json.loads(visible)  # no progress text glued in front of a result
            results += 1
    assert results == 4000
