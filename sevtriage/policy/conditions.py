"""The condition language as a small immutable tree: all / any / not over predicates.

Conditions stay data: they are parsed from the schema-valid YAML into these
nodes, and then either compiled to durable_rules JSON (``compiler``) or
evaluated directly by the reference evaluator (``reference``). Nothing is ever
turned into Python source.

Missing-field semantics (READING.md): a predicate on a missing field is false,
so ``not`` over it holds; ``missing`` is the one predicate a missing field makes
true.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sevtriage.wording import json_term

OPERATORS = ("is", "equals", "in", "gt", "gte", "lt", "lte", "exists", "missing", "alias_of")
COMPARISONS = ("gt", "gte", "lt", "lte")

Path = tuple[Any, ...]


@dataclass(frozen=True)
class Predicate:
    """One test of one ticket field, e.g. ``symptoms.data_loss is true``."""

    field: str
    op: str
    value: Any
    path: Path = ()

    def describe(self) -> str:
        if self.op in ("exists", "missing"):
            return f"{self.field} {self.op}"
        if self.op == "in":
            return f"{self.field} in {json_term(list(self.value))}"
        if self.op == "alias_of":
            return f"{self.field} is an alias of {json_term(self.value)}"
        symbol = {"is": "is", "equals": "==", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}[self.op]
        return f"{self.field} {symbol} {json_term(self.value)}"


@dataclass(frozen=True)
class AllOf:
    """Holds when every item holds (``all:``)."""

    items: tuple[Condition, ...]
    path: Path = ()


@dataclass(frozen=True)
class AnyOf:
    """Holds when at least one item holds (``any:``)."""

    items: tuple[Condition, ...]
    path: Path = ()


@dataclass(frozen=True)
class Not:
    """Holds when its item does not (``not:``)."""

    item: Condition
    path: Path = ()


Condition = Predicate | AllOf | AnyOf | Not


def parse_condition(data: dict[str, Any], path: Path) -> Condition:
    """Build the tree from schema-valid data; ``path`` is kept for error positions."""
    if "all" in data:
        return AllOf(tuple(parse_condition(c, path + ("all", i)) for i, c in enumerate(data["all"])), path)
    if "any" in data:
        return AnyOf(tuple(parse_condition(c, path + ("any", i)) for i, c in enumerate(data["any"])), path)
    if "not" in data:
        return Not(parse_condition(data["not"], path + ("not",)), path)
    (op,) = [key for key in data if key != "field"]
    value = tuple(data[op]) if op == "in" else data[op]
    return Predicate(data["field"], op, value, path)


def predicates(condition: Condition) -> Iterator[Predicate]:
    """Every predicate in the tree, in document order."""
    if isinstance(condition, Predicate):
        yield condition
    elif isinstance(condition, Not):
        yield from predicates(condition.item)
    else:
        for item in condition.items:
            yield from predicates(item)


def values_with_paths(predicate: Predicate) -> list[tuple[Path, Any]]:
    """The literal(s) a predicate compares with, each with its own YAML path."""
    if predicate.op == "in":
        return [(predicate.path + ("in", i), v) for i, v in enumerate(predicate.value)]
    return [(predicate.path + (predicate.op,), predicate.value)]


def describe(condition: Condition) -> str:
    """A one-line human form, used in explanations and lint messages."""
    if isinstance(condition, Predicate):
        return condition.describe()
    if isinstance(condition, Not):
        return f"not ({describe(condition.item)})"
    joiner = " and " if isinstance(condition, AllOf) else " or "
    return "(" + joiner.join(describe(item) for item in condition.items) + ")"
