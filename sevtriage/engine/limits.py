"""durable_rules' hard limits, measured on a compiled ruleset, and the split into rulesets within them.

The engine fails, hangs or crashes past them (``shared/notes/durable-rules.md``):
error 303 when more than 64 tests hold for one ticket, error 113 at 15 ``all``
groups inside one ``any``, error 302 at 254 fact properties, a hang at 513 tests
under one node, a crash past about 255 rules. A condition that alone breaks a
limit is reported at its rule; the limits of the policy as a whole are reported
on the policy (its ``rules`` section) with the whole budget, e.g. ``rules
215/240, tests 530/480``, so an author sees how far over, or how close, it is.

.. rubric:: FAIL

::

    rules:   # 70 tests on one field that can all hold at once
      - {id: L1-r0, level: 1, when: {field: declared_severity, lt: 0}}
      ...
      - {id: L1-r69, level: 1, when: {field: declared_severity, lt: 69}}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sevtriage.contract import MISSING
from sevtriage.engine.projection import GUARD_KEY, Projection
from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "engine-limit"
LEVEL = ERROR
SUMMARY = "the policy is beyond a hard limit of the durable_rules engine (reported with its budget)"

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


@dataclass(frozen=True)
class Budget:
    """One limit of the policy as a whole: how much the policy uses of it."""

    name: str
    used: int
    limit: int
    consequence: str

    def __str__(self) -> str:
        return f"{self.name} {self.used}/{self.limit}"

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit


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


def widest_and_in_or(expression: dict[str, Any]) -> int:
    """The most ``$and`` groups directly inside any one ``$or`` of ``expression``."""
    widest = 0
    for op in ("$and", "$or"):
        for item in expression.get(op, []):
            widest = max(widest, widest_and_in_or(item))
    if "$or" in expression:
        widest = max(widest, sum(1 for item in expression["$or"] if "$and" in item))
    return widest


def _leaf_count(expression: dict[str, Any]) -> int:
    for op in ("$and", "$or"):
        if op in expression:
            return sum(_leaf_count(item) for item in expression[op])
    return 1


class _Shard:
    """One ruleset being filled: its rules, and its use of each per-ruleset limit.

    The co-true bound of ``co_true_bound`` kept up to date rule by rule: per
    engine key, per value of its domain, how many of the shard's tests hold.
    """

    def __init__(self, projection: Projection):
        self.projection = projection
        self.names: list[str] = []
        self.leaves = 1                     # the catch-all's guard test
        self.copies: dict[str, dict[str, int]] = {GUARD_KEY: {json.dumps(GUARD_LEAF): 1}}
        self.sums: dict[str, dict[Any, int]] = {GUARD_KEY: {1: 1}}
        self.co_true = 1
        self._changed: tuple[dict[str, Any], dict[str, dict[str, tuple[Callable[[Any], bool], int]]]] | None = None

    def _domain(self, key: str) -> list[Any]:
        return [1] if key == GUARD_KEY else self.projection.domain(key)

    def _changes(self, rule: dict[str, Any]) -> dict[str, dict[str, tuple[Callable[[Any], bool], int]]]:
        """Per key, the tests whose copies ``rule`` raises, with their new count (worked out once
        for ``fits`` and ``add`` of the same rule)."""
        if self._changed is not None and self._changed[0] is rule:
            return self._changed[1]
        in_rule: dict[str, int] = {}
        tests: dict[str, dict[str, tuple[Callable[[Any], bool], int]]] = {}
        for leaf in _leaves(rule["all"][0]["m"]):
            text = json.dumps(leaf, sort_keys=True)
            in_rule[text] = in_rule.get(text, 0) + 1
            key, holds = _leaf_test(leaf)
            if in_rule[text] > self.copies.get(key, {}).get(text, 0):
                tests.setdefault(key, {})[text] = (holds, in_rule[text])
        self._changed = (rule, tests)
        return tests

    def _sums_after(self, key: str, tests: dict[str, tuple[Callable[[Any], bool], int]]) -> dict[Any, int]:
        sums = dict(self.sums.get(key) or {value: 0 for value in self._domain(key)})
        known = self.copies.get(key, {})
        for text, (holds, count) in tests.items():
            extra = count - known.get(text, 0)
            for value in sums:
                if holds(value):
                    sums[value] += extra
        return sums

    def cost(self, rule: dict[str, Any]) -> tuple[int, int, int]:
        """(rules, tests, co-true tests) of the shard with ``rule`` added."""
        co_true = self.co_true
        for key, tests in self._changes(rule).items():
            co_true += max(self._sums_after(key, tests).values()) - max((self.sums.get(key) or {0: 0}).values())
        return len(self.names) + 1, self.leaves + _leaf_count(rule["all"][0]["m"]), co_true

    def fits(self, rule: dict[str, Any]) -> bool:
        rules, leaves, co_true = self.cost(rule)
        return rules <= LIMIT_RULES and leaves <= LIMIT_LEAF_TESTS and co_true <= LIMIT_CO_TRUE_CONDITIONS

    def add(self, name: str, rule: dict[str, Any]) -> None:
        for key, tests in self._changes(rule).items():
            sums = self._sums_after(key, tests)
            self.co_true += max(sums.values()) - max((self.sums.get(key) or {0: 0}).values())
            self.sums[key] = sums
            for text, (_, count) in tests.items():
                self.copies.setdefault(key, {})[text] = count
        self._changed = None
        self.names.append(name)
        self.leaves += _leaf_count(rule["all"][0]["m"])


GUARD_LEAF = {"$ex": {GUARD_KEY: 1}}


def shard_rules(rules: dict[str, Any], projection: Projection) -> list[list[str]]:
    """The engine rules (catch-all excepted) split, in order, into groups that each fit one
    ruleset with its catch-all: at most ``LIMIT_RULES`` rules, ``LIMIT_LEAF_TESTS`` tests and
    ``LIMIT_CO_TRUE_CONDITIONS`` tests that can hold at once. A rule that does not fit even
    alone gets a group of its own (``limit_problems`` reports it)."""
    groups: list[list[str]] = []
    shard = _Shard(projection)
    for name, rule in rules.items():
        if shard.names and not shard.fits(rule):
            groups.append(shard.names)
            shard = _Shard(projection)
        shard.add(name, rule)
    if shard.names or not groups:
        groups.append(shard.names)
    return groups


def budget(policy: Policy, ruleset: dict[str, Any], projection: Projection) -> list[Budget]:
    """How much of each per-ruleset limit the compiled ruleset (one shard) uses."""
    items = len(ruleset) - 1  # the catch-all
    leaves = sum(_leaf_count(rule["all"][0]["m"]) for rule in ruleset.values())
    fields = len(projection.base_keys) + len(projection.alias_keys) + 3  # guard, sid, id
    return [
        Budget("rules", items, LIMIT_RULES, "durable_rules crashes past about 255 rules and ceilings"),
        Budget("tests", leaves, LIMIT_LEAF_TESTS, "durable_rules hangs past 512 tests under one node"),
        Budget("co-true tests", co_true_bound(ruleset, projection), LIMIT_CO_TRUE_CONDITIONS,
               f"durable_rules fails (error 303) when more than {LIMIT_CO_TRUE_CONDITIONS} tests "
               "hold for one ticket"),
        Budget("fields", fields, LIMIT_FACT_PROPERTIES, "durable_rules fails (error 302) at 254 properties"),
    ]


def _policy_anchor(policy: Policy, message: str) -> Problem:
    """A problem of the policy as a whole, at its first ``rules`` section."""
    for doc in policy.docs:
        if isinstance(doc.data, dict) and "rules" in doc.data:
            return doc.problem(("rules",), message, ID, key=True)
    return Problem(policy.files[0] if policy.files else "policy", 1, 1, ERROR, message, ID, "$")


def limit_problems(policy: Policy, ruleset: dict[str, Any], projection: Projection,
                   catch_all: str, groups: list[list[str]] | None = None) -> list[Problem]:
    """Every limit the compiled policy breaks, at the rule that breaks it alone, else on the policy.

    A policy larger than one ruleset is split over several (``shard_rules``), so the
    per-ruleset limits only bind a rule that breaks one on its own; the fact's
    properties are shared by every ruleset and are a limit of the policy as a whole."""
    problems = []
    items = dict(zip(ruleset, policy.items(), strict=False))  # r0.., c0.. in policy order
    for name, item in items.items():
        if widest_and_in_or(ruleset[name]["all"][0]["m"]) > LIMIT_AND_IN_OR:
            problems.append(item.doc.problem(item.path + ("when",), f"the condition has more than "
                                             f"{LIMIT_AND_IN_OR} all-groups inside one any "
                                             "(durable_rules error 113)", ID))
    rules = {name: rule for name, rule in ruleset.items() if name != catch_all}
    for group in groups if groups is not None else shard_rules(rules, projection):
        if len(group) != 1:
            continue
        alone = {group[0]: rules[group[0]], catch_all: ruleset[catch_all]}
        over = [b for b in budget(policy, alone, projection)[:3] if b.exceeded]
        if over and group[0] in items:
            item = items[group[0]]
            reasons = "; ".join(f"{b.name}: {b.consequence}" for b in over)
            problems.append(item.doc.problem(item.path + ("when",), f"the condition alone is beyond the "
                                             f"engine's limits for one ruleset ({reasons}); budget: "
                                             f"{', '.join(str(b) for b in over)}", ID))
    fields = budget(policy, {catch_all: ruleset[catch_all]}, projection)[3]
    if fields.exceeded and policy.items():
        problems.append(_policy_anchor(policy, f"the policy is beyond the engine's limits (fields: "
                                               f"{fields.consequence}); budget: {fields}"))
    return problems
