"""The smallest assignment of ticket fields that makes a condition true, found exactly.

The search runs over the fields the condition reads, each over its value
classes (``domains``); the truth of a predicate for each class is computed
once by the reference evaluator's ``predicate_holds``, so predicate semantics
live in one place. Choosing a field's class *simplifies* the condition (a
decided predicate becomes true or false, and all / any / not collapse around
it), in the way a binary decision diagram is built: a field that no longer
appears in the simplified condition does not matter and is never enumerated,
and each simplified condition is solved once (memoised), since many
assignments lead to the same residue. Fields are picked most-used first.

Minimal means fewest fields differing from a *base* assignment (for lint: all
missing, so "fewest fields set"; for explain: the ticket as it is, so "fewest
fields changed"). Every answer is re-checked with ``reference.holds`` before
it is returned, and a test compares the solver with brute-force enumeration.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sevtriage.analysis.domains import FieldDomain, build_domain, field_values
from sevtriage.contract import MISSING
from sevtriage.engine.reference import holds, predicate_holds
from sevtriage.policy.conditions import AllOf, Condition, Not, Predicate, predicates
from sevtriage.policy.model import Policy

_CONST, _PRED, _AND, _OR, _NOT = range(5)
TRUE_NODE: tuple[Any, ...] = (_CONST, True)
FALSE_NODE: tuple[Any, ...] = (_CONST, False)
Node = tuple[Any, ...]


@dataclass(frozen=True)
class Assignment:
    """A solution: the value of every field that differs from the base, and its cost."""

    values: dict[str, Any]
    cost: int


@dataclass(frozen=True)
class Search:
    """What a bounded search found, and whether the budget cut it short.

    When ``cut`` is false, ``found`` is exact (the cheapest answer, or None when
    there is none). When it is true, ``found`` is the cheapest answer seen before
    the budget ran out: it is correct (re-checked like every answer) but a
    cheaper one may exist; None then means "none found", not "none exists".
    ``steps`` counts search nodes expanded, never more than the budget.
    """

    found: Assignment | None
    steps: int
    cut: bool


def _fields_in_order(condition: Condition) -> list[str]:
    seen: dict[str, None] = {}
    for predicate in predicates(condition):
        seen.setdefault(predicate.field, None)
    return list(seen)


def _constant(value: bool) -> Node:
    return TRUE_NODE if value else FALSE_NODE


def _combine(tag: int, children: Iterable[Node]) -> Node:
    """all / any of already simplified children, collapsed around constants."""
    decisive = FALSE_NODE if tag == _AND else TRUE_NODE
    kept = []
    for child in children:
        if child == decisive:
            return decisive
        if child[0] != _CONST:
            kept.append(child)
    if not kept:
        return TRUE_NODE if tag == _AND else FALSE_NODE
    return kept[0] if len(kept) == 1 else (tag, tuple(kept))


def _negate(child: Node) -> Node:
    return _constant(not child[1]) if child[0] == _CONST else (_NOT, child)


class _Problem:
    """One condition compiled to nodes over field slots, and its memoised searches."""

    def __init__(self, tree: Node, tables: list[tuple[bool, ...]], choices: list[list[int]],
                 base: list[int], rank: list[int]):
        self.tables = tables      # predicate id -> truth per class
        self.choices = choices    # slot -> classes in preference order (change first, base last)
        self.base = base
        self.rank = rank          # slot -> tie-break order (first appearance)
        self.tree = tree
        self._sat: dict[Node, tuple[tuple[int, int], ...] | None] = {}
        self._cheapest: dict[Node, tuple[int, tuple[tuple[int, int], ...]] | None] = {}
        self.budget: int | None = None  # most nodes ``cheapest`` may expand (None: no limit)
        self.steps = 0                   # nodes expanded so far
        self.cut = False                 # the budget stopped the search before it was complete

    def _spend(self) -> bool:
        """Count one expansion; False (and ``cut``) when the budget is spent.

        A count of expansions, not a clock, so a cut search gives the same
        answer on every machine and every run.
        """
        if self.budget is not None and self.steps >= self.budget:
            self.cut = True
            return False
        self.steps += 1
        return True

    def assign(self, node: Node, slot: int, cls: int) -> Node:
        tag = node[0]
        if tag == _CONST:
            return node
        if tag == _PRED:
            return _constant(self.tables[node[2]][cls]) if node[1] == slot else node
        if tag == _NOT:
            return _negate(self.assign(node[1], slot, cls))
        return _combine(tag, (self.assign(child, slot, cls) for child in node[1]))

    def pick(self, node: Node) -> int:
        """The field read by most predicates of ``node`` (earliest on a tie)."""
        counts: Counter[int] = Counter()
        stack = [node]
        while stack:
            item = stack.pop()
            if item[0] == _PRED:
                counts[item[1]] += 1
            elif item[0] == _NOT:
                stack.append(item[1])
            elif item[0] != _CONST:
                stack.extend(item[1])
        return min(counts, key=lambda slot: (-counts[slot], self.rank[slot]))

    def any_solution(self, node: Node) -> tuple[tuple[int, int], ...] | None:
        """Some assignment (slot, class pairs) making ``node`` true; base classes tried first."""
        if node[0] == _CONST:
            return () if node[1] else None
        if node in self._sat:
            return self._sat[node]
        if not self._spend():
            return None
        slot = self.pick(node)
        found = None
        cut_before = self.cut
        for cls in self.choices[slot][-1:] + self.choices[slot][:-1]:
            rest = self.any_solution(self.assign(node, slot, cls))
            if rest is not None:
                found = ((slot, cls),) + rest
                break
        if found is not None or self.cut == cut_before:
            self._sat[node] = found  # a None the budget caused is "not searched": not memoised
        return found

    def cheapest(self, node: Node) -> tuple[int, tuple[tuple[int, int], ...]] | None:
        """The assignment making ``node`` true with the fewest classes differing from the base."""
        if node[0] == _CONST:
            return (0, ()) if node[1] else None
        if node in self._cheapest:
            return self._cheapest[node]
        if not self._spend():
            return None  # not memoised: "not searched", not "no answer" (the search is marked cut)
        slot = self.pick(node)
        best = None
        for cls in self.choices[slot]:
            rest = self.cheapest(self.assign(node, slot, cls))
            if rest is None:
                continue
            cost = rest[0] + (cls != self.base[slot])
            if best is None or cost < best[0]:
                best = (cost, ((slot, cls),) + rest[1])
        self._cheapest[node] = best
        return best


class Solver:
    """Answers satisfiability questions about conditions over one policy's fields."""

    def __init__(self, policy: Policy, extra_predicates: Iterable[Predicate] = ()):
        self.policy = policy
        self._predicates = [p for _, p in policy.predicates()] + list(extra_predicates)
        self.domains: dict[str, FieldDomain] = {}
        for predicate in self._predicates:
            if predicate.field not in self.domains:
                self.domains[predicate.field] = build_domain(predicate.field, self._predicates, policy)
        self._tables: dict[Predicate, tuple[bool, ...]] = {}
        self._classes: dict[tuple[str, type, Any], int] = {}

    def class_of(self, field: str, value: Any) -> int:
        """The class of a concrete value (``MISSING`` included) of ``field``."""
        key = (field, type(value), value)  # the type keeps True apart from 1
        if key not in self._classes:
            mine = [p for p in self._predicates if p.field == field]
            self._classes[key] = self.domains[field].class_of(value, mine, self.policy)
        return self._classes[key]

    def _table(self, predicate: Predicate) -> tuple[bool, ...]:
        table = self._tables.get(predicate)
        if table is None:
            domain = self.domains.get(predicate.field)
            if domain is None:
                raise KeyError(f"{predicate.field} has no domain: build the Solver with this predicate")
            table = tuple(predicate_holds(predicate, field_values(predicate.field, v, self.policy), self.policy)
                          for v in domain.values)
            self._tables[predicate] = table
        return table

    def truth_table(self, predicate: Predicate) -> tuple[bool, ...]:
        """Whether ``predicate`` holds, for each class of its field (``analysis.boxes`` builds on it)."""
        return self._table(predicate)

    def _compile(self, condition: Condition, slots: dict[str, int], tables: list[tuple[bool, ...]],
                 ids: dict[tuple[bool | int, ...], int]) -> Node:
        if isinstance(condition, Predicate):
            table = self._table(condition)
            if len(set(table)) == 1:
                return _constant(table[0])
            key = table + (slots[condition.field],)
            if key not in ids:  # one id per distinct test: equal residues then hash equal
                ids[key] = len(tables)
                tables.append(table)
            return (_PRED, slots[condition.field], ids[key])
        if isinstance(condition, Not):
            return _negate(self._compile(condition.item, slots, tables, ids))
        tag = _AND if isinstance(condition, AllOf) else _OR
        return _combine(tag, (self._compile(item, slots, tables, ids) for item in condition.items))

    def _problem(self, condition: Condition, base: dict[str, Any], frozen: Sequence[str],
                 prefer_present: bool) -> tuple[_Problem, list[str]]:
        fields = _fields_in_order(condition)
        slots = {name: i for i, name in enumerate(fields)}
        tables: list[tuple[bool, ...]] = []
        problem = _Problem(TRUE_NODE, tables, [], [self.class_of(f, base.get(f, MISSING)) for f in fields],
                           list(range(len(fields))))
        problem.choices = [self._value_order(f, problem.base[i], prefer_present) for i, f in enumerate(fields)]
        tree = self._compile(condition, slots, tables, {})
        for i, name in enumerate(fields):
            if name in frozen:
                tree = problem.assign(tree, i, problem.base[i])
        problem.tree = tree
        return problem, fields

    def _value_order(self, field: str, base_class: int, prefer_present: bool) -> list[int]:
        values = self.domains[field].values
        others = [i for i in range(len(values)) if i != base_class]
        if prefer_present:
            others.sort(key=lambda i: values[i] is MISSING)
        return others + [base_class]

    def solve(self, condition: Condition, base: dict[str, Any] | None = None,
              frozen: Sequence[str] = (), prefer_present: bool = False) -> Assignment | None:
        """The cheapest assignment making ``condition`` true, or None when none exists.

        ``base`` gives each field's starting value (default: missing); ``frozen``
        fields keep it. ``prefer_present`` tries set values before "missing"
        among equally cheap answers (explain prefers "were false" to "were absent").
        """
        return self.search(condition, base, frozen, prefer_present).found

    def search(self, condition: Condition, base: dict[str, Any] | None = None,
               frozen: Sequence[str] = (), prefer_present: bool = False,
               budget: int | None = None) -> Search:
        """``solve`` expanding at most ``budget`` search nodes (None: exact, however long).

        The search is exponential in the worst case (many rules, each an any of
        all-ofs over many fields), so callers that answer per ticket bound it:
        past the budget, the cheapest answer seen so far is kept (still checked)
        and the result says the search was cut.
        """
        base = base or {}
        problem, fields = self._problem(condition, base, frozen, prefer_present)
        if budget is None:
            found = problem.cheapest(problem.tree)
        else:
            # Three quarters for the exact search; if that is cut, the rest for a greedy
            # search that keeps the base's classes where it can (few changes, found in few
            # steps), and the cheaper of the two answers is kept.
            problem.budget = budget - budget // 4
            found = problem.cheapest(problem.tree)
            if problem.cut:
                problem.budget = budget
                greedy = problem.any_solution(problem.tree)
                if greedy is not None:
                    cost = sum(cls != problem.base[slot] for slot, cls in greedy)
                    if found is None or cost < found[0]:
                        found = (cost, greedy)
        if found is None:
            return Search(None, problem.steps, problem.cut)
        chosen = {fields[slot]: cls for slot, cls in found[1] if cls != problem.base[slot]}
        changed = {name: self._representative(name, cls, prefer_present) for name, cls in chosen.items()}
        self._check(condition, base, changed)
        return Search(Assignment(changed, len(changed)), problem.steps, problem.cut)

    def satisfiable(self, condition: Condition) -> bool:
        problem, _ = self._problem(condition, {}, (), False)
        return problem.any_solution(problem.tree) is not None

    def _representative(self, field: str, cls: int, prefer_present: bool) -> Any:
        members = self.domains[field].members[cls]
        present = [m for m in members if m is not MISSING]
        return present[0] if prefer_present and present else members[0]

    def _check(self, condition: Condition, base: dict[str, Any], changed: dict[str, Any]) -> None:
        values: dict[str, Any] = {}
        for name, value in {**base, **changed}.items():
            values.update(field_values(name, value, self.policy))
        for name, default in self.policy.field_defaults.items():
            values.setdefault(name, default)
        if not holds(condition, values, self.policy):
            raise AssertionError(f"solver answer does not satisfy the condition: {changed!r}")
