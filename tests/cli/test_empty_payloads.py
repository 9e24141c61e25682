"""A payload that holds no ticket ([], {"tickets": []}, {"issues": []}) gives no record, but is never silent.

It has nothing to classify, so no result record is right; each one gets a
one-line note on stderr naming its file and line, and the run summary counts it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sevtriage.tickets.inputs import ReadStats
from sevtriage.tickets.mapping import load_mapping, map_records
from sevtriage.tickets.records import InputRecord

NOTE = "this payload holds no ticket (an empty list), so it gives no record"


@pytest.mark.parametrize(("preset", "payload"), [("zendesk", {"tickets": []}), ("jira", {"issues": []}),
                                                 ("freshdesk", []), ("zendesk", [])])
def test_an_empty_envelope_is_noted_and_counted(preset: str, payload: Any, tmp_path: Path,
                                                run_cli: Callable[..., Any]) -> None:
    page = tmp_path / "page.json"
    page.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    result = run_cli("classify", "--no-text-flags", "--map", preset, str(page))
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    err = result.stderr.decode()
    assert f"sevtriage: {page}:1: {NOTE}\n" in err
    assert "classified 0 tickets" in err and "1 empty payload (no ticket)" in err


def test_empty_pages_among_full_ones_with_workers(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    ticket = {"key": "SUP-1", "fields": {"created": "2018-01-11T13:08:03.317+0300"}}
    lines = [{"issues": []}, {"issues": [ticket]}] * 300  # more than one chunk: the workers map them
    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run_cli("classify", "--no-text-flags", "--jobs", "2", "--map", "jira", str(pages))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 300
    err = result.stderr.decode()
    assert err.count(NOTE) == 300
    assert f"sevtriage: {pages}:599: {NOTE}" in err
    assert "classified 300 tickets" in err and "300 empty payloads (no ticket)" in err


def test_map_and_explain_say_it_too(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    page = tmp_path / "page.json"
    page.write_text('{"tickets": []}', encoding="utf-8")
    for args in (["map", "zendesk"], ["explain", "--map", "zendesk"]):
        result = run_cli(*args, str(page))
        assert result.returncode == 0 and result.stdout == b"", result.stderr
        assert f"sevtriage: {page}:1: {NOTE}" in result.stderr.decode()


def test_quiet_keeps_the_note(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    page = tmp_path / "page.json"
    page.write_text("[]", encoding="utf-8")  # an empty array of contract tickets, no mapping
    result = run_cli("classify", "-q", str(page))
    assert result.returncode == 0
    assert result.stderr.decode() == f"sevtriage: {page}:1: {NOTE}\n"


def test_map_records_reports_the_place() -> None:
    stats = ReadStats()
    records = [InputRecord("a.json", 3, ticket={"tickets": []}), InputRecord("a.json", 4, ticket={"tickets": [{"id": 1}]})]
    out = list(map_records(load_mapping("zendesk"), records, stats))
    assert [r.ticket for r in out] == [{"id": "1"}]
    assert stats.empty_payloads == [("a.json", 3)]


def test_diff_says_it_too(tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    page = tmp_path / "page.jsonl"
    page.write_text('{"tickets": []}\n{"tickets": [{"id": 5, "priority": "high"}]}\n', encoding="utf-8")
    result = run_cli("diff", "--base", "rules", "--head", "rules", "--map", "zendesk", str(page))
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().count(NOTE) == 1 and f"sevtriage: {page}:1: {NOTE}" in result.stderr.decode()
    plain = tmp_path / "plain.json"  # an empty array of contract tickets, no mapping
    plain.write_text("[]", encoding="utf-8")
    result = run_cli("diff", "--base", "rules", "--head", "rules", str(plain))
    assert f"sevtriage: {plain}:1: {NOTE}" in result.stderr.decode()
