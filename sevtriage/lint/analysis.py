"""What every lint check shares: the loaded policy and one exact solver over it.

Checks ask the same questions more than once (is this condition satisfiable?
which ticket shows it?), so answers are memoised per condition for the run.

Most questions are about rules against rules ("can this rule decide, or does
a more severe rule always match with it?", "can these two match together?"),
and there are quadratically many of them on a large policy. With
``prefilter`` on (the default), they are first put to the box form of the
policy (``analysis.boxes``): exact, with integer bitsets over every rule and
ceiling, so a rule is only ever compared with the rules that share an
assignment with it. A question the box form cannot answer (a condition too
large to multiply out, a cover search over budget) goes to the solver, as
every question does with ``prefilter`` off; the tests check that both give
the same findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sevtriage.analysis.boxes import COVER_BUDGET, Box, Boxes, BoxIndex, TooHard, bits, hull, meet
from sevtriage.analysis.decision_conditions import before_at_most, constant, decision_predicates, declared
from sevtriage.analysis.solver import Assignment, Solver
from sevtriage.analysis.witness import witness_ticket
from sevtriage.contract import MISSING
from sevtriage.engine.reference import ReferenceMatcher, holds
from sevtriage.policy.conditions import AllOf, AnyOf, Condition, Not
from sevtriage.policy.model import Ceiling, Policy, Rule
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.prepare import prepare_ticket

Item = Rule | Ceiling
BEYOND = 1_000  # a level less severe than any: every rule is above it


def none_of(items: Sequence[Item]) -> Condition:
    """No condition of ``items`` holds."""
    return Not(AnyOf(tuple(i.condition for i in items)))


class Analysis:
    """A policy under analysis: satisfiability and minimal witnesses, memoised."""

    def __init__(self, policy: Policy, prefilter: bool = True):
        self.policy = policy
        self.prefilter = prefilter
        self.solver = Solver(policy, decision_predicates(policy))
        self._answers: dict[Condition, Assignment | None] = {}
        self._sat: dict[Condition, bool] = {}
        self.items: tuple[Item, ...] = policy.items()
        self._bit = {id(item): 1 << n for n, item in enumerate(self.items)}
        self._live_rules: list[Rule] | None = None
        self._decides: dict[int, bool] = {}
        self._reference: ReferenceMatcher | None = None
        self.boxes = Boxes(self.solver)
        self.index: BoxIndex | None = None
        self.hulls: BoxIndex | None = None  # one box an item, holding all of its boxes: quick necessary tests
        if prefilter:
            per_item = [self.boxes.dnf(item.condition) for item in self.items]
            self.index = BoxIndex(self.boxes.full, per_item)
            self.hulls = BoxIndex(self.boxes.full, [hull(boxes) for boxes in per_item])
        self._box_bits: dict[int, int] = {}
        self._level_bits: dict[tuple[str, int], int] = {}

    # -- the exact questions ------------------------------------------------------------------

    def minimal(self, condition: Condition) -> Assignment | None:
        """The assignment with the fewest fields set that makes ``condition`` true.

        For a condition that is one box (an ``all`` of tests, in effect) the
        solver's answer is known without a search: each field whose "missing"
        class the box excludes takes the box's first class there, as the solver
        tries a field's other classes in order and keeps the first cheapest.
        """
        if condition not in self._answers:
            boxes = self.boxes.dnf(condition) if self.prefilter else None
            if boxes is not None and len(boxes) == 1:
                values = {}
                for name, mask in boxes[0].items():
                    if not mask >> self.solver.class_of(name, MISSING) & 1:
                        values[name] = self.solver.domains[name].members[(mask & -mask).bit_length() - 1][0]
                self._answers[condition] = Assignment(values, len(values))
            else:
                self._answers[condition] = self.solver.solve(condition)
        return self._answers[condition]

    def matching(self, values: dict[str, Any]) -> set[str]:
        """The ids of the rules and ceilings that hold on prepared ticket ``values``
        (``ReferenceMatcher.match``, from the box form when it has one for every item)."""
        if self.index is None or self.index.opaque:
            return self.reference.match(values)
        point = {}
        try:
            for name in self.index.fields():
                point[name] = self.solver.class_of(name, values.get(name, MISSING))
        except ValueError:  # a value of no class (not one the solver hands out): ask the evaluator
            return self.reference.match(values)
        return {self.items[n].id for n in bits(self.index.items_at(point))}

    def satisfiable(self, condition: Condition) -> bool:
        if self.prefilter:
            boxes = self.boxes.dnf(condition)
            if boxes is not None:
                return bool(boxes)
        if condition in self._answers:
            return self._answers[condition] is not None
        if condition not in self._sat:
            self._sat[condition] = self.solver.satisfiable(condition)
        return self._sat[condition]

    def rules_above(self, level: int) -> int:
        """The rules more severe than ``level``, as a bitset."""
        key = ("rules", level)
        if key not in self._level_bits:
            self._level_bits[key] = self.bits_of([r for r in self.policy.rules if r.level < level])
        return self._level_bits[key]

    def ceilings_below(self, level: int) -> int:
        """The ceilings that take ``level`` lower (a larger ``max_level``), as a bitset."""
        key = ("ceilings", level)
        if key not in self._level_bits:
            self._level_bits[key] = self.bits_of([c for c in self.policy.ceilings if c.max_level > level])
        return self._level_bits[key]

    def bits_of(self, items: Sequence[Item]) -> int:
        """``items`` as a bitset over ``self.items`` (policy order: the lowest bit comes first)."""
        found = 0
        for item in items:
            found |= self._bit[id(item)]
        return found

    def items_in(self, chosen: int) -> list[Item]:
        """The items of a bitset, in policy order."""
        return [self.items[n] for n in bits(chosen)]

    def _exact_sat(self, condition: Condition) -> bool:
        return self.solver.satisfiable(condition) if self.prefilter else self.satisfiable(condition)

    def feasible(self, positives: Sequence[Condition], negatives: Sequence[Item] | int) -> bool:
        """Whether some ticket makes every condition of ``positives`` true and no item of ``negatives``.

        ``negatives`` is a list of rules and ceilings, or their bitset (``bits_of``).
        With the pre-filter, only the negatives that can hold together with the
        positives matter (the others are false whenever the positives are true),
        and the question is whether they cover the positives' boxes.
        """
        chosen = negatives if isinstance(negatives, int) else self.bits_of(negatives)
        if self.index is not None and self.hulls is not None:
            region = self.boxes.product(positives)
            if region is not None:
                if not region:
                    return False
                near = 0
                for box in region:
                    near |= self.hulls.meeting(box)
                near &= chosen
                if not near & self.index.opaque:
                    candidates = self._boxes_of(chosen)
                    budget = [COVER_BUDGET]
                    try:
                        return any(not self.index.covered(box, candidates, budget) for box in region)
                    except TooHard:
                        pass
                chosen = near
        return self._exact_sat(AllOf((*positives, none_of(self.items_in(chosen)))))

    def _boxes_of(self, chosen: int) -> int:
        assert self.index is not None
        found = self._box_bits.get(chosen)
        if found is None:
            found = self.index.boxes_of(chosen)
            if len(self._box_bits) < 64:  # the same few sets come back (the rules above a level)
                self._box_bits[chosen] = found
        return found

    def meeting(self, positives: Sequence[Condition], candidates: int) -> int:
        """The items of ``candidates`` (a bitset) that can hold together with every condition of ``positives``."""
        if self.index is not None and self.hulls is not None:
            region = self.boxes.product(positives)
            if region is not None:
                near = 0
                for box in region:
                    near |= self.hulls.meeting(box)
                near &= candidates
                found = near & ~self.index.multi & ~self.index.opaque  # one box: its hull is the box
                met = 0
                for box in region:
                    met |= self.index.meeting(box)
                for n in bits(near & self.index.multi):
                    if self.index.boxes_of(1 << n) & met:
                        found |= 1 << n
                for n in bits(near & self.index.opaque):
                    if self._exact_sat(AllOf((self.items[n].condition, *positives))):
                        found |= 1 << n
                return found
        found = 0
        for n in bits(candidates):
            if self._exact_sat(AllOf((self.items[n].condition, *positives))):
                found |= 1 << n
        return found

    def first_cover(self, positives: Sequence[Condition], fixed: int, candidates: int) -> Item | None:
        """The first item of ``candidates`` (a bitset) that holds whenever ``positives`` all do and no
        item of ``fixed`` (a bitset) does.

        With the pre-filter and no ``fixed`` items, a candidate can only cover the
        positives' boxes if its hull contains each of them: for a one-box candidate
        that is the answer, for the others the cover search decides.
        """
        maybe = candidates
        if self.index is not None and self.hulls is not None and not fixed:
            region = self.boxes.product(positives)
            if region:
                for box in region:
                    maybe &= self.hulls.containing(box)
                    if maybe & self.index.multi:  # a hull says little of an ``any``: try two points too
                        maybe &= self.index.items_at_corner(box, False) | self.index.opaque
                        maybe &= self.index.items_at_corner(box, True) | self.index.opaque
                for n in bits(maybe):
                    bit = 1 << n
                    if not bit & (self.index.multi | self.index.opaque) or self._covers(region, bit, positives):
                        return self.items[n]
                return None
        for n in bits(candidates):
            if not self.feasible(positives, fixed | 1 << n):
                return self.items[n]
        return None

    def _covers(self, region: list[Box], chosen: int, positives: Sequence[Condition]) -> bool:
        """Whether the items of ``chosen`` cover every box of ``region``, the boxes of ``positives``
        (the solver decides when the boxes cannot tell)."""
        assert self.index is not None
        if not chosen & self.index.opaque:
            budget = [COVER_BUDGET]
            candidates = self.index.boxes_of(chosen)
            try:
                return all(self.index.covered(box, candidates, budget) for box in region)
            except TooHard:
                pass
        return not self._exact_sat(AllOf((*positives, none_of(self.items_in(chosen)))))

    def prune(self, positives: Sequence[Condition], fixed: int, cover: int) -> int:
        """``cover`` (a bitset) without, in turn, each item that the rest of it and ``fixed`` cover where it
        holds with ``positives``: a minimal cover, when the tickets meeting ``positives`` with no item of
        ``fixed`` holding all meet some item of ``cover`` (so an item can go when the rest cover where it holds).
        """
        region = self.boxes.product(positives) if self.index is not None else None
        for n in bits(cover):
            bit = 1 << n
            rest = cover & ~bit
            if region is not None and not bit & self.index.opaque:  # type: ignore[union-attr]
                mine = self.boxes.dnf(self.items[n].condition)
                assert mine is not None
                parts = [both for box in region for other in mine if (both := meet(box, other)) is not None]
                if self._covers(parts, fixed | rest, [*positives, self.items[n].condition]):
                    cover = rest
            elif not self.feasible([*positives, self.items[n].condition], fixed | rest):
                cover = rest
        return cover

    def feasible_before_at_most(self, positives: Sequence[Condition], level: int, negatives: int) -> bool:
        """``feasible`` with ``decision_conditions.before_at_most(policy, level)`` among the positives.

        The level before ceilings is ``level`` or more severe when a rule of such a
        level matches, or when no rule matches and the declared level (else the
        default) is: the two cases are asked apart, the first rule by rule, so that
        every question stays small.
        """
        if self.index is None:
            return self.satisfiable(AllOf((*positives, before_at_most(self.policy, level),
                                           none_of(self.items_in(negatives)))))
        for n in bits(self.meeting(positives, self.rules_above(level + 1))):
            if self.feasible([*positives, self.items[n].condition], negatives):
                return True
        fallback = AnyOf((declared("lte", level), AllOf((declared("missing"),
                                                         constant(self.policy.default_level <= level)))))
        return self.feasible([*positives, fallback], negatives | self.rules_above(BEYOND))

    # -- what the checks share --------------------------------------------------------------------

    def witness(self, condition: Condition, ticket_id: str) -> dict[str, Any] | None:
        """A minimal contract v1 ticket for which ``condition`` holds, or None.

        The solver's answer has the fewest fields that differ from its base; a field
        can still be set there to a value it does not need (one the condition also
        accepts when the field is absent), so each field is then dropped while the
        condition still holds on the ticket: no field of a witness can be removed."""
        found = self.minimal(condition)
        if found is None:
            return None
        values = dict(found.values)
        if self._holds(condition, values, ticket_id):
            for name in sorted(values):
                fewer = {k: v for k, v in values.items() if k != name}
                if self._holds(condition, fewer, ticket_id):
                    values = fewer
        return witness_ticket(values, ticket_id)

    def _holds(self, condition: Condition, values: dict[str, Any], ticket_id: str) -> bool:
        """Whether ``condition`` holds on the ticket these field values make (as classify reads it)."""
        try:
            prepared = prepare_ticket(witness_ticket(values, ticket_id), self.policy.field_defaults)
        except TicketError:
            return False
        return holds(condition, prepared.values, self.policy)

    @property
    def reference(self) -> ReferenceMatcher:
        """The reference evaluator of the policy, built once (it compiles every condition)."""
        if self._reference is None:
            self._reference = ReferenceMatcher(self.policy)
        return self._reference

    def live_rules(self) -> list[Rule]:
        """The rules whose condition can be true (the others are ``never-true`` findings)."""
        if self._live_rules is None:
            self._live_rules = [r for r in self.policy.rules if self.satisfiable(r.condition)]
        return self._live_rules

    def can_decide(self, rule: Rule) -> bool:
        """Whether some ticket gets its level from ``rule`` (it matches, nothing overrides it)."""
        known = self._decides.get(id(rule))
        if known is None:
            known = self._decides[id(rule)] = self.feasible([rule.condition], self.overriding(rule.level))
        return known

    def overriding(self, level: int) -> int:
        """The rules more severe than ``level`` and the ceilings that take it lower, as a bitset."""
        return self.rules_above(level) | self.ceilings_below(level)

    def live_ceilings(self) -> list[Ceiling]:
        return [c for c in self.policy.ceilings if self.satisfiable(c.condition)]
