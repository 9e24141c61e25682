"""CSV in (header, RFC 4180, BOM, , or ;, empty = missing, line numbers) and --format csv out."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import REPO, run_cli

from sevtriage.output.formatters.csv_table import COLUMNS
from sevtriage.tickets.csv_input import contract_rows, detect_delimiter, read_csv
from sevtriage.tickets.inputs import ReadStats


def rows(data: bytes, delimiter: str | None = None) -> list[tuple[int, object, object]]:
    records = list(contract_rows(read_csv(io.BytesIO(data), "t.csv", delimiter, 1 << 20, ReadStats())))
    return [(r.line, r.ticket, r.error.code if r.error else None) for r in records]


def test_header_bom_semicolons_quotes_embedded_newlines_and_empty_cells() -> None:
    data = ("\ufeffid;declared_severity;symptoms.data_loss;description;technology\r\n"
            'A-1;1;true;"two\r\nlines; with ""quotes""";\r\n'
            "A-2;;FALSE;;php\r\n"
            ";;;;\r\n"
            "A-3;x;maybe;;\r\n").encode("utf-8")
    assert rows(data) == [
        (2, {"id": "A-1", "declared_severity": 1, "symptoms": {"data_loss": True},
             "description": 'two\r\nlines; with "quotes"'}, None),
        (4, {"id": "A-2", "symptoms": {"data_loss": False}, "technology": "php"}, None),
        (6, {"id": "A-3", "declared_severity": "x", "symptoms": {"data_loss": "maybe"}}, None),  # left to the contract
    ]


def test_delimiter_detection_and_override() -> None:
    assert detect_delimiter('id,"a;b;c",x\n') == ","
    assert detect_delimiter("id;subject;x\n") == ";"
    assert rows(b"id;subject\nB-1;x\n", ",") == [(2, {"id;subject": "B-1;x"}, None)]  # as told
    assert rows(b"id;subject\nB-1;a,b\n", ",") == [(2, None, "invalid_csv")]  # 2 cells, 1 column
    assert rows(b"id,subject\nB-1,\"a;b\"\n") == [(2, {"id": "B-1", "subject": "a;b"}, None)]


def test_bad_rows_are_error_records_in_place() -> None:
    data = b'id,subject\nC-1,ok\nC-2,one,two\nC-3,"unterminated\n'
    out = rows(data)
    assert [(line, code) for line, _, code in out] == [(2, None), (3, "invalid_csv"), (4, "invalid_csv")]
    assert rows(b"id,id\nD-1,D-2\n")[0][2] == "invalid_csv"
    assert rows(b"id,subject\nE-1,\xff\xfe\n")[0][2] == "invalid_utf8"


def test_classify_csv_gives_the_same_results_as_json_and_csv_out_round_trips(tmp_path: Path) -> None:
    tickets = [json.loads(line) for line in (REPO / "examples" / "tickets.jsonl").read_text().splitlines()]
    fields = ["id", "created_at", "declared_severity", "technology", "environment", "request_type", "phase",
              "contact_available", "subject", "description"]
    flags = sorted({f"symptoms.{k}" for t in tickets for k in t.get("symptoms", {})})
    with open(tmp_path / "t.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(fields + flags)
        for ticket in tickets:
            def cell(value: object) -> str:
                return "" if value is None else json.dumps(value) if isinstance(value, bool) else str(value)
            writer.writerow([cell(ticket.get(f)) for f in fields]
                            + [cell(ticket.get("symptoms", {}).get(f[9:])) for f in flags])
    from_json = run_cli("classify", "-q", "--jobs", "1", str(REPO / "examples" / "tickets.jsonl"))
    from_csv = run_cli("classify", "-q", "--jobs", "1", str(tmp_path / "t.csv"))
    json_results = [json.loads(line) for line in from_json.stdout.decode().splitlines()]
    csv_results = [json.loads(line) for line in from_csv.stdout.decode().splitlines()]
    for a, b in zip(json_results, csv_results, strict=True):
        a.pop("file", None), b.pop("file", None)
        if "error" in a:
            assert a["error"]["code"] == b["error"]["code"] and a["id"] == b["id"]
        else:
            assert a == b
    as_csv = run_cli("classify", "-q", "--jobs", "1", "--format", "csv", str(tmp_path / "t.csv"))
    text = as_csv.stdout.decode("utf-8")
    assert text.startswith("\ufeff") and "\r\n" in text
    table = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    assert tuple(table[0]) == COLUMNS
    for row, result in zip(table, csv_results, strict=True):
        assert row["id"] == (result["id"] or "")
        if "error" in result:
            assert (row["error_code"], row["error_message"], row["line"]) == (
                result["error"]["code"], result["error"]["message"], str(result["line"]))
        else:
            assert row["severity"] == str(result["severity"]) and row["respond_by"] == (result["respond_by"] or "")
            assert (row["matched_rules"].split(";") if row["matched_rules"] else []) == result["matched_rules"]
            assert (row["notes"].split("\n") if row["notes"] else []) == result["notes"]


def test_csv_with_a_mapping_reads_columns_by_header_name(tmp_path: Path) -> None:
    mapping = tmp_path / "export.yaml"
    mapping.write_text("name: export\nid: '\"Ticket ID\"'\ntimezone: Europe/Paris\ndate_formats: [local]\n"
                       "fields:\n  created_at: Created\n  declared_severity: {from: Priority, table: {4: 1, 3: 2}}\n"
                       "  symptoms.data_loss: {from: '\"Data lost\"', table: {\"Yes\": true, \"No\": false}}\n",
                       encoding="utf-8")
    export = tmp_path / "export.txt"
    export.write_bytes(b"Ticket ID,Created,Priority,Data lost\r\nF-1,2026-07-01 10:00:00,4,Yes\r\n"
                       b"F-2,2026-07-01 10:00:00,9,No\r\n")
    result = run_cli("classify", "-q", "--map", str(mapping), "--input-format", "csv", str(export))
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert out[0]["severity"] == 1 and out[0]["respond_by"] == "2026-07-01T12:00:00+02:00"
    assert out[1]["error"]["code"] == "invalid_field" and out[1]["line"] == 3 and '"9"' in out[1]["error"]["message"]


def test_csv_output_guards_against_formulas_and_keeps_non_ascii() -> None:
    result = run_cli("classify", "-q", "--format", "csv",
                     input='{"id": "=HYPERLINK(1)", "subject": "é"}\n{"id": "Ünïcödé-1"}\n')
    lines = result.stdout.decode("utf-8").splitlines()
    assert lines[1].startswith("'=HYPERLINK(1),") and lines[2].startswith("Ünïcödé-1,")


def test_csv_output_names_the_clock_of_a_calendar_policy() -> None:
    """A calendar policy's results say which clock counted respond_by; the CSV row must too."""
    rules = REPO / "examples" / "paris-office" / "rules"
    result = run_cli("classify", "-q", "--format", "csv", "--rules", str(rules),
                     input='{"id": "P", "created_at": "2026-11-27T17:30:00+01:00", "symptoms": {"unstable": true}}\n'
                           '{"id": "Q", "created_at": "2026-11-27T17:30:00+01:00", "symptoms": {"data_loss": true}}\n')
    table = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8-sig"))))
    assert [(row["id"], row["respond_by"], row["clock"]) for row in table] == [
        ("P", "2026-11-30T14:30:00+01:00", "paris-office"), ("Q", "2026-11-27T19:30:00+01:00", "24x7")]
    assert list(table[0])[-1] == "clock"  # added at the end: existing columns keep their places
