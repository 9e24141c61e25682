"""The smallest assignment of ticket fields that makes a condition true, found exactly.

The search walks only the fields the condition reads, over their value classes
(``domains``). At each step the condition is evaluated in three values (true,
false, not yet known) with Kleene's rules for all / any / not; the truth of a
predicate for each class is computed once by the reference evaluator's
``predicate_holds``, so predicate semantics live in one place. A branch whose
condition is already false is cut; a branch already true needs nothing more.

Minimal means fewest fields differing from a *base* assignment (for lint: all
missing, so "fewest fields set"; for explain: the ticket as it is, so "fewest
fields changed"). A first depth-first pass decides satisfiability; iterative
deepening on the number of changed fields then finds the cheapest solution.
Every answer is re-checked with ``reference.holds`` before it is returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from sevtriage.analysis.domains import MISSING, FieldDomain, build_domain, field_values
from sevtriage.engine.conditions import AllOf, AnyOf, Condition, Not, Predicate, predicates
from sevtriage.engine.policy import Policy
from sevtriage.engine.reference import holds, predicate_holds

_PRED, _AND, _OR, _NOT = 0, 1, 2, 3
UNASSIGNED = -1


@dataclass(frozen=True)
class Assignment:
    """A solution: the value of every field that differs from the base, and its cost."""

    values: dict[str, Any]
    cost: int


def _fields_in_order(condition: Condition) -> list[str]:
    seen: dict[str, None] = {}
    for predicate in predicates(condition):
        seen.setdefault(predicate.field, None)
    return list(seen)


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

    # -- classes ---------------------------------------------------------------

    def class_of(self, field: str, value: Any) -> int:
        """The class of a concrete value (``MISSING`` included) of ``field``."""
        mine = [p for p in self._predicates if p.field == field]
        return self.domains[field].class_of(value, mine, self.policy)

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

    def _compile(self, condition: Condition, slots: dict[str, int]) -> tuple[Any, ...]:
        if isinstance(condition, Predicate):
            table = self._table(condition)
            constant = table[0] if len(set(table)) == 1 else None
            return (_PRED, slots[condition.field], table, constant)
        if isinstance(condition, Not):
            return (_NOT, self._compile(condition.item, slots))
        tag = _AND if isinstance(condition, AllOf) else _OR
        return (tag, tuple(self._compile(item, slots) for item in condition.items))

    # -- search ----------------------------------------------------------------

    def solve(self, condition: Condition, base: dict[str, Any] | None = None,
              frozen: Sequence[str] = (), prefer_present: bool = False) -> Assignment | None:
        """The cheapest assignment making ``condition`` true, or None when none exists.

        ``base`` gives each field's starting value (default: missing); ``frozen``
        fields keep it. ``prefer_present`` tries set values before "missing"
        among equally cheap answers (explain prefers "were false" to "were absent").
        """
        base = base or {}
        fields = _fields_in_order(condition)
        slots = {name: i for i, name in enumerate(fields)}
        tree = self._compile(condition, slots)
        base_class = [self.class_of(f, base.get(f, MISSING)) for f in fields]
        free = [i for i, f in enumerate(fields) if f not in frozen]
        assign = [UNASSIGNED] * len(fields)
        for i, f in enumerate(fields):
            if f in frozen:
                assign[i] = base_class[i]
        choices = {i: self._value_order(fields[i], base_class[i], prefer_present) for i in free}
        search = _Search(tree, assign, free, choices, base_class)
        found = search.first()
        if found is None:
            return None
        best = found[0]
        for budget in range(found[1] + 1):  # the cheapest budget, earliest fields changed first
            cheaper = search.within(budget)
            if cheaper is not None:
                best = cheaper
                break
        return self._answer(condition, fields, best, base_class, base, prefer_present)

    def _value_order(self, field: str, base_class: int, prefer_present: bool) -> list[int]:
        values = self.domains[field].values
        others = [i for i in range(len(values)) if i != base_class]
        if prefer_present:
            others.sort(key=lambda i: values[i] is MISSING)
        return [base_class] + others

    def _representative(self, field: str, cls: int, prefer_present: bool) -> Any:
        members = self.domains[field].members[cls]
        present = [m for m in members if m is not MISSING]
        return present[0] if prefer_present and present else members[0]

    def _answer(self, condition: Condition, fields: list[str], classes: list[int],
                base_class: list[int], base: dict[str, Any], prefer_present: bool) -> Assignment:
        changed = {f: self._representative(f, c, prefer_present)
                   for f, c, b in zip(fields, classes, base_class) if c != b}
        values: dict[str, Any] = {}
        for name, value in {**base, **changed}.items():
            values.update(field_values(name, value, self.policy))
        for name, default in self.policy.field_defaults.items():
            values.setdefault(name, default)
        if not holds(condition, values, self.policy):
            raise AssertionError(f"solver answer does not satisfy the condition: {changed!r}")
        return Assignment(changed, len(changed))

    def satisfiable(self, condition: Condition) -> bool:
        fields = _fields_in_order(condition)
        slots = {name: i for i, name in enumerate(fields)}
        tree = self._compile(condition, slots)
        n = len(fields)
        choices = {i: list(range(len(self.domains[f].values))) for i, f in enumerate(fields)}
        return _Search(tree, [UNASSIGNED] * n, list(range(n)), choices, [0] * n).first() is not None


def _eval(node: tuple[Any, ...], assign: list[int]) -> bool | None:
    """Kleene three-valued evaluation: None means "depends on fields not yet assigned"."""
    tag = node[0]
    if tag == _PRED:
        cls = assign[node[1]]
        return node[3] if cls == UNASSIGNED else node[2][cls]
    if tag == _NOT:
        inner = _eval(node[1], assign)
        return None if inner is None else not inner
    unknown = False
    decisive = tag == _OR  # "any" is decided by a true item, "all" by a false one
    for child in node[1]:
        value = _eval(child, assign)
        if value is None:
            unknown = True
        elif value is decisive:
            return decisive
    return None if unknown else not decisive


class _Search:
    """Depth-first search over the free fields, cut by three-valued evaluation."""

    def __init__(self, tree: tuple[Any, ...], assign: list[int], free: list[int],
                 choices: dict[int, list[int]], base_class: list[int]):
        self.tree = tree
        self.assign = assign
        self.free = free
        self.choices = choices
        self.base_class = base_class

    def _complete(self) -> list[int]:
        return [self.base_class[i] if c == UNASSIGNED else c for i, c in enumerate(self.assign)]

    def _cost(self, classes: list[int]) -> int:
        return sum(1 for i in self.free if classes[i] != self.base_class[i])

    def first(self) -> tuple[list[int], int] | None:
        """Any solution (base values tried first, so usually a cheap one)."""
        def walk(depth: int) -> list[int] | None:
            value = _eval(self.tree, self.assign)
            if value is False:
                return None
            if value is True or depth == len(self.free):
                return self._complete()
            slot = self.free[depth]
            for cls in self.choices[slot]:
                self.assign[slot] = cls
                found = walk(depth + 1)
                if found is not None:
                    self.assign[slot] = UNASSIGNED
                    return found
            self.assign[slot] = UNASSIGNED
            return None

        found = walk(0)
        return None if found is None else (found, self._cost(found))

    def within(self, budget: int) -> list[int] | None:
        """A solution changing at most ``budget`` free fields from the base, if any.

        Changing a field is tried before keeping it, so among equally cheap
        answers the one that changes the earliest fields wins (deterministic).
        """
        def walk(depth: int, spent: int) -> list[int] | None:
            value = _eval(self.tree, self.assign)
            if value is False:
                return None
            if value is True or depth == len(self.free):
                return self._complete()
            slot = self.free[depth]
            choices = self.choices[slot]
            options = choices[1:] + choices[:1] if spent < budget else choices[:1]
            for cls in options:
                self.assign[slot] = cls
                found = walk(depth + 1, spent + (cls != self.base_class[slot]))
                if found is not None:
                    self.assign[slot] = UNASSIGNED
                    return found
            self.assign[slot] = UNASSIGNED
            return None

        return walk(0, 0)
