"""Compile a loaded policy to a durable_rules ruleset (its JSON definition form).

Each rule and ceiling becomes one engine rule named ``r<n>`` / ``c<n>`` whose
single fact pattern is the guard ``$ex: {t: 1}`` (only tickets carry ``t``, so
no condition, ``$nex`` included, can match the engine's own session-state
fact) ANDed with the condition in negation normal form: durable_rules has no
``not``, so negation is pushed to the predicates, where "not P" on a field
becomes "the field has another value, or is missing" (READING.md: a missing
field is unknown, and a "not" over it holds). A catch-all rule guarantees that
every asserted ticket fires at least one action.

The engine's hard limits are checked before ``create_ruleset`` (here for one
condition, in ``limits`` for the policy as a whole), with a message that names
the rule or gives the policy's budget, instead of a hang or a crash at assert time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sevtriage.engine.limits import canonical, limit_problems, shard_rules
from sevtriage.engine.projection import GUARD_KEY, Projection, build_projection
from sevtriage.policy.conditions import AllOf, Condition, Not, Predicate
from sevtriage.policy.model import Ceiling, Policy, Rule
from sevtriage.problems import PolicyError

GUARD = {"$ex": {GUARD_KEY: 1}}
CATCH_ALL = "_all"
# Operators the compiler may emit. Never $mt/$imt (regexes leak memory and
# misread long text) and never anything that could run Python code.
SAFE_OPERATORS = frozenset({"$and", "$or", "$ex", "$nex", "$neq", "$gt", "$gte", "$lt", "$lte"})


@dataclass
class CompiledPolicy:
    """The ruleset definition, and how engine names map back to policy ids."""

    ruleset: dict[str, Any]
    names: dict[str, str]
    projection: Projection
    groups: list[list[str]] | None = field(default=None, repr=False)  # ``shard_rules``' split, once computed

    def definition_json(self) -> str:
        return json.dumps(self.ruleset, ensure_ascii=False, sort_keys=True)

    def shards(self) -> list[dict[str, Any]]:
        """The ruleset split into rulesets the engine can hold, each with the catch-all.

        durable_rules has per-ruleset limits (rules, tests under one node, tests
        true at once): a large policy is spread over several rulesets, each
        within them (``limits.shard_rules``), whose matches the matcher merges."""
        if self.groups is None:
            self.groups = shard_rules(self.rules(), self.projection)
        return [{**{name: self.ruleset[name] for name in group}, CATCH_ALL: self.ruleset[CATCH_ALL]}
                for group in self.groups]

    def rules(self) -> dict[str, Any]:
        """The engine rules, the catch-all excepted."""
        return {name: rule for name, rule in self.ruleset.items() if name != CATCH_ALL}


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Identical branches dropped: durable_rules keeps each one as a node of its own, and
    65 identical true branches fail with error 303, 200 refuse to compile (error 107)."""
    seen: set[str] = set()
    out = []
    for item in items:
        key = canonical(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _join(op: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """``{op: items}`` with nested groups of the same op flattened and copies dropped."""
    flat: list[dict[str, Any]] = []
    for item in items:
        flat.extend(item.get(op, [item]))
    flat = _unique(flat)
    return flat[0] if len(flat) == 1 else {op: flat}


def _either(items: list[dict[str, Any]]) -> dict[str, Any]:
    return _join("$or", items)


def _both(items: list[dict[str, Any]]) -> dict[str, Any]:
    return _join("$and", items)


def _predicate(p: Predicate, projection: Projection, negated: bool) -> dict[str, Any]:
    if p.op == "alias_of":
        key = projection.alias_keys[(p.field, p.value)]
        return _either([{key: False}, {"$nex": {key: 1}}]) if negated else {key: True}
    key = projection.base_keys[p.field]
    missing = {"$nex": {key: 1}}
    if p.op == "exists":
        return missing if negated else {"$ex": {key: 1}}
    if p.op == "missing":
        return {"$ex": {key: 1}} if negated else missing
    if p.op in ("gt", "gte", "lt", "lte"):
        if negated:
            opposite = {"gt": "$lte", "gte": "$lt", "lt": "$gte", "lte": "$gt"}[p.op]
            return _either([{opposite: {key: p.value}}, missing])
        return {"$" + p.op: {key: p.value}}
    literals = p.value if p.op == "in" else (p.value,)
    encoded: list[Any] = []
    for literal in literals:
        value = projection.literal(p.field, literal)
        if value not in encoded:
            encoded.append(value)
    if negated:
        return _either([_both([{"$neq": {key: v}} for v in encoded]), missing])
    return _either([{key: v} for v in encoded])


def to_engine(condition: Condition, projection: Projection, negated: bool = False) -> dict[str, Any]:
    """The durable_rules expression for ``condition`` (or its negation)."""
    if isinstance(condition, Predicate):
        return _predicate(condition, projection, negated)
    if isinstance(condition, Not):
        return to_engine(condition.item, projection, not negated)
    parts = [to_engine(item, projection, negated) for item in condition.items]
    conjunction = isinstance(condition, AllOf) != negated  # De Morgan
    return _both(parts) if conjunction else _either(parts)


def _check_guarded(ruleset: dict[str, Any]) -> None:
    """The invariant every crash guard rests on; a compiler bug must fail here, not in C.

    Each rule is exactly one fact pattern that tests the ticket-only guard at
    its top level (so no ``$nex`` can match the engine's session-state fact),
    has no action or other rule-level key, and uses only safe operators.
    """
    for name, rule in ruleset.items():
        if set(rule) != {"all"} or len(rule["all"]) != 1 or set(rule["all"][0]) != {"m"}:
            raise AssertionError(f"engine rule {name}: unexpected shape {rule!r}")
        pattern = rule["all"][0]["m"]
        if pattern != GUARD and GUARD not in pattern.get("$and", ()):
            raise AssertionError(f"engine rule {name} does not test the ticket guard")
        _check_operators(name, pattern)


def _check_operators(name: str, expression: dict[str, Any]) -> None:
    for key, value in expression.items():
        if key.startswith("$") and key not in SAFE_OPERATORS:
            raise AssertionError(f"engine rule {name} uses {key}")
        if key in ("$and", "$or"):
            for item in value:
                _check_operators(name, item)


def build_ruleset(policy: Policy) -> CompiledPolicy:
    """The ruleset for ``policy``, limits not checked: ``compile_policy`` checks them."""
    projection = build_projection(policy)
    ruleset: dict[str, Any] = {}
    names: dict[str, str] = {}
    items: list[tuple[str, Rule | Ceiling]] = [(f"r{i}", r) for i, r in enumerate(policy.rules)]
    items += [(f"c{i}", c) for i, c in enumerate(policy.ceilings)]
    for name, item in items:
        ruleset[name] = {"all": [{"m": _both([GUARD, to_engine(item.condition, projection)])}]}
        names[name] = item.id
    ruleset[CATCH_ALL] = {"all": [{"m": GUARD}]}
    _check_guarded(ruleset)
    return CompiledPolicy(ruleset, names, projection)


_CACHE_KEY = "engine.compiled"


def compile_policy(policy: Policy) -> CompiledPolicy:
    """The ruleset for ``policy``, compiled once per policy object and kept on it.

    Raises PolicyError, with every limit the policy breaks (each at its rule, or
    on the policy with its budget), before durable_rules could hang or crash."""
    cached = policy.derived.get(_CACHE_KEY)
    if cached is None:
        compiled = build_ruleset(policy)
        compiled.groups = shard_rules(compiled.rules(), compiled.projection)  # split once, kept
        problems = limit_problems(policy, compiled.ruleset, compiled.projection, CATCH_ALL, compiled.groups)
        cached = policy.derived[_CACHE_KEY] = PolicyError(problems) if problems else compiled
    if isinstance(cached, PolicyError):
        raise cached
    assert isinstance(cached, CompiledPolicy)
    return cached
