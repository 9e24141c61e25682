"""The reference evaluator: the condition tree evaluated in plain Python.

It is deliberately simple, so that it is obviously right: the differential test
and the benchmark check the durable_rules classifier against it, ticket by
ticket. It reads the flattened ticket values (``PreparedTicket.values``),
not the engine's projection, so the projection is under test too.

``holds`` walks the tree (explain and the analysis use it on single tickets);
``ReferenceMatcher`` compiles each condition once into nested closures with
the same meaning, operator for operator (``_compile_predicate`` mirrors
``predicate_holds``), so that the differential tests over many tickets and
large policies stay cheap.
"""

from __future__ import annotations

from collections.abc import Callable
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


Test = Callable[[dict[str, Any]], bool]


def _compile_predicate(predicate: Predicate, policy: Policy) -> Test:
    """``predicate_holds`` for one predicate, with the operator chosen once."""
    name, op, operand = predicate.field, predicate.op, predicate.value
    if op == "missing":
        return lambda values: name not in values
    if op == "exists":
        return lambda values: name in values
    if op in ("is", "equals"):
        return lambda values: name in values and _same(values[name], operand)
    if op == "in":
        return lambda values: name in values and any(_same(values[name], option) for option in operand)
    if op == "alias_of":
        spellings = {normalise_name(s) for s in policy.aliases[name][operand]}
        return lambda values: name in values and normalise_name(values[name]) in spellings
    if op == "gt":
        return lambda values: name in values and values[name] > operand
    if op == "gte":
        return lambda values: name in values and values[name] >= operand
    if op == "lt":
        return lambda values: name in values and values[name] < operand
    if op == "lte":
        return lambda values: name in values and values[name] <= operand
    raise ValueError(f"unknown operator {op!r}")


def compile_condition(condition: Condition, policy: Policy) -> Test:
    """A closure equal to ``holds(condition, values, policy)`` for every ``values``."""
    if isinstance(condition, Predicate):
        return _compile_predicate(condition, policy)
    if isinstance(condition, Not):
        inner = compile_condition(condition.item, policy)
        return lambda values: not inner(values)
    items = [compile_condition(item, policy) for item in condition.items]
    if isinstance(condition, AllOf):
        return lambda values: all(item(values) for item in items)
    return lambda values: any(item(values) for item in items)


class ReferenceMatcher:
    """Same interface as the engine matcher: ids of the rules and ceilings that hold."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self._tests = [(item.id, compile_condition(item.condition, policy))
                       for item in policy.items()]

    def match(self, values: dict[str, Any]) -> set[str]:
        return {item_id for item_id, test in self._tests if test(values)}

    def match_many(self, batch: list[dict[str, Any]]) -> list[set[str]]:
        return [self.match(values) for values in batch]
