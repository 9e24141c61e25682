"""sevtriage explain on every fixture: consistent with the result, counterfactuals that hold."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from lint_helpers import invoke_cli, json_lines, run_sevtriage

from sevtriage.engine.classifier import Classifier
from sevtriage.engine.decision import decide
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.explain import Explainer
from sevtriage.policy.loader import load_policy
from sevtriage.regression.fixtures import load_fixtures
from sevtriage.resources import load_schema
from sevtriage.tickets.records import InputRecord

REPO = Path(__file__).resolve().parents[2]
FIXTURES = load_fixtures([REPO / "fixtures"])
ABSENT = object()


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier(load_policy(REPO / "rules"))  # what the CLI uses in this checkout ([tool.sevtriage])


@pytest.fixture(scope="module")
def explained(classifier: Classifier) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    explainer = Explainer(classifier)
    return [(f.ticket, explainer.explain(f.ticket)) for f in FIXTURES]


def apply(ticket: dict[str, Any], changes: list[dict[str, Any]]) -> dict[str, Any]:
    """The test's own way of applying a change: set the dotted field, or delete it for "missing"."""
    out = copy.deepcopy(ticket)
    for change in changes:
        *parents, leaf = change["field"].split(".")
        holder = out
        for part in parents:
            holder = holder.setdefault(part, {})
        if change["to"] == "missing":
            holder.pop(leaf, None)
        else:
            holder[leaf] = change["to"]
    return out


def test_the_classifiers_decision_agrees_with_the_reference_evaluator(classifier: Classifier) -> None:
    """The explainer's former cross-check, kept as a test: the decision handed out with each
    result is the one ``decide`` gives on the ids the pure-Python evaluator finds holding."""
    policy = classifier.policy
    reference = ReferenceMatcher(policy)
    for fixture in FIXTURES:
        result, decision = classifier.classify_one(fixture.ticket)
        if decision is None:
            continue
        prepared = classifier.prepare(fixture.ticket)
        again = decide(policy, prepared, reference.match(prepared.values))
        assert again == decision, fixture.id
        assert result["severity"] == decision.severity
        assert result["applied_caps"] == [c.id for c in decision.applied]
        assert result["matched_rules"] == [r.id for r in decision.matched]


def test_there_are_fixtures() -> None:
    assert len(FIXTURES) >= 90


def test_every_counterfactual_gives_the_promised_level(classifier: Classifier, explained: Any) -> None:
    checked = 0
    for ticket, record in explained:
        severities = set()
        for cf in record["explanation"]["counterfactuals"]:
            assert cf["level"] < record["severity"]
            severities.add(cf["level"])
            if cf["changes"] is None:
                continue
            assert cf["changes"], "a counterfactual changes something"
            result = classifier.classify(apply(ticket, cf["changes"]))
            assert result["severity"] == cf["level"], (ticket["id"], cf)
            checked += 1
        assert severities == {n for n in (1, 2, 3, 4) if n < record["severity"]}
    assert checked > 90


# Every value a single change could set, from the contract (not from the solver's domains).
SINGLE_CHANGE_VALUES: dict[str, list[Any]] = {
    **{f"symptoms.{flag}": ["missing", False, True] for flag in (
        "service_stopped", "users_blocked", "customer_can_resolve", "workaround_available", "crash_or_hang",
        "data_loss", "data_corruption", "essential_function_unavailable", "important_feature_unavailable",
        "function_unavailable", "unstable", "restart_required", "error_message", "incorrect_behavior",
        "operations_affected")},
    "symptoms.performance": ["missing", "normal", "minor", "severe"],
    "server_role": ["missing", "primary", "secondary"],
    "environment": ["missing", "production", "staging", "development"],
    "request_type": ["missing", "incident", "question", "documentation", "release_notes", "advice", "enhancement"],
    "phase": ["missing", "implementation", "operation"],
    "technology": ["missing", "mssql", "SQL Server", ".NET", "php"],
}


def test_counterfactuals_are_minimal(classifier: Classifier, explained: Any) -> None:
    """No counterfactual of two or more changes has a single-change alternative (brute force)."""
    for ticket, record in explained:
        multi = {cf["level"] for cf in record["explanation"]["counterfactuals"]
                 if cf["changes"] is None or len(cf["changes"]) > 1}
        if not multi:
            continue
        variants = [apply(ticket, [{"field": f, "to": v}]) for f, values in SINGLE_CHANGE_VALUES.items()
                    for v in values]
        results = classifier.classify_records(InputRecord(None, i, t) for i, t in enumerate(variants, 1))
        reached = {r["severity"] for r in results}
        assert not multi & reached, (ticket["id"], multi & reached)


def test_explanation_agrees_with_the_result(explained: Any) -> None:
    for _ticket, record in explained:
        e = record["explanation"]
        matched = record["matched_rules"]
        if record["basis"] == "rules":
            assert e["decided_by"]["kind"] == "rule" and e["decided_by"]["rule"] == matched[0]
            assert e["decided_by"]["source"]
        else:
            assert e["decided_by"]["kind"] == record["basis"] and not matched
        assert [r["rule"] for r in e["overridden"]] == matched[1:]
        assert [c["ceiling"] for c in e["ceilings"] if c["applied"]] == record["applied_caps"]
        for cap in e["ceilings"]:
            assert cap["from_level"] == e["level_before_ceilings"]
            assert cap["to_level"] <= record["severity"]
        for miss in e["nearest_misses"]:
            assert miss["level"] < record["severity"] and miss["rule"] not in matched and miss["failed"]
        assert e["respond_by"]["respond_by"] == record["respond_by"]


def test_nearest_miss_names_field_expected_and_actual(classifier: Classifier) -> None:
    ticket = {"id": "T1", "server_role": "secondary", "symptoms": {"service_stopped": True}}
    record = Explainer(classifier).explain(ticket)
    assert record["severity"] == 2
    first = record["explanation"]["nearest_misses"][0]
    assert first["rule"] == "L1-production-stopped"
    assert first["failed"] == [{"condition": 'not (server_role == "secondary")', "field": "server_role",
                                "expected": 'not server_role == "secondary"', "actual": "secondary"}]
    texts = [cf["text"] for cf in record["explanation"]["counterfactuals"]]
    assert texts == ['would be Level 1 if server_role were "primary"']


def test_ceiling_from_and_to(classifier: Classifier) -> None:
    ticket = {"id": "T2", "technology": "SQL Server", "environment": "staging", "symptoms": {"data_loss": True}}
    e = Explainer(classifier).explain(ticket)["explanation"]
    assert {(c["ceiling"], c["from_level"], c["to_level"]) for c in e["ceilings"]} == {
        ("cap-dotnet-mssql", 1, 2), ("cap-non-production", 1, 3)}


def test_json_output_follows_the_published_schemas(tmp_path: Path) -> None:
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text("".join(json.dumps(f.ticket) + "\n" for f in FIXTURES) + "not json\n", encoding="utf-8")
    result = invoke_cli("explain", "--format", "json", str(tickets))
    assert result.exit_code == 1  # the last record is an error record
    records = json.loads(result.stdout)
    assert len(records) == len(FIXTURES) + 1 and "error" in records[-1]
    results = Draft202012Validator(load_schema("result"))
    explanations = Draft202012Validator(load_schema("explanation"))
    for record in records:
        results.validate(record)
        if "explanation" in record:
            explanations.validate(record["explanation"])


def test_text_output(tmp_path: Path) -> None:
    ticket = json.dumps({"id": "T3", "created_at": "2026-03-02T09:15:00+01:00",
                         "symptoms": {"unstable": True, "performance": "minor"}})
    result = invoke_cli("explain", "-", input=ticket)
    assert result.exit_code == 0
    assert "T3: Level 2 (important), basis: rules" in result.output
    assert "decided by L2-unstable (Level 2" in result.output
    assert "also matched, overridden: L3-minor-performance (Level 3)" in result.output
    assert "would be Level 1 if symptoms.service_stopped were true" in result.output
    assert "created_at 2026-03-02T09:15:00+01:00 + PT6H (the Level 2 target) = 2026-03-02T15:15:00+01:00" \
        in result.output


def test_classify_explain_adds_the_same_explanation(tmp_path: Path, explained: Any) -> None:
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text("".join(json.dumps(f.ticket) + "\n" for f in FIXTURES[:20]), encoding="utf-8")
    done = run_sevtriage("classify", "--explain", str(tickets))
    assert done.returncode == 0, done.stderr
    records = json_lines(done.stdout)
    assert records == [record for _, record in explained[:20]]
    plain = json_lines(run_sevtriage("classify", str(tickets)).stdout)
    assert [{k: v for k, v in r.items() if k != "explanation"} for r in records] == plain
