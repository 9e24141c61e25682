"""A chunk of JSON Lines rendered by the classifier itself equals the general path's chunk."""

from __future__ import annotations

import pytest

from sevtriage.batch.chunks import ChunkOutput, classify_chunk
from sevtriage.engine.classifier import Classifier
from sevtriage.tickets.file_ranges import file_ranges
from sevtriage.tickets.inputs import LineBlock, ReadStats
from sevtriage.tickets.intake import intake
from sevtriage.tickets.json_codec import jsonl_line
from sevtriage.tickets.records import InputRecord

LINES = [b'{"id": "A", "symptoms": {"service_stopped": true}, "created_at": "2026-03-02T09:15:00+01:00"}',
         b"", b"   ", b'{"id": "B", "declared_severity": 9}', b'{"id": "A", "request_type": "question"}',
         b"not json", b'{"id": 7}', b'{"id": "C", "extra": 123456789012345678901234}\r', b"[]"]


def _items() -> list:
    block = LineBlock("t.jsonl", 2, b"\n".join(LINES) + b"\n", 1000)
    return [InputRecord("t.jsonl", 1, raw=b'{"id": "first", "symptoms": {"unstable": true}}'), block,
            InputRecord("t.jsonl", 12, raw=b'{"id": "last"}')]


def _general(classifier: Classifier, records: list[InputRecord]):
    return classifier.classify_records(records)


def _fields(out: ChunkOutput) -> tuple:
    return (out.number, out.data, out.count, out.error_at, out.ids, out.blank_lines, out.input_bytes,
            out.errors, out.levels, out.range_lines, out.range_first_line, out.empty_payloads)


def _without_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rendering path must be the one taken: it never builds a result record."""
    monkeypatch.setattr(Classifier, "classify_records", lambda *_: pytest.fail("a result record was built"))


@pytest.mark.parametrize("contract", [False, True])
def test_a_rendered_chunk_is_the_general_paths_chunk(plain_classifier, monkeypatch, contract):
    expected = classify_chunk(plain_classifier, 3, _items(), jsonl_line, _general)
    _without_records(monkeypatch)  # the command passes the contract's intake (CSV rows only)
    got = classify_chunk(plain_classifier, 3, _items(), jsonl_line, None, intake(None) if contract else None)
    assert _fields(got) == _fields(expected)
    assert got.records() == expected.records() and len(got.records()) == 9


def test_a_rendered_file_range_is_the_general_paths_chunk(plain_classifier, monkeypatch, tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b"\n".join(LINES * 30) + b"\n")
    with path.open("rb") as stream:
        ranges = list(file_ranges(stream, str(path), 1, 1000, ReadStats()) or [])
    assert ranges
    expected = [classify_chunk(plain_classifier, n, [part], jsonl_line, _general) for n, part in enumerate(ranges)]
    _without_records(monkeypatch)
    got = [classify_chunk(plain_classifier, n, [part], jsonl_line, None, intake(None))
           for n, part in enumerate(ranges)]
    assert [_fields(out) for out in got] == [_fields(out) for out in expected]


def _zendesk_lines() -> list[bytes]:
    """Zendesk payloads as JSON Lines: tickets, an envelope of several, an empty page, broken
    JSON, a value outside the priority table, a ticket with its fields missing."""
    import json
    from pathlib import Path

    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "helpdesks" / "zendesk" / "tickets.json"
    tickets = json.loads(fixture.read_text(encoding="utf-8"))["tickets"]
    lines = [json.dumps(ticket).encode() for ticket in tickets]
    lines += [json.dumps({"tickets": tickets[:2]}).encode(), b'{"tickets": []}', b"", b"{broken",
              json.dumps({**tickets[0], "id": 99, "priority": "blazing"}).encode(), b'{"id": 7}']
    return lines


def test_a_mapped_block_is_rendered_like_the_general_path(plain_classifier, monkeypatch):
    """With --map, lines of a block are mapped in the worker and rendered by the classifier."""
    from sevtriage.tickets.mapping.loader import load_mapping

    mapped = intake(load_mapping("zendesk"))
    lines = _zendesk_lines()

    def items() -> list:
        return [LineBlock("z.jsonl", 1, b"\n".join(lines) + b"\n", 100_000)]

    expected = classify_chunk(plain_classifier, 0, items(), jsonl_line, _general, mapped)
    _without_records(monkeypatch)
    got = classify_chunk(plain_classifier, 0, items(), jsonl_line, None, mapped)
    assert _fields(got) == _fields(expected)
    assert got.empty_payloads == [("z.jsonl", 6)] and got.errors == 2
