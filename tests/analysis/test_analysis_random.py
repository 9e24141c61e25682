"""The solver against brute force on random small policies (hypothesis).

Conditions are drawn over a boolean, an enum with a field default, an aliased
string and declared_severity, with all / any / not nesting; every ticket over
those fields is classified (reference matcher, the oracle) and the solver's
answers to "fewest fields for this level" and "can this rule decide" must equal
the enumeration's.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from lint_helpers import HEADER
from policy_strategies import conditions as random_conditions

from sevtriage.analysis import decision_conditions as dc
from sevtriage.analysis.solver import Solver
from sevtriage.analysis.witness import witness_ticket
from sevtriage.contract import MISSING
from sevtriage.engine.classifier import Classifier
from sevtriage.engine.reference import ReferenceMatcher, holds
from sevtriage.policy.conditions import AllOf
from sevtriage.policy.loader import load_policy_texts
from sevtriage.tickets.records import InputRecord

PREDICATES = [
    "{field: symptoms.crash_or_hang, is: true}", "{field: symptoms.crash_or_hang, is: false}",
    "{field: symptoms.crash_or_hang, exists: true}", "{field: symptoms.crash_or_hang, missing: true}",
    "{field: environment, equals: staging}", "{field: environment, in: [production, development]}",
    "{field: technology, alias_of: mssql}", "{field: technology, equals: php}",
    "{field: declared_severity, lte: 2}", "{field: declared_severity, gt: 3}",
]
VALUES: dict[str, list[Any]] = {
    "symptoms.crash_or_hang": [MISSING, False, True],
    "environment": [MISSING, "production", "staging", "development"],
    "technology": [MISSING, "SQL server", "php", "java"],
    "declared_severity": [MISSING, 1, 2, 3, 4],
}


def conditions(depth: int = 2) -> st.SearchStrategy[str]:
    return random_conditions(PREDICATES, depth)


@st.composite
def policies(draw: st.DrawFn) -> str:
    rules = draw(st.lists(st.tuples(st.integers(1, 4), conditions()), min_size=1, max_size=4))
    caps = draw(st.lists(st.tuples(st.integers(1, 4), conditions()), max_size=2))
    text = HEADER.replace("default: {level: 3}", f"default: {{level: {draw(st.integers(1, 4))}}}")
    text += "aliases: {technology: {mssql: [mssql, sql server]}}\nfield_defaults: {environment: production}\n"
    text += "rules:\n" + "".join(f"  - {{id: L{lv}-r{i}, level: {lv}, when: {c}}}\n" for i, (lv, c) in enumerate(rules))
    if caps:
        text += "ceilings:\n" + "".join(f"  - {{id: cap-{i}, max_level: {m}, when: {c}}}\n"
                                        for i, (m, c) in enumerate(caps))
    return text


def _enumerate(policy: Any) -> list[tuple[int, dict[str, Any], dict[str, Any]]]:
    """(fields set, prepared values, result) for every ticket over VALUES."""
    names = list(VALUES)
    combos = [dict(zip(names, c)) for c in itertools.product(*VALUES.values())]
    tickets = [witness_ticket({k: v for k, v in c.items() if v is not MISSING}, f"T{i}") for i, c in enumerate(combos)]
    classifier = Classifier(policy, ReferenceMatcher(policy))
    results = classifier.classify_records(InputRecord(None, i, t) for i, t in enumerate(tickets, 1))
    return [(sum(v is not MISSING for v in c.values()), classifier.prepare(t).values, r)
            for c, t, r in zip(combos, tickets, results)]


def _fewest(world: list[tuple[int, dict[str, Any], dict[str, Any]]], wanted: Any) -> int | None:
    sizes = [size for size, _, result in world if wanted(result)]
    return min(sizes) if sizes else None


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_solver_equals_enumeration(text: str) -> None:
    policy = load_policy_texts([("random.yaml", text)])
    world = _enumerate(policy)
    solver = Solver(policy, dc.decision_predicates(policy))

    def cost(condition: Any) -> int | None:
        found = solver.solve(condition)
        return None if found is None else found.cost

    for level in policy.levels:
        assert cost(dc.severity_equals(policy, level)) == _fewest(world, lambda r: r["severity"] == level), level
    levels = {r.id: r.level for r in policy.rules}
    for rule in policy.rules:
        def decides(r: dict[str, Any]) -> bool:
            m = r["matched_rules"]
            return rule.id in m and min(levels[x] for x in m) == rule.level == r["severity"]
        assert cost(dc.rule_decides(policy, rule.condition, rule.level)) == _fewest(world, decides), rule.id
        assert solver.satisfiable(rule.condition) == any(rule.id in r["matched_rules"] for _, _, r in world)
        encoded = dc.rule_decides(policy, rule.condition, rule.level)
        assert all(holds(encoded, values, policy) == decides(r) for _, values, r in world), rule.id


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_decision_conditions_equal_the_classifier_on_every_ticket(text: str) -> None:
    """The decision steps written as conditions agree with ``decide`` ticket by ticket."""
    policy = load_policy_texts([("random.yaml", text)])
    for _, values, result in _enumerate(policy):
        for level in policy.levels:
            assert holds(dc.severity_equals(policy, level), values, policy) == (result["severity"] == level)
        for cap in policy.ceilings:
            lowers = AllOf((cap.condition, dc.before_at_most(policy, cap.max_level - 1)))
            assert holds(lowers, values, policy) == (cap.id in result["applied_caps"])


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_no_field_of_a_lint_witness_can_be_removed(text: str) -> None:
    """Issue 8: the docs promise witnesses with the fewest fields; each finding's witness loses
    its condition when any one field is dropped (checked on the ticket as classify reads it)."""
    from sevtriage.lint import LINT_CHECKS
    from sevtriage.lint.analysis import Analysis

    policy = load_policy_texts([("p.yaml", text)])
    analysis = Analysis(policy)
    conditions: dict[str, Any] = {}
    real_witness = analysis.witness

    def remember(condition: Any, ticket_id: str) -> dict[str, Any] | None:
        found = real_witness(condition, ticket_id)
        if found is not None:
            conditions[ticket_id] = (condition, found)
        return found

    analysis.witness = remember  # type: ignore[method-assign]
    for module in LINT_CHECKS:
        list(module.check(analysis))
    for condition, witness in conditions.values():
        fields = [f"symptoms.{k}" for k in witness.get("symptoms", {})] + [k for k in witness if k not in ("id", "symptoms")]
        assert holds(condition, Classifier(policy, ReferenceMatcher(policy)).prepare(witness).values, policy)
        for name in fields:
            fewer = witness_ticket({k: v for k, v in _fields_of(witness).items() if k != name}, witness["id"])
            assert not holds(condition, Classifier(policy, ReferenceMatcher(policy)).prepare(fewer).values, policy), (
                witness, name)


def _fields_of(ticket: dict[str, Any]) -> dict[str, Any]:
    out = {f"symptoms.{k}": v for k, v in ticket.get("symptoms", {}).items()}
    out.update({k: v for k, v in ticket.items() if k not in ("id", "symptoms")})
    return out
