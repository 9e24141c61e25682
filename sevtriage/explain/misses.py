"""Which part of a rule's condition failed for a ticket, and by what.

A rule that did not match fails on some predicates: for ``all``, every false
item; for ``any``, the alternative with the fewest failures (the nearest one);
for ``not``, the inner condition that held. Each failure names the field, the
value expected and the value the ticket had ("missing" when absent). Truth is
always the reference evaluator's.
"""

from __future__ import annotations

from typing import Any

from sevtriage.engine.reference import holds, predicate_holds
from sevtriage.policy.conditions import (
    AllOf,
    AnyOf,
    Condition,
    Not,
    Predicate,
    describe,
    predicates,
)
from sevtriage.policy.model import Policy, Rule

MISSING_TEXT = "missing"


def expected_value(predicate: Predicate) -> Any:
    """What the predicate wants, as a JSON value when it is one value, else in words."""
    if predicate.op in ("is", "equals"):
        return predicate.value
    if predicate.op == "in":
        return "one of " + ", ".join(str(v) for v in predicate.value)
    if predicate.op == "alias_of":
        return f"an alias of {predicate.value}"
    if predicate.op == "exists":
        return "present"
    if predicate.op == "missing":
        return MISSING_TEXT
    symbol = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[predicate.op]
    return f"{symbol} {predicate.value}"


def actual_value(values: dict[str, Any], field: str) -> Any:
    return values.get(field, MISSING_TEXT)


def _failure(condition: str, field: str, expected: Any, values: dict[str, Any]) -> dict[str, Any]:
    return {"condition": condition, "field": field, "expected": expected, "actual": actual_value(values, field)}


def failures(condition: Condition, values: dict[str, Any], policy: Policy) -> list[dict[str, Any]]:
    """The failed parts of a condition that does not hold (empty when it holds)."""
    if isinstance(condition, Predicate):
        if predicate_holds(condition, values, policy):
            return []
        return [_failure(condition.describe(), condition.field, expected_value(condition), values)]
    if isinstance(condition, Not):
        if not holds(condition.item, values, policy):
            return []
        held = [p for p in predicates(condition.item) if predicate_holds(p, values, policy)] or \
            list(predicates(condition.item))
        return [_failure(describe(condition), p.field, f"not {p.describe()}", values) for p in held]
    if isinstance(condition, AllOf):
        return [f for item in condition.items for f in failures(item, values, policy)]
    assert isinstance(condition, AnyOf)
    if holds(condition, values, policy):
        return []
    options = [failures(item, values, policy) for item in condition.items]
    return min(options, key=len) if options else []


def rule_summary(rule: Rule) -> dict[str, Any]:
    return {"rule": rule.id, "level": rule.level, "source": rule.source, "reading": rule.reading,
            "at": rule.place(column=True)}


def nearest_misses(policy: Policy, values: dict[str, Any], severity: int,
                   matched: set[str]) -> list[dict[str, Any]]:
    """Rules more severe than ``severity`` that did not match, fewest failures first.

    Used by ``explain`` and by ``sevtriage test`` failures: "why not Level 1?".
    """
    misses = []
    for order, rule in enumerate(policy.rules):
        if rule.level < severity and rule.id not in matched:
            failed = failures(rule.condition, values, policy)
            misses.append((len(failed), rule.level, order, {**rule_summary(rule), "failed": failed}))
    return [entry for *_, entry in sorted(misses, key=lambda m: m[:3])]
