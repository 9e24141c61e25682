"""Byte ranges: with workers, a regular JSON Lines file is read by the workers, range by range.

Ranges are made tiny here (a few hundred bytes) so that every kind of line
meets a range boundary; the output must be byte for byte the one-process
output, error records' line numbers included.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from conftest import default_signals, run_cli, sevtriage_command

from sevtriage.batch.progress import Tally
from sevtriage.batch.run import classified_chunks
from sevtriage.batch.writer import OrderedWriter
from sevtriage.engine.classifier import Classifier
from sevtriage.output.formatters import FORMATTERS
from sevtriage.tickets import file_ranges
from sevtriage.tickets.file_ranges import FileRange, read_range
from sevtriage.tickets.inputs import ReadStats
from sevtriage.tickets.json_codec import jsonl_line
from sevtriage.tickets.sources import iter_raw_inputs

MAX_BYTES = 400


def _ticket(n: int, **extra: object) -> bytes:
    fields = {"id": f"T-{n % 37}", "declared_severity": 1 + n % 4, "technology": "python",
              "request_type": "incident", "phase": "operation", "contact_available": True,
              "created_at": "2026-03-28T23:58:00+01:00", "subject": "it fails", **extra}
    return jsonl_line(fields).rstrip("\n").encode()


def _lines() -> list[bytes]:
    """Results, duplicate ids (every 37th), blank lines, CRLF, broken JSON, bad fields, a long line."""
    out: list[bytes] = []
    for n in range(400):
        out.append(_ticket(n) + (b"\r" if n % 11 == 0 else b""))
        if n % 29 == 0:
            out.append(b"")
        if n % 31 == 0:
            out.append(b'{"id": "broken", ')
        if n % 43 == 0:
            out.append(_ticket(n, declared_severity="high"))
        if n % 97 == 0:
            out.append(b'{"id": "long", "subject": "' + b"x" * 1000 + b'"}')
    return out


def _write(path, lines: list[bytes], final_newline: bool = True) -> None:
    path.write_bytes(b"\n".join(lines) + (b"\n" if final_newline else b""))


def _classify(classifier: Classifier, files: tuple[str, ...], jobs: int, ranges: bool,
              output_format: str = "jsonl") -> bytes:
    stats, tally = ReadStats(), Tally()
    buffer = io.BytesIO()
    out = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n")
    render = jsonl_line if output_format == "jsonl" else None
    writer = OrderedWriter(out, None if render else FORMATTERS[output_format](out), render, tally)
    records = iter_raw_inputs(files, MAX_BYTES, stats, ranges=ranges)
    for chunk in classified_chunks(classifier, records, jobs, render):
        writer.write(chunk)
    writer.close()
    return buffer.getvalue()


@pytest.fixture
def tiny_ranges(monkeypatch):
    monkeypatch.setattr(file_ranges, "RANGE_BYTES", 300)


@pytest.mark.parametrize("name, final_newline", [("t.jsonl", True), ("t.json", False)])
def test_ranges_give_the_one_process_output_byte_for_byte(tmp_path, classifier, tiny_ranges, name,
                                                           final_newline):
    path = tmp_path / name
    _write(path, _lines(), final_newline)
    expected = _classify(classifier, (str(path),), 1, ranges=False)
    got = _classify(classifier, (str(path),), 2, ranges=True)
    assert got == expected
    assert b'"line":' in got and b"duplicate id" in got and b"ticket_too_large" in got


def test_ranges_of_two_files_and_other_formats_number_lines_per_file(tmp_path, classifier, tiny_ranges):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.ndjson"
    _write(first, _lines()[:150])
    _write(second, _lines()[150:])
    files = (str(first), str(second))
    for output_format in ("jsonl", "csv"):
        assert (_classify(classifier, files, 2, ranges=True, output_format=output_format)
                == _classify(classifier, files, 1, ranges=False, output_format=output_format))


def test_every_line_is_in_exactly_one_range(tmp_path, tiny_ranges):
    path = tmp_path / "t.jsonl"
    _write(path, _lines(), final_newline=False)
    stats = ReadStats()
    items = list(iter_raw_inputs((str(path),), MAX_BYTES, stats, ranges=True))
    assert all(isinstance(item, FileRange) for item in items) and len(items) > 20
    assert [items[0].start, *[item.end for item in items]] == [0, *[item.start for item in items[1:]],
                                                               path.stat().st_size]
    data = path.read_bytes()
    assert all(data[item.end - 1:item.end] == b"\n" for item in items[:-1])
    assert items[0].first_line == 1 and all(item.first_line is None for item in items[1:])
    lines = [read_range(item, ReadStats()).lines for item in items]
    assert sum(lines) == data.count(b"\n")


def test_a_line_longer_than_a_whole_read_is_read_in_blocks_and_reported(tmp_path, monkeypatch, classifier):
    monkeypatch.setattr(file_ranges, "RANGE_BYTES", 1000)
    monkeypatch.setattr(file_ranges, "_WHOLE_READ_BYTES", 2000)
    path = tmp_path / "t.jsonl"
    _write(path, [_ticket(1), b'{"id": "huge", "subject": "' + b"y" * 50_000 + b'"}', _ticket(2), b"", _ticket(3)])
    expected = _classify(classifier, (str(path),), 1, ranges=False)
    assert _classify(classifier, (str(path),), 2, ranges=True) == expected
    assert expected.count(b"ticket_too_large") == 1


def test_a_file_replaced_while_it_is_read_becomes_an_error_record_not_other_tickets(tmp_path):
    path = tmp_path / "t.jsonl"
    _write(path, _lines()[:20])
    info = os.stat(path)
    part = FileRange(str(path), str(path), (info.st_dev, info.st_ino), 0, info.st_size, MAX_BYTES, 7)
    replacement = tmp_path / "new.jsonl"
    _write(replacement, _lines()[20:40])
    os.replace(replacement, path)
    read = read_range(part, ReadStats())
    assert len(read.items) == 1 and read.items[0].line == 7
    assert read.items[0].error is not None and read.items[0].error.code == "input_changed"


def test_standard_input_from_a_regular_file_is_cut_into_ranges_too(tmp_path, classifier, tiny_ranges, monkeypatch):
    path = tmp_path / "t.jsonl"
    _write(path, _lines())
    expected = _classify(classifier, (str(path),), 1, ranges=False).replace(
        b'"file":"%s"' % str(path).encode(), b'"file":"<stdin>"')
    with path.open("rb") as raw:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(raw))
        items = list(iter_raw_inputs(("-",), MAX_BYTES, ReadStats(), ranges=True))
        ranges = [item for item in items[1:] if isinstance(item, FileRange)]  # the first line is read to sniff
        assert len(ranges) == len(items) - 1 > 20 and all(item.fd is not None for item in ranges)
        raw.seek(0)
        got = _classify(classifier, ("-",), 2, ranges=True)
    assert got == expected and b'"line":' in got


def test_classify_reads_a_file_redirected_to_standard_input_in_ranges_as_the_named_file(tmp_path):
    path = tmp_path / "t.jsonl"
    _write(path, _lines() * 14)  # ~1.4 MB: more than one range
    named = run_cli("classify", "-q", "--jobs", "1", "--no-text-flags", "--max-ticket-bytes", str(MAX_BYTES), path)
    with path.open("rb") as stdin:
        redirected = subprocess.run([*sevtriage_command(), "classify", "-q", "--jobs", "2", "--no-text-flags",
                                     "--max-ticket-bytes", str(MAX_BYTES), "-"], stdin=stdin, capture_output=True,
                                    timeout=120, check=False, preexec_fn=default_signals)
    assert redirected.returncode == named.returncode == 1, redirected.stderr
    assert redirected.stdout == named.stdout.replace(b'"file":"%s"' % str(path).encode(), b'"file":"<stdin>"')


def test_stdin_ranges_after_a_file_that_started_the_workers(tmp_path):
    """Standard input after a named file big enough to fork the workers: its descriptor is shared
    before the fork, so its ranges are read, not reported as a replaced file."""
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _write(first, _lines() * 14)  # ~1.4 MB: two chunks, so the pool is forked while reading it
    _write(second, _lines() * 14)
    named = run_cli("classify", "-q", "--jobs", "1", "--no-text-flags", "--max-ticket-bytes", str(MAX_BYTES),
                    first, second)
    with second.open("rb") as stdin:
        redirected = subprocess.run([*sevtriage_command(), "classify", "-q", "--jobs", "2", "--no-text-flags",
                                     "--max-ticket-bytes", str(MAX_BYTES), str(first), "-"], stdin=stdin,
                                    capture_output=True, timeout=120, check=False, preexec_fn=default_signals)
    assert b"input_changed" not in redirected.stdout
    assert redirected.stdout == named.stdout.replace(b'"file":"%s"' % str(second).encode(), b'"file":"<stdin>"')


@pytest.mark.parametrize("jobs, ranges", [(1, False), (2, False), (2, True)])
def test_an_input_gone_before_its_turn_is_one_error_record_and_the_rest_is_read(tmp_path, classifier, tiny_ranges,
                                                                              jobs, ranges):
    """A file removed after the command checked it: one ``input_unreadable`` record naming it, in its
    place; the inputs before and after it are classified in full (no traceback, nothing dropped)."""
    first, last = tmp_path / "a.jsonl", tmp_path / "c.jsonl"
    _write(first, _lines())
    _write(last, _lines()[:40])
    gone = str(tmp_path / "gone.jsonl")
    expected = _classify(classifier, (str(first), str(last)), 1, ranges=False)
    got = _classify(classifier, (str(first), gone, str(last)), jobs, ranges=ranges)
    lines = got.decode().splitlines()
    error = [line for line in lines if '"input_unreadable"' in line]
    assert len(error) == 1 and f'"file":"{gone}"' in error[0] and "cannot read" in error[0]
    assert "\n".join(line for line in lines if line != error[0]) + "\n" == expected.decode()
    first_count = len(_classify(classifier, (str(first),), 1, ranges=False).decode().splitlines())
    assert lines.index(error[0]) == first_count  # in the place of the file, in input order
