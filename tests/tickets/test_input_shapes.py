"""How an input's shape is recognised, and that no shape loses records (issue 9, items 2 and 7)."""

from __future__ import annotations

import io
import json

import pytest
from batch_helpers import jsonl, peak_rss_of_cli, run_cli

from sevtriage.tickets.inputs import ReadStats, read_records, read_tickets

BOM = b"\xef\xbb\xbf"


def _outcomes(data: bytes, name: str | None = "t.json", max_bytes: int = 1024 * 1024):
    out = []
    for record in read_tickets(io.BufferedReader(io.BytesIO(data)), name, max_bytes, ReadStats()):
        out.append((record.line, record.error.code if record.error else record.ticket.get("id")
                    if isinstance(record.ticket, dict) else record.ticket))
    return out


def _line(ticket_id: str) -> bytes:
    return json.dumps({"id": ticket_id}).encode() + b"\n"


def test_a_truncated_first_line_costs_only_that_line():
    data = b'{"id": "T-0", "symptoms": {"data_los\n' + b"".join(_line(f"T-{n}") for n in range(1, 100_001))
    outcomes = _outcomes(data)
    assert len(outcomes) == 100_001
    assert outcomes[0] == (1, "invalid_json")
    assert outcomes[1] == (2, "T-1") and outcomes[-1] == (100_001, "T-100000")


@pytest.mark.parametrize("first", [b'{"id": "T-0", "tags": [\n', b'{"id": "T-0", "subject": "cut\n', b"{\n"])
def test_a_broken_first_record_does_not_swallow_valid_lines(first):
    data = first + _line("T-1") + _line("T-2")
    assert _outcomes(data) == [(1, "invalid_json"), (2, "T-1"), (3, "T-2")]


def test_a_bom_does_not_count_toward_the_first_line_limit():
    first = _line("T-1")
    limit = len(first) - 1  # exactly at the limit, without its newline
    data = BOM + first + _line("b")
    assert _outcomes(data, "t.json", limit) == [(1, "T-1"), (2, "b")]
    assert _outcomes(data, "t.json", limit - 1) == [(1, "ticket_too_large"), (2, "b")]


@pytest.mark.parametrize("name", ["t.jsonl", "T.NDJSON"])
def test_a_jsonl_name_is_json_lines_whatever_the_first_line_holds(name):
    data = b'[{"id": "a"}, {"id": "b"}]\n'
    assert _outcomes(data, name) == [(1, [{"id": "a"}, {"id": "b"}])]
    assert _outcomes(b"{\n" + _line("T-2"), name) == [(1, "invalid_json"), (2, "T-2")]


def test_a_json_lines_file_starting_with_an_array_line_is_json_lines():
    data = b'[1, 2]\n' + _line("a") + _line("b")
    assert _outcomes(data) == [(1, [1, 2]), (2, "a"), (3, "b")]


def test_concatenated_pretty_printed_documents_are_read_one_by_one():
    docs = [json.dumps({"id": f"T-{n}", "subject": "é ü [x] {y}"}, indent=2, ensure_ascii=False)
            for n in range(5)]
    data = ("\n".join(docs) + "\n").encode()
    assert _outcomes(data) == [(1 + 4 * n, f"T-{n}") for n in range(5)]
    crlf = data.replace(b"\n", b"\r\n")
    assert [code for _, code in _outcomes(crlf)] == [f"T-{n}" for n in range(5)]


def test_a_broken_pretty_printed_document_is_one_error_and_the_next_is_read():
    data = b'{\n  "id": "T-1",\n  "x": tru,\n  "y": 1\n}\n{\n  "id": "T-2"\n}\n'
    assert _outcomes(data) == [(1, "invalid_json"), (6, "T-2")]


def test_an_array_streams_its_elements_and_a_broken_one_costs_only_itself():
    data = b'[\n  {"id": "a"},\n  {"id": "b", "x": [tru]},\n  "text",\n  {"id": "c"}\n]\n'
    assert _outcomes(data) == [(1, "a"), (2, "invalid_json"), (3, "text"), (4, "c")]


def test_an_array_element_over_the_limit_is_skipped_without_losing_the_next():
    big = json.dumps({"id": "big", "d": "x" * 5000, "n": [{"a": "]}\\\""}] * 50})
    data = ('[{"id": "a"}, ' + big + ', {"id": "c"}]').encode()
    assert _outcomes(data, max_bytes=2000) == [(1, "a"), (2, "ticket_too_large"), (3, "c")]


@pytest.mark.parametrize(("text", "expected"), [
    (b'[{"id": "a"}, {"id": "b"}', [(1, "a"), (2, "b"), (3, "invalid_json")]),
    (b'[{"id": "a"} {"id": "b"}, {"id": "c"}]', [(1, "a"), (2, "invalid_json"), (3, "c")]),
    (b'[{"id": "a"},]', [(1, "a"), (2, "invalid_json")]),
    (b'[]', []),
    (b'[{"id": "a"}]\n[{"id": "b"}]\n', [(1, "[{\"id\": \"a\"}]"), (2, "[{\"id\": \"b\"}]")]),
])
def test_array_edge_cases(text, expected):
    got = _outcomes(text)
    if text.startswith(b'[{"id": "a"}]\n'):  # two array lines: JSON Lines of arrays
        assert [code for _, code in got] == [[{"id": "a"}], [{"id": "b"}]]
    else:
        assert got == expected


def test_a_one_line_array_longer_than_the_limit_is_still_an_array():
    data = ("[" + ", ".join(json.dumps({"id": f"T-{n}"}) for n in range(2000)) + "]").encode()
    assert len(data) > 10_000
    assert [code for _, code in _outcomes(data, max_bytes=1000)] == [f"T-{n}" for n in range(2000)]


def test_valid_shapes_give_the_same_records_as_json_lines():
    tickets = [{"id": f"T-{n}", "declared_severity": 1 + n % 4, "subject": "ü" * n} for n in range(300)]
    lines = b"".join(json.dumps(t).encode() + b"\n" for t in tickets)
    shapes = [json.dumps(tickets).encode(), json.dumps(tickets, indent=2).encode(),
              b"\n".join(json.dumps(t, indent=4).encode() for t in tickets)]
    expected = [t["id"] for t in tickets]
    assert [code for _, code in _outcomes(lines)] == expected
    for shape in shapes:
        assert [code for _, code in _outcomes(shape)] == expected


def test_documents_are_left_undecoded_for_the_workers():
    items = list(read_records(io.BufferedReader(io.BytesIO(b'[{"id": "a"}]')), "t.json"))
    assert items[0].raw == b'{"id": "a"}' and items[0].ticket is None


def test_a_pretty_printed_document_over_the_limit_is_refused_with_bounded_memory(tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as out:
        out.write(b'{\n  "id": "big",\n  "items": [\n')
        row = b'    {"name": "a value", "other": [1, 2, 3], "text": "some \\" quoted [text]"},\n'
        for _ in range(60 * 1024 * 1024 // len(row)):
            out.write(row)
        out.write(b'    {}\n  ]\n}\n{"id": "after"}\n')
    status, peak_kib = peak_rss_of_cli("classify", "--jobs", "1", "-o", str(tmp_path / "out.jsonl"), str(path))
    assert status == 1
    assert peak_kib < 45 * 1024
    records = jsonl((tmp_path / "out.jsonl").read_bytes())
    assert [r.get("error", {}).get("code") or r["id"] for r in records] == ["ticket_too_large", "after"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_concatenated_documents_through_the_cli(tmp_path, jobs):
    docs = b"".join(json.dumps({"id": f"T-{n}"}, indent=2).encode() + b"\n" for n in range(1500))
    done = run_cli("classify", "-q", "--jobs", jobs, "-", input=docs)
    assert done.returncode == 0
    assert [r["id"] for r in jsonl(done.stdout)] == [f"T-{n}" for n in range(1500)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(encoding):
    import codecs
    marks = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
             "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
    text = '{"id": "a", "subject": "café"}\r\n{"id": "b"}\r\n'
    data = marks.get(encoding, b"") + text.encode(encoding)
    got = list(read_tickets(io.BufferedReader(io.BytesIO(data)), "t.json"))
    assert [(r.line, r.ticket) for r in got] == [(1, {"id": "a", "subject": "café"}), (2, {"id": "b"})]


def test_utf16_without_a_byte_order_mark_is_one_clear_record():
    data = '{"id": "a"}\n{"id": "b"}\n'.encode("utf-16-le")
    assert _outcomes(data) == [(1, "invalid_utf8")]
