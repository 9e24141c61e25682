"""The analysis is exact: on a small policy, every answer equals brute-force enumeration.

Every ticket over the fields the policy reads (each boolean missing/false/true,
each enum missing or any value, declared_severity missing or 1..4, technology
among several spellings) is classified by the real classifier; each question
the solver answers (satisfiable? fewest fields?) is compared with what the
enumeration shows, and so are validate's findings.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from lint_helpers import write_policy

from sevtriage.analysis import decision_conditions as dc
from sevtriage.analysis.solver import Solver
from sevtriage.analysis.witness import witness_ticket
from sevtriage.contract import MISSING
from sevtriage.engine.classifier import Classifier
from sevtriage.lint.run import validate_path
from sevtriage.policy.conditions import AllOf, Not, predicates
from sevtriage.policy.loader import load_policy
from sevtriage.tickets.records import InputRecord

BODY = """\
aliases:
  technology:
    mssql: [mssql, sql server]
field_defaults: {environment: production}
rules:
  - id: L1-crash
    level: 1
    source: s
    when:
      all:
        - {field: symptoms.crash_or_hang, is: true}
        - not: {field: server_role, equals: secondary}
  - id: L2-crash-secondary
    level: 2
    source: s
    when: {all: [{field: symptoms.crash_or_hang, is: true}, {field: server_role, equals: secondary}]}
  - id: L2-mssql
    level: 2
    source: s
    when: {all: [{field: technology, alias_of: mssql}, {not: {field: symptoms.workaround_available, is: true}}]}
  - {id: L3-workaround, level: 3, source: s, when: {field: symptoms.workaround_available, is: true}}
  - id: L3-crash-workaround
    level: 3
    source: s
    when: {all: [{field: symptoms.crash_or_hang, is: true}, {field: symptoms.workaround_available, is: true}]}
  - {id: L4-declared-low, level: 4, source: s, when: {field: declared_severity, gte: 3}}
  - {id: L4-production, level: 4, source: s, when: {field: environment, equals: production}}
  - {id: L4-no-workaround, level: 4, source: s, when: {field: symptoms.workaround_available, is: false}}
ceilings:
  - {id: gate-L1-workaround, max_level: 2, source: s, when: {field: symptoms.workaround_available, is: true}}
  - {id: cap-staging, max_level: 3, source: s, when: {field: environment, in: [staging, development]}}
  - {id: cap-mssql-useless, max_level: 1, source: s, when: {field: technology, alias_of: mssql}}
  - {id: cap-secondary, max_level: 3, source: s, when: {field: server_role, equals: secondary}}
"""

DOMAIN: dict[str, list[Any]] = {
    "symptoms.crash_or_hang": [MISSING, False, True],
    "symptoms.workaround_available": [MISSING, False, True],
    "server_role": [MISSING, "primary", "secondary"],
    "environment": [MISSING, "production", "staging", "development"],
    "technology": [MISSING, "mssql", "SQL  Server", "php"],
    "declared_severity": [MISSING, 1, 2, 3, 4],
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, list[tuple[dict[str, Any], dict[str, Any]]]]:
    path = write_policy(tmp_path_factory.mktemp("exact"), BODY)
    policy = load_policy(path)
    names = list(DOMAIN)
    assignments = [dict(zip(names, combo)) for combo in itertools.product(*DOMAIN.values())]
    tickets = [witness_ticket({k: v for k, v in a.items() if v is not MISSING}, f"T{i}")
               for i, a in enumerate(assignments)]
    results = list(Classifier(policy).classify_records(InputRecord(None, i + 1, t) for i, t in enumerate(tickets)))
    size = [sum(v is not MISSING for v in a.values()) for a in assignments]
    return path, policy, list(zip([{"size": s} for s in size], results))


def _fewest(world: Any, holds: Any) -> int | None:
    sizes = [meta["size"] for meta, result in world[2] if holds(result)]
    return min(sizes) if sizes else None


def _solver_cost(policy: Any, condition: Any) -> int | None:
    found = Solver(policy, dc.decision_predicates(policy)).solve(condition)
    return None if found is None else found.cost


def _decides(rule: Any, result: dict[str, Any], policy: Any) -> bool:
    levels = {r.id: r.level for r in policy.rules}
    matched = result["matched_rules"]
    return rule.id in matched and min(levels[m] for m in matched) == rule.level and result["severity"] == rule.level


def test_rule_conditions_match_enumeration(world: Any) -> None:
    _, policy, _ = world
    for rule in policy.rules:
        assert _solver_cost(policy, rule.condition) == _fewest(world, lambda r: rule.id in r["matched_rules"]), rule.id


def test_rule_decides_matches_enumeration(world: Any) -> None:
    _, policy, _ = world
    for rule in policy.rules:
        expected = _fewest(world, lambda r: _decides(rule, r, policy))
        assert _solver_cost(policy, dc.rule_decides(policy, rule.condition, rule.level)) == expected, rule.id


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_severity_matches_enumeration(world: Any, level: int) -> None:
    _, policy, _ = world
    assert _solver_cost(policy, dc.severity_equals(policy, level)) == _fewest(world, lambda r: r["severity"] == level)


def test_ceiling_lowering_matches_enumeration(world: Any) -> None:
    _, policy, _ = world
    for cap in policy.ceilings:
        lowers = AllOf((cap.condition, dc.before_at_most(policy, cap.max_level - 1)))
        assert _solver_cost(policy, lowers) == _fewest(world, lambda r: cap.id in r["applied_caps"]), cap.id


def test_gap_and_overlaps_match_enumeration(world: Any) -> None:
    _, policy, _ = world
    assert _solver_cost(policy, Not(dc.any_rule(policy))) == _fewest(world, lambda r: not r["matched_rules"])
    for a, b in itertools.combinations(policy.rules, 2):
        both = AllOf((a.condition, b.condition))
        expected = _fewest(world, lambda r: a.id in r["matched_rules"] and b.id in r["matched_rules"])
        assert _solver_cost(policy, both) == expected, (a.id, b.id)


def test_validate_findings_match_enumeration(world: Any) -> None:
    path, policy, results = world
    problems = validate_path(path).problems
    reported = {(p.check_id, p.json_path) for p in problems}
    for index, rule in enumerate(policy.rules):
        never = not any(_decides(rule, r, policy) for _, r in results)
        assert (("never-decides", f"$.rules[{index}]") in reported) == never, rule.id
    for index, cap in enumerate(policy.ceilings):
        never = not any(cap.id in r["applied_caps"] for _, r in results)
        assert (("ceiling-never-lowers", f"$.ceilings[{index}]") in reported) == never, cap.id
    deciding = {rule.id for rule in policy.rules if any(_decides(rule, r, policy) for _, r in results)}
    fields = {rule.id: {p.field for p in predicates(rule.condition)} for rule in policy.rules}
    expected_pairs = {(a.id, b.id) for _, r in results for a in policy.rules for b in policy.rules
                      if a.level < b.level and {a.id, b.id} <= set(r["matched_rules"]) and b.id in deciding
                      and fields[a.id] & fields[b.id]}
    assert expected_pairs  # the small policy has some
    reported_pairs = {(p.message.split(" and rule ")[1].split(" ")[0], p.message.split(" ")[1])
                      for p in problems if p.check_id == "overlap"}
    assert reported_pairs == expected_pairs


def test_the_small_policy_has_the_expected_findings(world: Any) -> None:
    path, _, _ = world
    found = {(p.check_id, p.json_path) for p in validate_path(path).problems if p.check_id != "overlap"}
    assert found == {
        ("never-decides", "$.rules[1]"),          # L2-crash-secondary: cap-secondary always takes it to 3
        ("never-decides", "$.rules[4]"),          # L3-crash-workaround: L1-crash or L2-crash-secondary wins
        ("ceiling-never-lowers", "$.ceilings[2]"),  # max_level 1 lowers nothing
        ("gap", "$.default"),                     # e.g. environment: staging and nothing else
    }


def test_witnesses_classify_as_promised(world: Any) -> None:
    path, policy, _ = world
    classifier = Classifier(policy)
    for problem in validate_path(path).problems:
        if problem.check_id == "overlap":
            result = classifier.classify(problem.witness)
            ids = problem.witness["id"].removeprefix("overlap-")
            assert all(r.id in result["matched_rules"] for r in policy.rules if r.id in ids)
