"""``sevtriage classify`` run as a user runs it: the installed script, in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, run_cli

from sevtriage.regression.fixtures import load_fixtures, mismatches

ALL_FIXTURES = load_fixtures([REPO / "fixtures"])
FIXTURES = [f for f in ALL_FIXTURES if f.text_flags]  # classified as classify does by default
PLAIN_FIXTURES = [f for f in ALL_FIXTURES if not f.text_flags]  # written for --no-text-flags


def fixture_tickets_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.jsonl"
    path.write_text("".join(json.dumps(f.ticket, ensure_ascii=False) + "\n" for f in FIXTURES), encoding="utf-8")
    return path


def test_jsonl_gives_every_fixture_its_expected_outcome(tmp_path):
    done = run_cli("classify", str(fixture_tickets_jsonl(tmp_path)))
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(results) == len(FIXTURES)
    for fixture, result in zip(FIXTURES, results):
        assert result["id"] == fixture.ticket["id"]
        assert mismatches(fixture.expect, result) == {}, fixture.id


def test_no_text_flags_gives_the_fixtures_written_for_the_flags_alone_their_outcome(tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text("".join(json.dumps(f.ticket, ensure_ascii=False) + "\n" for f in PLAIN_FIXTURES),
                    encoding="utf-8")
    done = run_cli("classify", "--no-text-flags", str(path))
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(results) == len(PLAIN_FIXTURES) > 0
    for fixture, result in zip(PLAIN_FIXTURES, results):
        assert "derived_flags" not in result
        assert mismatches(fixture.expect, result) == {}, fixture.id


def test_json_format_is_one_array_with_the_same_results(tmp_path):
    tickets = fixture_tickets_jsonl(tmp_path)
    as_jsonl = [json.loads(line) for line in run_cli("classify", str(tickets)).stdout.decode().splitlines()]
    done = run_cli("classify", "--format", "json", str(tickets))
    assert done.returncode == 0
    assert json.loads(done.stdout) == as_jsonl


def test_table_format_has_one_aligned_row_per_ticket(tmp_path):
    done = run_cli("classify", "--format", "table", str(fixture_tickets_jsonl(tmp_path)))
    assert done.returncode == 0
    lines = done.stdout.decode().splitlines()
    assert lines[0].split()[:6] == ["ID", "SEV", "LEVEL", "TARGET", "RESPOND", "BY"]
    assert len(lines) == len(FIXTURES) + 1
    column = lines[0].index("LEVEL")
    for fixture, line in zip(FIXTURES, lines[1:]):
        assert line[column:].split()[0] in {"critical", "important", "minimal", "symbolic"}
        assert line.split()[1] == str(fixture.expect["severity"])


def test_standard_input_json_array_and_a_pretty_printed_ticket(tmp_path):
    array = json.dumps([{"id": "A", "symptoms": {"unstable": True}}, {"id": "B", "request_type": "advice"}])
    for args in ((), ("-",)):
        done = run_cli("classify", *args, input=array)
        assert [json.loads(x)["severity"] for x in done.stdout.decode().splitlines()] == [2, 4]
    pretty = tmp_path / "one.json"
    pretty.write_text(json.dumps({"id": "P", "symptoms": {"data_corruption": True}}, indent=2), encoding="utf-8")
    done = run_cli("classify", str(pretty))
    (result,) = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert (result["id"], result["severity"], result["matched_rules"]) == ("P", 1, ["L1-data-loss"])


def test_a_batch_with_broken_lines_yields_one_record_per_line_in_order(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"id": "ok-1", "symptoms": {"unstable": true}}\r\n'
        b"not json\n"
        b"\n"
        b'{"id": "bad-type", "symptoms": {"data_loss": "yes"}}\n'
        b'["not", "an", "object"]\n'
        b'{"id": "bad-\xff-utf8"}\n'
        b'{"no_id": true}\n'
        b'{"id": "ok-2", "request_type": "enhancement"}\n')
    done = run_cli("classify", str(path))
    assert done.returncode == 1
    records = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert [(r.get("id"), r.get("severity"), r.get("error", {}).get("code")) for r in records] == [
        ("ok-1", 2, None),
        (None, None, "invalid_json"),
        ("bad-type", None, "invalid_field"),
        (None, None, "not_an_object"),
        (None, None, "invalid_utf8"),
        (None, None, "missing_id"),
        ("ok-2", 4, None),
    ]
    assert [r["line"] for r in records if "error" in r] == [2, 4, 5, 6, 7]
    assert all(r["file"] == str(path) for r in records if "error" in r)
    assert records[2]["error"]["path"] == "/symptoms/data_loss"


def test_output_file_is_written_whole(tmp_path):
    out = tmp_path / "results.jsonl"
    done = run_cli("classify", "--output", str(out), str(fixture_tickets_jsonl(tmp_path)))
    assert done.returncode == 0 and done.stdout == b""
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(FIXTURES)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("classify", str(tmp_path / "missing.jsonl")).returncode == 2
    assert run_cli("classify", "--format", "xml", input="").returncode == 2


def test_python_dash_m_and_version():
    import subprocess
    import sys
    done = subprocess.run([sys.executable, "-m", "sevtriage", "--version"], capture_output=True, timeout=60)
    assert done.returncode == 0 and b"sevtriage" in done.stdout


def test_a_compact_json_array_longer_than_the_ticket_limit_is_read_whole(tmp_path):
    tickets = [{"id": f"A{i}", "description": "x" * 500, "symptoms": {"unstable": True}} for i in range(30)]
    path = tmp_path / "compact.json"
    path.write_text(json.dumps(tickets), encoding="utf-8")  # one line of ~16 KB
    done = run_cli("classify", "-q", "--max-ticket-bytes", "2000", str(path))
    assert done.returncode == 0, done.stderr
    assert [json.loads(x)["severity"] for x in done.stdout.decode().splitlines()] == [2] * 30


def test_the_ticket_limit_applies_to_each_ticket_of_a_document(tmp_path):
    path = tmp_path / "array.json"
    path.write_text(json.dumps([{"id": "BIG", "description": "x" * 3000}, {"id": "SMALL"}], indent=2),
                    encoding="utf-8")
    done = run_cli("classify", "-q", "--max-ticket-bytes", "2000", str(path))
    records = [json.loads(x) for x in done.stdout.decode().splitlines()]
    assert done.returncode == 1
    # streamed: a ticket over the limit is never parsed, so its id is not known (issue 9)
    assert (records[0]["id"], records[0]["line"], records[0]["error"]["code"]) == (None, 1, "ticket_too_large")
    assert records[1]["severity"] == 3
    pretty = tmp_path / "one.json"
    pretty.write_text(json.dumps({"id": "BIG", "description": "x" * 3000}, indent=2), encoding="utf-8")
    record = json.loads(run_cli("classify", "-q", "--max-ticket-bytes", "2000", str(pretty)).stdout)
    assert record["error"]["code"] == "ticket_too_large"


def test_a_broken_document_says_the_line_of_the_error(tmp_path):
    path = tmp_path / "two.json"
    path.write_text('{\n  "id": "A"\n}\n{\n  "id": "B",\n  "x": tru\n}\n', encoding="utf-8")
    records = [json.loads(x) for x in run_cli("classify", "-q", str(path)).stdout.splitlines()]
    assert records[0]["id"] == "A"  # concatenated documents are read one by one (issue 9)
    error = records[1]["error"]
    assert records[1]["line"] == 4
    assert error["code"] == "invalid_json" and "at line 6, column 8" in error["message"]  # of the file
