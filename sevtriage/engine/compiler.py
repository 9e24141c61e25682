"""Compile a loaded policy to a durable_rules ruleset (its JSON definition form).

Each rule and ceiling becomes one engine rule named ``r<n>`` / ``c<n>`` whose
single fact pattern is the guard ``$ex: {t: 1}`` (only tickets carry ``t``, so
no condition, ``$nex`` included, can match the engine's own session-state
fact) ANDed with the condition in negation normal form: durable_rules has no
``not``, so negation is pushed to the predicates, where "not P" on a field
becomes "the field has another value, or is missing" (READING.md: a missing
field is unknown, and a "not" over it holds). A catch-all rule guarantees that
every asserted ticket fires at least one action.

The engine's hard limits are checked here, before ``create_ruleset``, with a
message that names the rule, instead of a hang or a crash at assert time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sevtriage.engine.projection import MISSING, Projection, build_projection
from sevtriage.policy.conditions import AllOf, Condition, Not, Predicate
from sevtriage.policy.model import Ceiling, Policy, Rule
from sevtriage.problems import ERROR, PolicyError, Problem

GUARD_KEY = "t"
GUARD = {"$ex": {GUARD_KEY: 1}}
CATCH_ALL = "_all"
LIMIT_CO_TRUE_CONDITIONS = 64   # error 303 when more hold for one fact
LIMIT_AND_IN_OR = 14            # error 113 at 15 $and groups in one $or
LIMIT_FACT_PROPERTIES = 250     # error 302 at 254 properties
# Every rule starts with the shared guard test: at 256 rules below one condition
# create_ruleset segfaults, at 257 it fails (error 108) (durable-repros/t06_limits.py
# beta_same_cond). Rules and ceilings, plus the catch-all, stay well below.
LIMIT_RULES = 240
# A node's children live in a 512-slot table: at 512 assert fails, at 513
# create_ruleset hangs forever (t08_512.py). Counting every leaf test of every
# rule bounds the children of any one node.
LIMIT_LEAF_TESTS = 480
LIMIT_ID = "engine-limit"
# Operators the compiler may emit. Never $mt/$imt (regexes leak memory and
# misread long text) and never anything that could run Python code.
SAFE_OPERATORS = frozenset({"$and", "$or", "$ex", "$nex", "$neq", "$gt", "$gte", "$lt", "$lte"})


@dataclass
class CompiledPolicy:
    """The ruleset definition, and how engine names map back to policy ids."""

    ruleset: dict[str, Any]
    names: dict[str, str]
    projection: Projection

    def definition_json(self) -> str:
        return json.dumps(self.ruleset, ensure_ascii=False, sort_keys=True)


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Identical branches dropped: durable_rules keeps each one as a node of its own, and
    65 identical true branches fail with error 303, 200 refuse to compile (error 107)."""
    seen: set[str] = set()
    out = []
    for item in items:
        key = json.dumps(item, sort_keys=True)
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


def _leaves(expression: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for op in ("$and", "$or"):
        if op in expression:
            for item in expression[op]:
                yield from _leaves(item)
            return
    yield expression


_TESTS: dict[str, Callable[[Any, Any], bool]] = {
    "$neq": lambda value, x: value is not MISSING and value != x,
    "$gt": lambda value, x: value is not MISSING and value > x,
    "$gte": lambda value, x: value is not MISSING and value >= x,
    "$lt": lambda value, x: value is not MISSING and value < x,
    "$lte": lambda value, x: value is not MISSING and value <= x,
    "$ex": lambda value, x: value is not MISSING,
    "$nex": lambda value, x: value is MISSING,
}


def _leaf_test(leaf: dict[str, Any]) -> tuple[str, Callable[[Any], bool]]:
    """The engine key a leaf reads, and whether it holds for a value of that key."""
    (op, body), = leaf.items()
    if op in _TESTS:
        (key, operand), = body.items()
        return key, lambda value: _TESTS[op](value, operand)
    return op, lambda value: value is not MISSING and value == body


def co_true_bound(ruleset: dict[str, Any], projection: Projection) -> int:
    """An upper bound on how many engine tests can hold at once for one ticket.

    durable_rules fails (error 303) when more than 64 sibling tests hold for one
    fact. It shares the node of a test that several rules make at the same
    place, but not of a test repeated inside one rule (measured: 100 rules on one
    test are fine, 65 copies of it in one rule's ``any`` fail). So a test counts
    as often as one rule repeats it. Each key of the fact takes one value from a
    finite domain, so per key only the tests that hold for a same value can
    hold together: the bound sums, over the keys, the most tests any one value
    satisfies.
    """
    copies: dict[str, dict[str, tuple[Callable[[Any], bool], int]]] = {}
    for rule in ruleset.values():
        in_rule: dict[str, int] = {}
        for leaf in _leaves(rule["all"][0]["m"]):
            text = json.dumps(leaf, sort_keys=True)
            in_rule[text] = in_rule.get(text, 0) + 1
            key, holds = _leaf_test(leaf)
            known = copies.setdefault(key, {}).get(text, (holds, 0))
            copies[key][text] = (holds, max(known[1], in_rule[text]))
    return sum(max(sum(count for holds, count in tests.values() if holds(value))
                   for value in ([1] if key == GUARD_KEY else projection.domain(key)))
               for key, tests in copies.items())


def _widest_and_in_or(expression: dict[str, Any]) -> int:
    widest = 0
    for op in ("$and", "$or"):
        for item in expression.get(op, []):
            widest = max(widest, _widest_and_in_or(item))
    if "$or" in expression:
        widest = max(widest, sum(1 for item in expression["$or"] if "$and" in item))
    return widest


def _leaf_count(expression: dict[str, Any]) -> int:
    for op in ("$and", "$or"):
        if op in expression:
            return sum(_leaf_count(item) for item in expression[op])
    return 1


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


def _limit_problem(item: Rule | Ceiling, message: str) -> Problem:
    return item.doc.problem(item.path + ("when",), message, LIMIT_ID)


def compile_policy(policy: Policy) -> CompiledPolicy:
    """The ruleset for ``policy``; raises PolicyError where the engine's limits would break."""
    projection = build_projection(policy)
    ruleset: dict[str, Any] = {}
    names: dict[str, str] = {}
    problems: list[Problem] = []
    items: list[tuple[str, Rule | Ceiling]] = [(f"r{i}", r) for i, r in enumerate(policy.rules)]
    items += [(f"c{i}", c) for i, c in enumerate(policy.ceilings)]
    for name, item in items:
        expression = to_engine(item.condition, projection)
        if _widest_and_in_or(expression) > LIMIT_AND_IN_OR:
            problems.append(_limit_problem(item, f"the condition has more than {LIMIT_AND_IN_OR} "
                                                 "all-groups inside one any (durable_rules error 113)"))
        ruleset[name] = {"all": [{"m": _both([GUARD, expression])}]}
        names[name] = item.id
    ruleset[CATCH_ALL] = {"all": [{"m": GUARD}]}
    co_true = co_true_bound(ruleset, projection)
    if co_true > LIMIT_CO_TRUE_CONDITIONS and items:
        problems.append(_limit_problem(items[-1][1], f"up to {co_true} of the policy's tests can hold "
                                       f"for one ticket; durable_rules fails (error 303) when more than "
                                       f"{LIMIT_CO_TRUE_CONDITIONS} do"))
    if len(projection.base_keys) + len(projection.alias_keys) + 3 > LIMIT_FACT_PROPERTIES and items:
        problems.append(_limit_problem(items[-1][1], "the policy reads too many fields "
                                       "(durable_rules error 302 at 254 properties)"))
    if len(items) > LIMIT_RULES:
        problems.append(_limit_problem(items[LIMIT_RULES][1], f"the policy has {len(items)} rules and "
                                       f"ceilings; durable_rules crashes past about 255 (at most "
                                       f"{LIMIT_RULES} here)"))
    leaves = sum(_leaf_count(rule["all"][0]["m"]) for rule in ruleset.values())
    if leaves > LIMIT_LEAF_TESTS and items:
        problems.append(_limit_problem(items[-1][1], f"the policy's conditions have {leaves} tests in "
                                       f"all; durable_rules hangs past 512 under one node (at most "
                                       f"{LIMIT_LEAF_TESTS} here)"))
    if any(p.level == ERROR for p in problems):
        raise PolicyError(problems)
    _check_guarded(ruleset)
    return CompiledPolicy(ruleset, names, projection)
