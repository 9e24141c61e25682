"""durable_rules' hard limits, measured on a compiled ruleset, and the split into rulesets within them.

The engine fails, hangs or crashes past them (``shared/notes/durable-rules.md``):
error 303 when more than 64 tests hold for one ticket or assert's walk needs more than
64 nodes on its stack, error 113 at 16 all/any groups in one rule, error 107 past 127
"missing" tests and any-groups at one node, error 302 at 254 fact properties, a hang at 513 tests
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
# Each all/any group ($and, $or) of a rule's pattern takes two of the 32 places of its
# expression sequence (rete.c APPEND_EXPRESSION): error 113 at 16 groups, the guard's included.
LIMIT_GROUPS = 15
LIMIT_FACT_PROPERTIES = 250     # error 302 at 254 properties
# Every rule starts with the shared guard test: at 256 rules below one condition
# create_ruleset segfaults, at 257 it fails (error 108) (durable-repros/t06_limits.py
# beta_same_cond). Rules and ceilings, plus the catch-all, stay well below.
LIMIT_RULES = 240
# The limits of one node of the network durable_rules builds (``Network``; rete.c, rules.h).
# Its tests live in a 512-slot table: at 512 assert hangs, at 513 create_ruleset hangs
# forever (t08_512.py).
LIMIT_LEAF_TESTS = 480
# Its "missing" ($nex) tests, and the links to the any-groups that one of its branches ends at,
# live in a 128-slot list: past 127 create_ruleset fails (error 107).
LIMIT_NODE_LINKS = 120
# Asserting a fact walks the network depth first with a stack of 64 nodes (events.c
# handleAlpha): error 303 when a node would be pushed onto a full stack.
LIMIT_STACK = 64

# An engine expression's text with its keys sorted, as ``json.dumps(x, sort_keys=True)`` writes it
# (one encoder, not one per call): identical expressions, identical texts.
canonical = json.JSONEncoder(sort_keys=True).encode


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
            text = canonical(leaf)
            in_rule[text] = in_rule.get(text, 0) + 1
            key, holds = _leaf_test(leaf)
            known = copies.setdefault(key, {}).get(text, (holds, 0))
            copies[key][text] = (holds, max(known[1], in_rule[text]))
    return sum(max(sum(count for holds, count in tests.values() if holds(value))
                   for value in ([1] if key == GUARD_KEY else projection.domain(key)))
               for key, tests in copies.items())


def group_count(expression: dict[str, Any]) -> int:
    """How many all/any groups (``$and``, ``$or``) ``expression`` has, nested ones included."""
    for op in ("$and", "$or"):
        if op in expression:
            return 1 + sum(group_count(item) for item in expression[op])
    return 0


def _test_key(leaf: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two tests one node under a parent (rete.c findAlpha): property, operator
    and value, the value's JSON type included (``1`` and ``true`` are two nodes)."""
    if len(leaf) != 1:
        raise ValueError(f"an engine test of more than one member: {leaf!r}")
    (op, body), = leaf.items()
    if isinstance(body, dict):
        if len(body) != 1:
            raise ValueError(f"an engine test of more than one member: {leaf!r}")
        (name, value), = body.items()
        return (op, name, type(value).__name__, value)
    return ("", op, type(body).__name__, body)  # equality: ``{"k3": true}``


class _Node:
    """One node of a ``Network``: what its children cost when a fact is asserted."""

    __slots__ = ("deepest", "depth", "holding", "listed", "push", "tests")

    def __init__(self) -> None:
        self.tests = 0                                  # children in its 512-slot table
        self.listed = 0                                 # entries of its 128-slot list
        self.holding: dict[str, dict[Any, int]] = {}    # per key, per value: table children that hold
        self.depth = 1                                  # ``Network.depth``
        self.deepest = 0                                # the largest ``depth`` of a child
        self.push = 0                                   # ``pushed()``, kept

    def copy(self) -> _Node:
        twin = _Node()
        twin.tests, twin.listed, twin.depth, twin.deepest = self.tests, self.listed, self.depth, self.deepest
        twin.push = self.push
        twin.holding = {key: dict(counts) for key, counts in self.holding.items()}
        return twin

    def pushed(self) -> int:
        """The most children pushed onto the stack when this node is taken off it: every
        entry of its list (a missing property, an any-group: pushed without a test), and
        per key of the fact, the most of its table's tests that one value satisfies."""
        return self.listed + sum(max(counts.values()) for counts in self.holding.values())


# A plan (``Network.plan``): the new children, the nodes made or changed (copies), the
# network's size, and each node passed through with its new (depth, deepest child).
Plan = tuple[dict[tuple[int, tuple[Any, ...]], int], dict[int, _Node], int, dict[int, tuple[int, int]]]


class Network:
    """The alpha network durable_rules builds for a ruleset, and its use of the per-node limits.

    As rete.c builds it (createAlpha, findAlpha, linkAlpha): an ``$and`` is a chain of
    test nodes, each under the one before; a test is one node under its parent, shared
    by every rule that makes the same test at that place; an ``$or`` gets a node of its
    own, which the last node of each branch lists. A node keeps its tests in a table of
    512 slots and its ``$nex`` tests and any-group links in a list of 128 (the counts
    bound by ``LIMIT_LEAF_TESTS`` and ``LIMIT_NODE_LINKS``). Nodes are only taken as
    shared where rete.c shares them (same parent, same test), so no count is below the
    engine's. ``depth`` bounds the stack of assert's depth-first walk (``LIMIT_STACK``).
    Adding a rule only ever raises these counts.
    """

    def __init__(self, projection: Projection):
        self.projection = projection
        self.children: dict[tuple[int, tuple[Any, ...]], int] = {}
        self.nodes: dict[int, _Node] = {0: _Node()}  # node 0: the root every rule's pattern starts from
        self.widest_tests = self.widest_links = 0
        self.size = 1

    def _domain(self, key: str) -> list[Any]:
        return [1] if key == GUARD_KEY else self.projection.domain(key)

    def plan(self, expression: dict[str, Any]) -> Plan:
        """What adding a rule of pattern ``expression`` makes and changes, not yet made."""
        children: dict[tuple[int, tuple[Any, ...]], int] = {}
        touched: dict[int, _Node] = {}
        order: list[int] = []        # nodes as the walk passes them; an any-group's node after its branches
        below: dict[int, list[int]] = {}  # the children each node gets or passes on to in this rule
        size = [self.size]

        def node(number: int) -> _Node:
            if number not in touched:
                touched[number] = self.nodes[number].copy() if number in self.nodes else _Node()
            return touched[number]

        def alpha(item: dict[str, Any], parent: int) -> int:
            """The node the chain of ``item`` ends at, built under ``parent``."""
            order.append(parent)
            if len(item) == 1 and "$and" in item:
                for part in item["$and"]:
                    parent = alpha(part, parent)
                return parent
            if len(item) == 1 and "$or" in item:
                forward = size[0]
                size[0] += 1
                node(forward)
                for part in item["$or"]:
                    end = alpha(part, parent)
                    node(end).listed += 1
                    below.setdefault(end, []).append(forward)
                order.append(forward)
                return forward
            key = (parent, _test_key(item))
            child = self.children.get(key)
            if child is None:
                child = children.get(key)
            if child is None:
                child = children[key] = size[0]
                size[0] += 1
                node(child)
                above = node(parent)
                if "$nex" in item:
                    above.listed += 1
                else:
                    above.tests += 1
                    name, holds = _leaf_test(item)
                    counts = above.holding.setdefault(name, {value: 0 for value in self._domain(name)})
                    for value in counts:
                        if holds(value):
                            counts[value] += 1
            below.setdefault(parent, []).append(child)
            order.append(child)
            return child

        alpha(expression, 0)
        # Each node passed through gets its bound again from its children's (a node the rule
        # only passes through gets deeper when one below it does).
        # A node's children (tests under it, an any-group's node) all come after its first place
        # in ``order``: from the last first place to the first, each is done before its parent.
        first: dict[int, int] = {}
        for place, number in enumerate(order):
            first.setdefault(number, place)
        depths: dict[int, tuple[int, int]] = {}
        for place in range(len(order) - 1, -1, -1):
            number = order[place]
            if first[number] != place:
                continue
            here = touched.get(number)
            if here is None:
                here = self.nodes[number]
            else:
                here.push = here.pushed()
            deepest = max([here.deepest, *(depths[kid][0] for kid in below.get(number, ()))])
            pushed = here.push
            depths[number] = (max(1, pushed, pushed - 1 + deepest), deepest)
        return children, touched, size[0], depths

    def after(self, plan: Plan) -> tuple[int, int, int]:
        """(tests of the widest table, links of the widest list, stack bound) with ``plan`` made."""
        touched = plan[1]
        tests = max([self.widest_tests, *(n.tests for n in touched.values())])
        links = max([self.widest_links, *(n.listed for n in touched.values())])
        return tests, links, plan[3][0][0]

    def make(self, plan: Plan) -> None:
        children, touched, size, depths = plan
        self.widest_tests, self.widest_links, _ = self.after(plan)
        self.children.update(children)
        self.nodes.update(touched)
        for number, (depth, deepest) in depths.items():
            self.nodes[number].depth, self.nodes[number].deepest = depth, deepest
        self.size = size

    def add(self, expression: dict[str, Any]) -> None:
        self.make(self.plan(expression))

    @property
    def depth(self) -> int:
        """An upper bound on the stack assert's walk needs, for any one fact.

        Walking from a node, the stack holds at most the children it pushes, then,
        below the deepest of them, that child's own walk: ``depth`` of a node is
        ``max(1, pushed, pushed - 1 + the deepest child's depth)``, and the root's is the
        ruleset's."""
        return self.nodes[0].depth


def network(ruleset: dict[str, Any], projection: Projection) -> Network:
    """The network of a whole ruleset (``Network``)."""
    built = Network(projection)
    for rule in ruleset.values():
        built.add(rule["all"][0]["m"])
    return built


class _Shard:
    """One ruleset being filled: its rules, and its use of each per-ruleset limit.

    The co-true bound of ``co_true_bound`` kept up to date rule by rule: per
    engine key, per value of its domain, how many of the shard's tests hold; and
    the network durable_rules will build (``Network``), for the per-node limits.
    """

    def __init__(self, projection: Projection):
        self.projection = projection
        self.names: list[str] = []
        self.network = Network(projection)
        self.network.add(GUARD_LEAF)        # the catch-all
        self._planned: tuple[dict[str, Any], Plan] | None = None
        self.copies: dict[str, dict[str, int]] = {GUARD_KEY: {canonical(GUARD_LEAF): 1}}
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
            text = canonical(leaf)
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

    def _plan(self, rule: dict[str, Any]) -> Plan:
        """The network's plan for ``rule`` (worked out once for ``fits`` and ``add``)."""
        if self._planned is None or self._planned[0] is not rule:
            self._planned = (rule, self.network.plan(rule["all"][0]["m"]))
        return self._planned[1]

    def cost(self, rule: dict[str, Any]) -> tuple[int, int, int, int, int]:
        """(rules, tests of the widest node, links of the widest node, stack bound, co-true
        tests) of the shard with ``rule`` added."""
        co_true = self.co_true
        for key, tests in self._changes(rule).items():
            co_true += max(self._sums_after(key, tests).values()) - max((self.sums.get(key) or {0: 0}).values())
        return (len(self.names) + 1, *self.network.after(self._plan(rule)), co_true)

    def fits(self, rule: dict[str, Any]) -> bool:
        rules, tests, links, depth, co_true = self.cost(rule)
        return (rules <= LIMIT_RULES and tests <= LIMIT_LEAF_TESTS and links <= LIMIT_NODE_LINKS
                and depth <= LIMIT_STACK and co_true <= LIMIT_CO_TRUE_CONDITIONS)

    def add(self, name: str, rule: dict[str, Any]) -> None:
        for key, tests in self._changes(rule).items():
            sums = self._sums_after(key, tests)
            self.co_true += max(sums.values()) - max((self.sums.get(key) or {0: 0}).values())
            self.sums[key] = sums
            for text, (_, count) in tests.items():
                self.copies.setdefault(key, {})[text] = count
        self.network.make(self._plan(rule))
        self._changed = self._planned = None
        self.names.append(name)


GUARD_LEAF = {"$ex": {GUARD_KEY: 1}}


def shard_rules(rules: dict[str, Any], projection: Projection) -> list[list[str]]:
    """The engine rules (catch-all excepted) split, in order, into groups that each fit one
    ruleset with its catch-all: at most ``LIMIT_RULES`` rules, ``LIMIT_LEAF_TESTS`` tests and
    ``LIMIT_NODE_LINKS`` links under any one node of its network, a walk within the engine's
    stack (``LIMIT_STACK``) and at most ``LIMIT_CO_TRUE_CONDITIONS`` tests that can hold at
    once. A rule that does not fit even alone gets a group of its own (``limit_problems``
    reports it)."""
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
    """How much of each per-ruleset limit the compiled ruleset (one shard) uses; the last is the
    fact's properties, a limit of the policy as a whole."""
    items = len(ruleset) - 1  # the catch-all
    built = network(ruleset, projection)
    fields = len(projection.base_keys) + len(projection.alias_keys) + 3  # guard, sid, id
    return [
        Budget("rules", items, LIMIT_RULES, "durable_rules crashes past about 255 rules and ceilings"),
        Budget("tests", built.widest_tests, LIMIT_LEAF_TESTS, "durable_rules hangs past 512 tests under one node"),
        Budget("links", built.widest_links, LIMIT_NODE_LINKS,
               "durable_rules fails (error 107) past 127 missing-tests and any-groups at one node"),
        Budget("co-true tests", co_true_bound(ruleset, projection), LIMIT_CO_TRUE_CONDITIONS,
               f"durable_rules fails (error 303) when more than {LIMIT_CO_TRUE_CONDITIONS} tests "
               "hold for one ticket"),
        Budget("stack", built.depth, LIMIT_STACK,
               f"durable_rules fails (error 303) when its walk needs more than {LIMIT_STACK} nodes on its stack"),
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
        count = group_count(ruleset[name]["all"][0]["m"])
        if count > LIMIT_GROUPS:
            problems.append(item.doc.problem(item.path + ("when",), f"the condition compiles to {count} "
                                             f"all/any groups (the ticket guard's included), more than the "
                                             f"{LIMIT_GROUPS} durable_rules takes in one rule (error 113)", ID))
    rules = {name: rule for name, rule in ruleset.items() if name != catch_all}
    for group in groups if groups is not None else shard_rules(rules, projection):
        if len(group) != 1:
            continue
        alone = {group[0]: rules[group[0]], catch_all: ruleset[catch_all]}
        over = [b for b in budget(policy, alone, projection)[:-1] if b.exceeded]
        if over and group[0] in items:
            item = items[group[0]]
            reasons = "; ".join(f"{b.name}: {b.consequence}" for b in over)
            problems.append(item.doc.problem(item.path + ("when",), f"the condition alone is beyond the "
                                             f"engine's limits for one ruleset ({reasons}); budget: "
                                             f"{', '.join(str(b) for b in over)}", ID))
    fields = budget(policy, {catch_all: ruleset[catch_all]}, projection)[-1]
    if fields.exceeded and policy.items():
        problems.append(_policy_anchor(policy, f"the policy is beyond the engine's limits (fields: "
                                               f"{fields.consequence}); budget: {fields}"))
    return problems
