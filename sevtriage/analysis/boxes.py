"""Conditions as unions of boxes: the exact pre-filter that answers most lint questions without the solver.

Over the solver's value classes (``domains``), a predicate is a set of classes
of one field. A condition in negation normal form, its ``all``s multiplied
out, is then a union of *boxes*: one set of classes per field, a field not
named being free. The rules policies are made of (an ``all`` of a few
predicates, an ``any`` of a few, a ``not`` of one) have a handful of boxes,
and the questions ``validate`` asks of every pair of rules — can these two
match together, does this rule imply that one, is this rule covered by the
more severe rules — become operations on integer bitmasks. A ``BoxIndex``
holds the boxes of many rules as one bitset per (field, class), so "which
boxes meet this box" is a few big-integer ANDs instead of a loop over rules.

Exactness: the classes of a field come from the solver's own truth tables, so
the boxes of a condition describe exactly the class assignments that satisfy
it (a box is never empty: empty intersections are dropped). A condition that
multiplies out to more than ``MAX_BOXES`` boxes is *opaque* (``dnf`` gives
None) and its questions go to the solver; so does a cover search that needs
more than ``COVER_BUDGET`` steps (``TooHard``). The tests compare every answer
with the solver's on random policies.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sevtriage.analysis.solver import Solver
from sevtriage.policy.conditions import AnyOf, Condition, Not, Predicate

MAX_BOXES = 64
COVER_BUDGET = 5_000

Box = dict[str, int]  # field -> bitmask of the classes allowed (only fields that are constrained)


class TooHard(Exception):
    """A cover search ran out of its step budget: the caller asks the solver instead."""


def bits(mask: int) -> Iterator[int]:
    """The positions of the set bits of ``mask``, lowest first (bitsets keep list order)."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def meet(left: Box, right: Box) -> Box | None:
    """The intersection of two boxes, or None when they are disjoint."""
    if len(right) < len(left):
        left, right = right, left
    out = dict(right)
    for name, mask in left.items():
        both = out.get(name, mask) & mask
        if not both:
            return None
        out[name] = both
    return out


class Boxes:
    """The box form of conditions over one solver's domains, memoised per condition object."""

    def __init__(self, solver: Solver):
        self.solver = solver
        self.full = {name: (1 << len(domain.values)) - 1 for name, domain in solver.domains.items()}
        self._dnf: dict[tuple[int, bool], tuple[Condition, list[Box] | None]] = {}

    def dnf(self, condition: Condition, positive: bool = True) -> list[Box] | None:
        """The boxes whose union is exactly ``condition`` (its negation when not ``positive``), or None."""
        key = (id(condition), positive)
        known = self._dnf.get(key)
        if known is not None and known[0] is condition:
            return known[1]
        boxes = self._build(condition, positive)
        self._dnf[key] = (condition, boxes)  # the condition is kept, so its id is never reused
        return boxes

    def _build(self, condition: Condition, positive: bool) -> list[Box] | None:
        if isinstance(condition, Predicate):
            table = self.solver.truth_table(condition)
            mask = sum(1 << i for i, holds in enumerate(table) if holds == positive)
            if not mask:
                return []
            return [{}] if mask == self.full[condition.field] else [{condition.field: mask}]
        if isinstance(condition, Not):
            return self.dnf(condition.item, not positive)
        union = isinstance(condition, AnyOf) == positive  # any, or a negated all (De Morgan)
        parts = [self.dnf(item, positive) for item in condition.items]
        if any(part is None for part in parts):
            return None
        return self._union(parts) if union else self._product(parts)  # type: ignore[arg-type]

    @staticmethod
    def _union(parts: list[list[Box]]) -> list[Box] | None:
        out = [box for part in parts for box in part]
        if any(not box for box in out):
            return [{}]  # one free box: the condition always holds
        return out if len(out) <= MAX_BOXES else None

    @staticmethod
    def _product(parts: list[list[Box]]) -> list[Box] | None:
        out: list[Box] = [{}]
        for part in parts:
            out = [both for left in out for right in part if (both := meet(left, right)) is not None]
            if len(out) > MAX_BOXES:
                return None
        return out

    def product(self, conditions: Sequence[Condition]) -> list[Box] | None:
        """The boxes of the ``all`` of ``conditions`` (None when one is opaque or it grows too big)."""
        parts = [self.dnf(c) for c in conditions]
        if any(part is None for part in parts):
            return None
        return self._product(parts)  # type: ignore[arg-type]


def hull(boxes: list[Box] | None) -> list[Box]:
    """The smallest single box holding every box of ``boxes`` ([] for none; free when opaque)."""
    if boxes is None:
        return [{}]
    if not boxes:
        return []
    names = set(boxes[0]).intersection(*boxes[1:])
    out: Box = {}
    for name in names:
        mask = 0
        for box in boxes:
            mask |= box[name]
        out[name] = mask
    return [out]


class BoxIndex:
    """The boxes of a list of conditions (rules, ceilings), as one bitset per field and class.

    The boxes are laid out in layers of one bit per item: box ``k`` of item ``i``
    is bit ``k * size + i``. So a set of items is the set of their first boxes,
    and going from items to boxes and back is a few shifts, whatever the number
    of items. ``opaque`` has bit ``i`` set for an item with no box form (None in
    ``per_item``), ``multi`` for an item of several boxes, ``dead`` for one of none.
    """

    def __init__(self, full: dict[str, int], per_item: Sequence[list[Box] | None]):
        self.full = full
        size = len(per_item)
        self.size = size
        self.low = (1 << size) - 1
        self.opaque = self.multi = self.dead = 0
        depth = max([len(mine) for mine in per_item if mine] or [1])
        self.layers = [0] * depth  # layer k: the items that have a box k
        table: list[Box | None] = [None] * (size * depth)
        for index, mine in enumerate(per_item):
            if mine is None:
                self.opaque |= 1 << index
            if not mine:
                self.dead |= 1 << index
                continue
            if len(mine) > 1:
                self.multi |= 1 << index
            for k, part in enumerate(mine):
                table[k * size + index] = part
                self.layers[k] |= 1 << index
        self.everything = self.boxes_of(self.low)
        fields = sorted({name for box in table if box is not None for name in box})
        self._allow: dict[str, list[int]] = {}  # field -> class -> boxes allowing that class
        for name in fields:
            allow = [0] * self.full[name].bit_length()
            for number, slot in enumerate(table):
                if slot is not None:
                    for cls in bits(slot.get(name, self.full[name])):
                        allow[cls] |= 1 << number
            self._allow[name] = allow
        # each field, its full mask and the boxes that do not read it
        self._fields = [(name, self.full[name], self._allowing_all_classes(name)) for name in fields]
        self._reading_only: dict[frozenset[str], int] = {}
        self._any_cache: dict[str, dict[int, int]] = {name: {} for name in fields}
        self._all_cache: dict[str, dict[int, int]] = {name: {} for name in fields}

    def _allowing_all_classes(self, name: str) -> int:
        found = self.everything
        for allow in self._allow[name]:
            found &= allow
        return found

    def _allowing_any(self, name: str, mask: int) -> int:
        """Boxes that allow some class of ``mask`` on field ``name``."""
        cache = self._any_cache[name]
        found = cache.get(mask)
        if found is None:
            found = 0
            for cls in bits(mask):
                found |= self._allow[name][cls]
            cache[mask] = found
        return found

    def _allowing_all(self, name: str, mask: int) -> int:
        """Boxes that allow every class of ``mask`` on field ``name``."""
        cache = self._all_cache[name]
        found = cache.get(mask)
        if found is None:
            found = self.everything
            for cls in bits(mask):
                found &= self._allow[name][cls]
            cache[mask] = found
        return found

    def meeting(self, box: Box) -> int:
        """The boxes that intersect ``box``."""
        found = self.everything
        for name, mask in box.items():
            if name in self._allow:
                found &= self._allowing_any(name, mask)
        return found

    def containing(self, box: Box) -> int:
        """The boxes that contain ``box``: they read no field but the box's, and allow its classes there."""
        key = frozenset(box)
        found = self._reading_only.get(key)
        if found is None:
            found = self.everything
            for name, _, free in self._fields:
                if name not in key:
                    found &= free
            self._reading_only[key] = found
        for name, mask in box.items():
            if name in self._all_cache:
                found &= self._allowing_all(name, mask)
        return found

    def boxes_of(self, items: int) -> int:
        """The box bits of the items whose bits are set in ``items``."""
        found = 0
        for k, layer in enumerate(self.layers):
            found |= (items & layer) << (k * self.size)
        return found

    def items_of(self, boxes: int) -> int:
        """The items owning some box of ``boxes``."""
        found = 0
        for k in range(len(self.layers)):
            found |= boxes >> (k * self.size)
        return found & self.low

    def fields(self) -> list[str]:
        """The fields some box reads."""
        return [name for name, _, _ in self._fields]

    def items_at(self, point: dict[str, int]) -> int:
        """The items that hold at ``point``, one class for every field of ``fields()``."""
        found = self.everything
        for name, allow in self._allow.items():
            found &= allow[point[name]]
        return self.items_of(found)

    def items_at_corner(self, box: Box, high: bool) -> int:
        """The items that hold at one corner of ``box``: its lowest (or highest) class on every field.

        An item that holds on all of ``box`` holds at both corners: a quick necessary test."""
        found = self.everything
        for name, allow in self._allow.items():
            mask = box.get(name, self.full[name])
            found &= allow[mask.bit_length() - 1 if high else (mask & -mask).bit_length() - 1]
        return self.items_of(found)

    def covered(self, box: Box, candidates: int, budget: list[int] | None = None) -> bool:
        """Whether the union of the ``candidates`` boxes contains ``box`` (which is not empty).

        Split on the field that most candidates cut, one class at a time, until each
        part meets no candidate (not covered) or lies inside one (covered: a
        candidate that meets the box and cuts it on no field). A field fixed to one
        class is never cut again, so the depth is at most the number of fields;
        ``budget`` (steps left, shared by the calls of one question) raises
        ``TooHard`` when it runs out.
        """
        if budget is None:
            budget = [COVER_BUDGET]
        budget[0] -= 1
        if budget[0] < 0:
            raise TooHard
        candidates &= self.meeting(box)
        if not candidates:
            return False
        if candidates & self.containing(box):
            return True
        best, best_count = "", 0
        for name, full, free in self._fields:
            if not candidates & ~free:
                continue  # no candidate reads this field
            mask = box.get(name, full)
            if mask & (mask - 1) == 0:
                continue  # one class left: every candidate meeting the box allows it
            count = (candidates & ~self._allowing_all(name, mask)).bit_count()
            if count > best_count:
                best, best_count = name, count
        mask = box.get(best, self.full[best])
        return all(self.covered({**box, best: 1 << cls}, candidates, budget) for cls in bits(mask))
