"""Input that breaks things: one output record per input record, in order, whatever it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_helpers import jsonl, peak_rss_of_cli, run_cli

BIG_LINE_BYTES = 50 * 1024 * 1024


def _ticket(ticket_id: str, **fields) -> bytes:
    return json.dumps({"id": ticket_id, **fields}).encode()


@pytest.fixture(scope="module")
def mixed_file(tmp_path_factory) -> Path:
    """Every kind of broken record, between valid tickets; 16 records, 2 blank lines."""
    path = tmp_path_factory.mktemp("broken") / "mixed.jsonl"
    with path.open("wb") as out:
        out.write(b"\xef\xbb\xbf" + _ticket("T-1", symptoms={"data_loss": True}) + b"\r\n")  # 1 BOM, CRLF
        out.write(b'{"id": "T-2", "subject": "caf\xe9"}\n')                                  # 2 Latin-1
        out.write(b"\n")                                                                    # 3 blank
        out.write(_ticket("T-3", request_type="advice") + b"\r\n")                          # 4 CRLF
        out.write(b'{"id": "big", "description": "')                                        # 5 50 MB
        chunk = b"x" * (1024 * 1024)
        for _ in range(BIG_LINE_BYTES // len(chunk)):
            out.write(chunk)
        out.write(b'"}\n')
        out.write(b"[" * 100_000 + b"]" * 100_000 + b"\n")                                  # 6 deep
        out.write(b'{"id": "deep", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")       # 7 deep
        out.write(b"42\n")                                                                  # 8 number
        out.write(b'"just a string"\n')                                                     # 9 string
        out.write(_ticket("T-1", symptoms={"unstable": True}) + b"\n")                      # 10 duplicate
        out.write(b"   \t \r\n")                                                            # 11 blank
        out.write(_ticket("T-5", symptoms={"data_loss": 1}) + b"\n")                        # 12 coercion
        out.write(b'{"subject": "no id"}\n')                                                # 13 no id
        out.write(b'{"id": "nan", "declared_severity": NaN}\n')                             # 14 NaN
        out.write(b'{"id": "\\ud800"}\n')                                                   # 15 surrogate
        out.write(_ticket("T-1") + b"\n")                                                   # 16 third T-1
        out.write(b'{"id": "T-6", "symptoms": {"data_loss": tr\n')                          # 17 truncated
        out.write(b'{"id": "T-7", "symptoms": ' + b"[" * 1020 + b"]" * 1020 + b"}")        # 18 deep, valid JSON
    return path


EXPECTED = [  # (line, code or severity)
    (1, 1), (2, "invalid_utf8"), (4, 4), (5, "ticket_too_large"), (6, "invalid_json"),
    (7, "invalid_json"), (8, "not_an_object"), (9, "not_an_object"), (10, 2), (12, "invalid_field"),
    (13, "missing_id"), (14, "invalid_json"), (15, "invalid_json"), (16, 3), (17, "invalid_json"),
    (18, "invalid_json"),
]


def _outcomes(records: list[dict]) -> list[tuple[int, object]]:
    out = []
    for number, record in zip([line for line, _ in EXPECTED], records):
        out.append((record.get("line", number), record["error"]["code"] if "error" in record
                    else record["severity"]))
    return out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_of_every_broken_record_yields_one_record_each_in_order(mixed_file, jobs):
    done = run_cli("classify", "--jobs", jobs, str(mixed_file))
    assert done.returncode == 1, done.stderr  # some records are errors
    records = jsonl(done.stdout)
    assert len(records) == len(EXPECTED)
    assert _outcomes(records) == EXPECTED
    errors = [r for r in records if "error" in r]
    assert all(r["line"] == line for r, (line, outcome) in zip(records, EXPECTED) if "error" in r)
    assert all(r["file"] == str(mixed_file) for r in errors)
    # Duplicate ids: each classified, a warning on the second and later occurrences only.
    first, second, third = (r for r in records if r["id"] == "T-1")
    assert not any("duplicate id" in w for w in first["warnings"])
    assert any('duplicate id "T-1"' in w for w in second["warnings"])
    assert any('duplicate id "T-1"' in w for w in third["warnings"])
    summary = done.stderr.decode()
    assert "16 tickets" in summary and "2 blank lines skipped" in summary
    assert "12 errors" in summary and "2 duplicate ids" in summary
    assert "Traceback" not in summary


def test_a_50_mb_line_is_never_held_in_memory(mixed_file):
    status, peak_kib = peak_rss_of_cli("classify", "--jobs", "1", str(mixed_file))
    assert status == 1
    assert peak_kib < 45 * 1024  # the line alone is 50 MB; its parse would need several times that


def test_max_ticket_bytes_is_the_limit(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(_ticket("short") + b"\n" + _ticket("long", subject="y" * 200) + b"\n")
    records = jsonl(run_cli("classify", "--max-ticket-bytes", "100", str(path)).stdout)
    assert records[0]["id"] == "short" and "severity" in records[0]
    assert records[1]["error"]["code"] == "ticket_too_large" and records[1]["line"] == 2


def test_a_broken_first_line_does_not_swallow_the_rest_of_the_file(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b'{"id": tru}\n' + _ticket("a") + b"\n[1, 2]\n" + _ticket("b") + b"\n")
    records = jsonl(run_cli("classify", str(path)).stdout)
    assert [r.get("error", {}).get("code") for r in records] == ["invalid_json", None, "not_an_object", None]


@pytest.mark.parametrize("text", [
    b'[{"id": "a"}, {"id": "b"}]\n',
    b'[\n  {"id": "a"},\n  {"id": "b"}\n]\n',
])
def test_json_arrays_on_one_line_or_many_are_one_record_per_element(tmp_path, text):
    path = tmp_path / "t.json"
    path.write_bytes(text)
    assert [r["id"] for r in jsonl(run_cli("classify", str(path)).stdout)] == ["a", "b"]


def test_a_pretty_printed_ticket_is_one_record(tmp_path):
    path = tmp_path / "t.json"
    path.write_bytes(b'{\n  "id": "a",\n  "symptoms": {"unstable": true}\n}\n')
    assert [r["severity"] for r in jsonl(run_cli("classify", str(path)).stdout)] == [2]
