"""The reference evaluator: the condition tree read directly, in plain Python.

It is deliberately naive, so that it is obviously right: the differential test
and the benchmark check the durable_rules classifier against it, ticket by
ticket. It reads the flattened ticket values (``PreparedTicket.values``),
not the engine's projection, so the projection is under test too.
"""

from __future__ import annotations

from typing import Any

from sevtriage.policy.aliases import normalise_name
from sevtriage.policy.conditions import AllOf, Condition, Not, Predicate
from sevtriage.policy.model import Policy


def _same(left: Any, right: Any) -> bool:
    """Equality without Python's ``True == 1``: a flag never equals a number."""
    return type(left) is type(right) and left == right


def predicate_holds(predicate: Predicate, values: dict[str, Any], policy: Policy) -> bool:
    if predicate.op == "missing":
        return predicate.field not in values
    if predicate.field not in values:
        return False  # unknown, not false: a predicate on a missing field never holds
    value = values[predicate.field]
    op = predicate.op
    if op == "exists":
        return True
    if op in ("is", "equals"):
        return _same(value, predicate.value)
    if op == "in":
        return any(_same(value, option) for option in predicate.value)
    if op == "alias_of":
        spellings = policy.aliases[predicate.field][predicate.value]
        return normalise_name(value) in {normalise_name(s) for s in spellings}
    if op == "gt":
        return bool(value > predicate.value)
    if op == "gte":
        return bool(value >= predicate.value)
    if op == "lt":
        return bool(value < predicate.value)
    if op == "lte":
        return bool(value <= predicate.value)
    raise ValueError(f"unknown operator {op!r}")


def holds(condition: Condition, values: dict[str, Any], policy: Policy) -> bool:
    if isinstance(condition, Predicate):
        return predicate_holds(condition, values, policy)
    if isinstance(condition, Not):
        return not holds(condition.item, values, policy)
    if isinstance(condition, AllOf):
        return all(holds(item, values, policy) for item in condition.items)
    return any(holds(item, values, policy) for item in condition.items)


class ReferenceMatcher:
    """Same interface as the engine matcher: ids of the rules and ceilings that hold."""

    def __init__(self, policy: Policy):
        self.policy = policy

    def match(self, values: dict[str, Any]) -> set[str]:
        return {item.id for item in self.policy.items()
                if holds(item.condition, values, self.policy)}

    def match_many(self, batch: list[dict[str, Any]]) -> list[set[str]]:
        return [self.match(values) for values in batch]
