"""Calendars in the policy: loading, checks with positions, results on a calendar clock,
and the paris-office example run by ``sevtriage test``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lint_helpers import CLEAN_RULES, HEADER, findings, write_policy

from sevtriage.engine.classifier import Classifier
from sevtriage.policy.loader import load_policy
from sevtriage.problems import PolicyError
from sevtriage.resources import load_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "paris-office"
OFFICE = 'calendars:\n  office:\n    time_zone: Europe/Paris\n    hours: {mon: ["09:00-18:00"]}\n'


def header_with_clock(clock: str) -> str:
    return HEADER.replace("response_target: PT12H}", f"response_target: PT12H, clock: {clock}}}")


def test_unknown_clock_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    path = write_policy(tmp_path, OFFICE + CLEAN_RULES, header=header_with_clock("offce"))
    (problem,) = findings(path, "unknown-clock")
    assert problem.level == "error" and 'did you mean "office"' in problem.message
    assert (problem.line, problem.json_path) == (5, "$.levels[2].clock")
    assert findings(write_policy(tmp_path, OFFICE + CLEAN_RULES, header=header_with_clock("office")),
                    "unknown-clock") == []


def test_unused_calendar_is_a_warning(tmp_path: Path) -> None:
    (problem,) = findings(write_policy(tmp_path, OFFICE + CLEAN_RULES), "calendar-unused")
    assert problem.level == "warning" and problem.json_path == "$.calendars.office"
    assert (problem.line, problem.column) == (9, 3)
    used = write_policy(tmp_path, OFFICE + CLEAN_RULES, header=header_with_clock("office"))
    assert findings(used, "calendar-unused") == []


def test_load_refuses_a_broken_calendar_with_every_position(tmp_path: Path) -> None:
    body = ("calendars:\n  office:\n    time_zone: Mars/Olympus\n"
            '    hours: {mon: ["18:00-09:00"], tue: ["09:00-13:00", "12:00-18:00"]}\n'
            "    holidays: {country: FR, subdivision: ZZ}\n"
            '    closed_dates: ["2026-02-30"]\n'
            '    closures: [{from: "2026-08-14", to: "2026-08-10"}]\n' + CLEAN_RULES)
    with pytest.raises(PolicyError) as raised:
        load_policy(write_policy(tmp_path, body, header=header_with_clock("office")))
    found = {(p.check_id, p.line, p.json_path) for p in raised.value.problems}
    assert found == {
        ("calendar-time-zone", 10, "$.calendars.office.time_zone"),
        ("calendar-intervals", 11, "$.calendars.office.hours.mon[0]"),
        ("calendar-intervals", 11, "$.calendars.office.hours.tue[1]"),
        ("calendar-holidays", 12, "$.calendars.office.holidays.subdivision"),
        ("calendar-intervals", 13, "$.calendars.office.closed_dates[0]"),
        ("calendar-intervals", 14, "$.calendars.office.closures[0]"),
    }


def test_schema_errors_in_a_calendar(tmp_path: Path) -> None:
    body = ("calendars:\n  office:\n    time_zone: Europe/Paris\n"
            '    hours: {monday: ["9:00-18:00"]}\n    closed_dates: [2026-12-24]\n' + CLEAN_RULES)
    with pytest.raises(PolicyError) as raised:
        load_policy(write_policy(tmp_path, body))
    messages = [str(p) for p in raised.value.problems]
    assert any('unexpected key "monday"; did you mean "mon"?' in m and ":11:" in m for m in messages), messages
    assert any('write the date 2026-12-24 in quotes' in m and ":12:" in m for m in messages), messages


def test_a_calendar_defined_in_two_files_is_a_merge_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(HEADER + OFFICE + CLEAN_RULES, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(OFFICE, encoding="utf-8")
    (problem,) = findings(tmp_path, "merge")
    assert problem.file.endswith("b.yaml") and "already defined" in problem.message


def test_results_name_the_clock_and_keep_the_offset(tmp_path: Path) -> None:
    policy = load_policy(write_policy(tmp_path, OFFICE + CLEAN_RULES, header=header_with_clock("office")))
    classifier = Classifier(policy)
    result = classifier.classify({"id": "T1", "created_at": "2026-11-27T17:30:00-05:00"})  # default Level 3
    assert result["clock"] == "office" and list(result)[4:6] == ["respond_by", "clock"]
    # 23:30 Paris on Friday: the clock starts Monday 09:00 Paris; 9 h Monday, 3 h the next Monday.
    assert result["respond_by"] == "2026-12-07T06:00:00-05:00"
    level_1 = classifier.classify({"id": "T2", "created_at": "2026-11-27T17:30:00Z", "symptoms": {"crash_or_hang": True}})
    assert level_1["clock"] == "24x7" and level_1["respond_by"] == "2026-11-27T19:30:00Z"
    validator_schema = load_schema("result")
    from jsonschema import Draft202012Validator
    Draft202012Validator(validator_schema).validate(result)


def test_bad_created_at_on_a_calendar_clock_is_an_error_record(tmp_path: Path) -> None:
    policy = load_policy(write_policy(tmp_path, OFFICE + CLEAN_RULES, header=header_with_clock("office")))
    classifier = Classifier(policy)
    naive = classifier.classify({"id": "N", "created_at": "2026-11-27T17:30:00"})
    assert naive["error"]["code"] == "invalid_field" and naive["error"]["path"] == "/created_at"
    late = classifier.classify({"id": "F", "created_at": "9999-12-30T17:00:00+01:00"})
    assert late["error"]["path"] == "/created_at" and "9999" in late["error"]["message"]
    early = classifier.classify({"id": "E", "created_at": "0001-01-01T10:00:00+00:00"})
    assert early["respond_by"].startswith("0001-01-")


def test_bundled_policy_results_have_no_clock() -> None:
    from sevtriage.resources import bundled_policy_path

    result = Classifier(load_policy(bundled_policy_path())).classify({"id": "B", "created_at": "2026-11-27T17:30:00Z"})
    assert "clock" not in result and result["respond_by"] == "2026-11-28T05:30:00Z"


def test_example_policy_fixtures_pass_with_sevtriage_test() -> None:
    run = subprocess.run([sys.executable, "-m", "sevtriage", "test", str(EXAMPLE / "fixtures"),
                          "--rules", str(EXAMPLE / "rules")], capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().splitlines()[-1] == "11 passed, 0 failed"


def test_example_policy_validates_without_warnings() -> None:
    problems = findings(EXAMPLE / "rules")
    assert [p for p in problems if p.level != "info"] == []


def test_classify_cli_on_the_example(tmp_path: Path) -> None:
    ticket = {"id": "X", "created_at": "2026-11-27T17:30:00+01:00", "request_type": "documentation"}
    run = subprocess.run([sys.executable, "-m", "sevtriage", "classify", "--jobs", "1", "--quiet",
                          "--rules", str(EXAMPLE / "rules")], input=json.dumps(ticket),
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert (result["clock"], result["respond_by"]) == ("paris-office", "2026-12-02T14:30:00+01:00")  # 0.5 h Fri, 9 Mon, 9 Tue, 5.5 Wed


def test_explain_shows_the_calculation() -> None:
    from jsonschema import Draft202012Validator

    from sevtriage.explain.explainer import Explainer

    explainer = Explainer(Classifier(load_policy(EXAMPLE / "rules")))
    record = explainer.explain({"id": "X", "created_at": "2026-12-24T16:00:00+01:00", "symptoms": {"unstable": True}})
    respond = record["explanation"]["respond_by"]
    assert respond["text"] == (
        "created Thu 24 Dec 16:00 Paris; 2 h counted Thu 24 Dec; resumes Mon 28 Dec 09:00 "
        "(closed Fri 25 Dec: Christmas Day); due Mon 28 Dec 13:00 (PT6H in paris-office hours) "
        "= 2026-12-28T13:00:00+01:00")
    assert respond["clock"] == "paris-office"
    assert respond["counted"] == [
        {"from": "2026-12-24T16:00:00+01:00", "to": "2026-12-24T18:00:00+01:00", "minutes": 120},
        {"from": "2026-12-28T09:00:00+01:00", "to": "2026-12-28T13:00:00+01:00", "minutes": 240}]
    Draft202012Validator(load_schema("explanation")).validate(record["explanation"])
    saturday = explainer.explain({"id": "Y", "created_at": "2026-11-28T10:00:00Z",
                                  "request_type": "question", "phase": "implementation"})
    assert "clock starts Mon 30 Nov 09:00" in saturday["explanation"]["respond_by"]["text"]
    level_1 = explainer.explain({"id": "Z", "created_at": "2026-11-27T17:30:00Z", "symptoms": {"data_loss": True}})
    assert level_1["explanation"]["respond_by"]["clock"] == "24x7"
    assert "counted" not in level_1["explanation"]["respond_by"]


def test_a_level_clock_per_technology(tmp_path: Path) -> None:
    header = HEADER.replace("response_target: PT12H}", "response_target: PT12H, clock: office,\n"
                            "     clocks: [{when: {field: technology, equals: sap}, clock: 24x7}]}")
    policy = load_policy(write_policy(tmp_path, OFFICE + CLEAN_RULES, header=header))
    classifier = Classifier(policy)
    sap = classifier.classify({"id": "S", "created_at": "2026-11-27T17:30:00Z", "technology": "sap"})
    other = classifier.classify({"id": "O", "created_at": "2026-11-27T17:30:00Z", "technology": "java"})
    assert (sap["clock"], sap["respond_by"]) == ("24x7", "2026-11-28T05:30:00Z")
    assert other["clock"] == "office" and other["respond_by"] == "2026-12-07T11:00:00Z"  # 9 h Mon 30 Nov, 3 h Mon 7 Dec (Paris)
    bad = header.replace("equals: sap}, clock: 24x7", "equals: sap}, clock: ofice").replace(
        "field: technology", "field: tecnology")
    with pytest.raises(PolicyError) as raised:
        load_policy(write_policy(tmp_path, OFFICE + CLEAN_RULES, header=bad))
    found = {(p.check_id, p.json_path) for p in raised.value.problems}
    assert ("unknown-clock", "$.levels[2].clocks[0].clock") in found
    assert ("unknown-field", "$.levels[2].clocks[0].when.field") in found
