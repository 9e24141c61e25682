"""What the engine sees of a ticket: only the fields the rules read, encoded.

durable_rules compares strings on their JSON-escaped form and only over the
first ``len % 65536`` bytes, and coerces ``1`` to ``true``. So no ticket string
ever reaches it: each field a rule reads gets a short engine key (``k0``,
``k1``, ...) holding a boolean, an integer, or for enumerations and strings the
integer code of the policy literal it equals (-1 for any other value). An
``alias_of`` test gets a boolean key of its own, computed here in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sevtriage.contract import BOOLEAN, INTEGER, MISSING, readable_fields
from sevtriage.policy.aliases import alias_table, normalise_name
from sevtriage.policy.model import Policy

OTHER = -1
# The key only ticket facts carry (always 1): the compiler guards every rule with it,
# so no condition can match the engine's own session-state fact.
GUARD_KEY = "t"


@dataclass
class Projection:
    """Maps a flattened ticket to the engine fact, and policy literals to engine values."""

    base_keys: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    vocab: dict[str, dict[Any, int]] = field(default_factory=dict)
    alias_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    alias_spellings: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def literal(self, name: str, value: Any) -> Any:
        """The engine value a policy literal of field ``name`` is compared as."""
        if self.kinds[name] in (BOOLEAN, INTEGER):
            return value
        return self.vocab[name].get(value, OTHER)

    def domain(self, key: str) -> list[Any]:
        """Every value engine key ``key`` can hold (``MISSING`` for absent), for limit checks."""
        for alias_key in self.alias_keys.values():
            if alias_key == key:
                return [True, False, MISSING]
        name = next(n for n, k in self.base_keys.items() if k == key)
        if self.kinds[name] == BOOLEAN:
            return [True, False, MISSING]
        if self.kinds[name] == INTEGER:
            spec = readable_fields()[name]
            return [*range(spec.minimum or 0, (spec.maximum or 0) + 1), MISSING]
        return [*self.vocab[name].values(), OTHER, MISSING]

    def fact(self, values: dict[str, Any]) -> dict[str, Any]:
        """The engine's view of one ticket: only keys for fields the ticket has."""
        out: dict[str, Any] = {}
        for name, key in self.base_keys.items():
            if name in values:
                value = values[name]
                out[key] = value if self.kinds[name] in (BOOLEAN, INTEGER) \
                    else self.vocab[name].get(value, OTHER)
        for (name, alias), key in self.alias_keys.items():
            if name in values:
                out[key] = normalise_name(values[name]) in self.alias_spellings[(name, alias)]
        return out


def build_projection(policy: Policy) -> Projection:
    """Allocate engine keys for every field and alias test the policy reads."""
    projection = Projection()
    specs = readable_fields()
    for _, predicate in policy.predicates():
        name = predicate.field
        projection.kinds[name] = specs[name].kind
        projection.vocab.setdefault(name, {})
        if name not in projection.base_keys and predicate.op != "alias_of":
            projection.base_keys[name] = f"k{len(projection.base_keys) + len(projection.alias_keys)}"
        if predicate.op in ("equals", "in", "is") and projection.kinds[name] not in (BOOLEAN, INTEGER):
            literals = predicate.value if predicate.op == "in" else (predicate.value,)
            for literal in literals:
                projection.vocab[name].setdefault(literal, len(projection.vocab[name]))
        if predicate.op == "alias_of" and (name, predicate.value) not in projection.alias_keys:
            key = f"k{len(projection.base_keys) + len(projection.alias_keys)}"
            projection.alias_keys[(name, predicate.value)] = key
            projection.alias_spellings[(name, predicate.value)] = alias_table(
                policy.aliases[name][predicate.value])
    return projection
