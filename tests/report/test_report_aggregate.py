"""The result reader and the batch aggregation, in process."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import pytest

from sevtriage.report import results as results_module
from sevtriage.report.batch import BatchSummary, MixedPoliciesError
from sevtriage.report.deadlines import DAY, HOUR, MAX_BARS, Histogram, epoch_seconds
from sevtriage.report.results import NotResultsError, read_stream

POLICY = {"name": "p", "version": "1", "hash": "sha256:aaaa"}


def result(n: int, severity: int = 2, **fields: Any) -> dict[str, Any]:
    record = {"id": f"T-{n}", "severity": severity, "level_name": "x", "response_target": "PT6H",
              "respond_by": "2026-11-26T10:00:00Z", "matched_rules": ["R-a"], "applied_caps": [],
              "basis": "rules", "declared_severity": None, "notes": [], "warnings": [], "policy": POLICY,
              "text": "é€😀 " * (n % 5)}
    record.update(fields)
    return record


@pytest.mark.parametrize("pretty", [False, True])
def test_array_read_across_tiny_blocks_with_multibyte_text(monkeypatch: pytest.MonkeyPatch, pretty: bool) -> None:
    monkeypatch.setattr(results_module, "BLOCK_BYTES", 7)
    records = [result(n) for n in range(40)]
    data = json.dumps(records, ensure_ascii=False, indent=2 if pretty else None).encode()
    got = list(read_stream(io.BytesIO(data), "a.json"))
    assert [g.record for g in got] == records
    if pretty:
        assert got[0].line == 2 and got[1].line > got[0].line


def test_json_lines_across_tiny_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(results_module, "BLOCK_BYTES", 5)
    records = [result(n) for n in range(20)]
    data = b"\n".join(json.dumps(r, ensure_ascii=False).encode() for r in records) + b"\n\n"
    got = list(read_stream(io.BytesIO(data), "a.jsonl"))
    assert [g.record for g in got] == records and [g.line for g in got] == list(range(1, 21))


@pytest.mark.parametrize("data, line, words", [
    (b'{"id": "T-1", "subject": "a ticket"}\n', 1, 'no "severity"'),
    (b'[1, 2]', 1, "a JSON int"),
    (b'[{"error": {"code": "x"}, "id": null, "line": 1}', 1, "not closed"),
    (b'{"severity": "high", "matched_rules": [], "applied_caps": [], "basis": "rules", "policy": {}}', 1,
     'field "severity"'),
    (b'\n\n{"error": "oops"}', 3, 'field "error"'),
    (b'[\n{"error": {"code": "x"}, "id": null, "line": 1},\n{"severity": NaN}]', 3, "NaN is not JSON"),
])
def test_not_results(data: bytes, line: int, words: str) -> None:
    with pytest.raises(NotResultsError) as caught:
        list(read_stream(io.BytesIO(data), "f"))
    assert caught.value.line == line and words in str(caught.value)


def test_counts_deciders_ceilings_and_declared() -> None:
    summary = BatchSummary(now=epoch_seconds("2026-11-26T09:00:00Z"))
    summary.add(result(1, 1, matched_rules=["L1", "L2"], declared_severity=1), "f", 1)
    summary.add(result(2, 2, matched_rules=["L1"], applied_caps=["cap"], declared_severity=1,
                       respond_by="2026-11-26T08:00:00Z"), "f", 2)
    summary.add(result(3, 3, matched_rules=[], basis="default", respond_by=None), "f", 3)
    summary.add({"id": None, "line": 4, "file": "t.jsonl", "error": {"code": "invalid_json", "message": "m",
                                                                      "path": ""}}, "f", 4)
    assert summary.levels == {1: 1, 2: 1, 3: 1} and summary.errors == 1 and summary.records == 4
    assert summary.deciding_rules == {"L1": 1} and summary.ceilings == {"cap": 1} and summary.set_by_ceiling == 1
    assert summary.declared == {(1, 1): 1, (1, 2): 1, (0, 3): 1}
    assert summary.basis == {"rules": 2, "default": 1} and summary.no_deadline == 1
    assert summary.due == {("within 2 h", 1): 1, ("overdue", 2): 1}
    assert summary.error_examples["invalid_json"][0].where == "t.jsonl:4"
    assert [e.id for e in summary.earliest_deadlines()] == ["T-2", "T-1"]


def test_examples_are_bounded_and_earliest_kept() -> None:
    summary = BatchSummary(max_examples=3)
    for n in range(100):
        summary.add(result(n, respond_by=f"2026-11-{1 + n % 28:02d}T{n % 24:02d}:00:00Z"), "f", n + 1)
        summary.add({"id": str(n), "line": n, "error": {"code": "c", "message": "", "path": ""}}, "f", n + 1)
    assert len(summary.earliest_deadlines()) == 3 and len(summary.error_examples["c"]) == 3
    assert [e.respond_by for e in summary.earliest_deadlines()] == [
        "2026-11-01T00:00:00Z", "2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z"]


def test_zero_examples_keeps_none_and_still_counts() -> None:
    summary = BatchSummary(max_examples=0)
    for n in range(5):
        summary.add(result(n, respond_by=f"2026-11-0{1 + n}T00:00:00Z"), "f", n + 1)
        summary.add({"id": str(n), "line": n, "error": {"code": "c", "message": "", "path": ""}}, "f", n + 1)
    assert summary.earliest_deadlines() == [] and summary.error_examples["c"] == []
    assert summary.errors == 5 and summary.records == 10 and summary.no_deadline == 0


def test_two_policies_are_refused() -> None:
    summary = BatchSummary()
    summary.add(result(1), "a", 1)
    with pytest.raises(MixedPoliciesError) as caught:
        summary.add(result(2, policy={**POLICY, "hash": "sha256:bbbb"}), "b", 7)
    assert "sha256:aaaa" in str(caught.value) and "sha256:bbbb" in str(caught.value) and "b:7" in str(caught.value)


def test_flags_counted_with_evidence_and_absent_flags_ignored() -> None:
    summary = BatchSummary(max_examples=1)
    flag = {"flag": "symptoms.service_stopped", "value": True, "status": "affirmed", "detector": "d",
            "field": "description", "start": 4, "end": 20, "text": "ne répond plus", "cue": "répond"}
    summary.add(result(1, derived_flags=[flag, {**flag, "status": "negated"}]), "f", 1)
    summary.add(result(2), "f", 2)
    assert summary.flags == {("symptoms.service_stopped", "affirmed"): 1, ("symptoms.service_stopped", "negated"): 1}
    assert summary.flagged_results == 1 and summary.flag_examples[0].where == "description[4:20]"
    assert summary.flag_examples[0].value == "true" and summary.flags_used is None
    summary.add(result(3, derived_flags=[{**flag, "used": True}, {**flag, "used": False}]), "f", 3)
    assert summary.flags_used == 1


def test_histogram_folds_to_days_and_bars_stay_bounded() -> None:
    histogram = Histogram()
    start = epoch_seconds("2020-01-01T00:00:00Z")
    for hour in range(0, 30_000, 1):
        histogram.add(start + hour * HOUR, 1 + hour % 4)
    assert histogram.grain == DAY
    _, starts, bars = histogram.bars(None)
    assert len(starts) <= MAX_BARS and sum(bars.values()) == 30_000
    _, starts, _ = Histogram().bars(None)
    assert starts == []


def test_diff_page_lists_at_most_max_rows(policy: Any) -> None:
    from sevtriage.regression.policy_diff import LevelChange, PolicyDiff
    from sevtriage.report.diff_page import write_html
    diff = PolicyDiff(policy, policy)
    diff.matrix = {(2, 1): 30, (3, 3): 5}
    diff.changes = [LevelChange(f"T-{n}", "t.jsonl", n + 1, 2, 1, "L2-x", "L1-<y>") for n in range(30)]
    out = io.StringIO()
    write_html(diff, ("base", "head"), out, max_rows=4)
    page = out.getvalue()
    assert page.count("<td><code>T-") == 4 and "The first 4 of 30" in page
    assert "L1-&lt;y&gt;" in page and "L1-<y>" not in page


def test_weeks_start_on_monday() -> None:
    histogram = Histogram()
    for day in range(200):
        histogram.add(epoch_seconds("2026-01-01T10:00:00Z") + day * DAY, 1)
    size, starts, bars = histogram.bars(None)
    assert size == 7 * DAY and sum(bars.values()) == 200
    assert {time.gmtime(start).tm_wday for start in starts} == {0}


def test_other_text_detectors_are_another_policy() -> None:
    summary = BatchSummary()
    summary.add(result(1, policy={**POLICY, "detectors_hash": "sha256:d1"}), "a", 1)
    summary.add(result(2, policy={**POLICY, "detectors_hash": "sha256:d1"}), "a", 2)
    with pytest.raises(MixedPoliciesError) as caught:
        summary.add(result(3, policy={**POLICY, "detectors_hash": "sha256:d2"}), "b", 1)
    assert "sha256:d1" in str(caught.value) and "sha256:d2" in str(caught.value)
