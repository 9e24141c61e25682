"""The finite domain of each ticket field a policy reads.

A rule can only tell values apart through its predicates, so every field has
finitely many *classes* of values: for a flag, missing / false / true; for an
enum, missing and each value; for ``declared_severity``, missing and 1..4; for
a free string such as ``technology``, missing, each literal and alias spelling
the policy mentions, and one "other" string. Values that every predicate
treats alike (same truth for each predicate, computed by the reference
evaluator's ``predicate_holds``) are one class, represented by its first
member, so "missing" wins whenever it is equivalent: witnesses stay minimal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sevtriage.contract import BOOLEAN, ENUM, INTEGER, MISSING, FieldSpec, readable_fields
from sevtriage.engine.reference import predicate_holds
from sevtriage.policy.aliases import normalise_name
from sevtriage.policy.conditions import COMPARISONS, Predicate
from sevtriage.policy.model import Policy

OTHER_STRING = "other"


@dataclass(frozen=True)
class FieldDomain:
    """One field's value classes: ``values[i]`` is the representative of class ``i``.

    ``members[i]`` are all the candidate values of class ``i``, so that an
    explanation can say "were false" where "absent" is equivalent.
    """

    field: str
    values: tuple[Any, ...]
    members: tuple[tuple[Any, ...], ...] = ()

    def class_of(self, value: Any, predicates: list[Predicate], policy: Policy) -> int:
        """The class a concrete ticket value falls in (same truth for every predicate)."""
        wanted = signature(self.field, value, predicates, policy)
        for index, representative in enumerate(self.values):
            if signature(self.field, representative, predicates, policy) == wanted:
                return index
        raise ValueError(f"{value!r} falls in no class of {self.field}")


def field_values(field: str, value: Any, policy: Policy) -> dict[str, Any]:
    """The prepared values one field contributes, field defaults applied as ``prepare_ticket`` does."""
    if value is MISSING:
        return {field: policy.field_defaults[field]} if field in policy.field_defaults else {}
    return {field: value}


def signature(field: str, value: Any, predicates: list[Predicate], policy: Policy) -> tuple[bool, ...]:
    values = field_values(field, value, policy)
    return tuple(predicate_holds(p, values, policy) for p in predicates)


def _other_string(taken: set[str]) -> str:
    candidate, number = OTHER_STRING, 1
    while normalise_name(candidate) in taken:
        number += 1
        candidate = f"{OTHER_STRING}-{number}"
    return candidate


def _candidates(spec: FieldSpec, predicates: list[Predicate], policy: Policy) -> list[Any]:
    """Every value worth trying: enough to reach every class, in preference order."""
    if spec.kind in (BOOLEAN, ENUM):
        return [MISSING, *spec.values]
    if spec.kind == INTEGER:
        if spec.minimum is not None and spec.maximum is not None:
            return [MISSING, *range(spec.minimum, spec.maximum + 1)]
        bounds = {p.value for p in predicates if p.op in COMPARISONS + ("equals",)}
        bounds |= {v for p in predicates if p.op == "in" for v in p.value}
        numbers = sorted({n + d for n in bounds if isinstance(n, int) for d in (-1, 0, 1)})
        return [MISSING, *numbers]
    literals = [p.value for p in predicates if p.op == "equals"]
    literals += [v for p in predicates if p.op == "in" for v in p.value]
    spellings = [s for group in policy.aliases.get(spec.path, {}).values() for s in group]
    strings = [v for v in literals + spellings if isinstance(v, str)]
    return [MISSING, *strings, _other_string({normalise_name(s) for s in strings})]


def build_domain(field: str, predicates: Iterable[Predicate], policy: Policy) -> FieldDomain:
    """The classes of ``field`` that ``predicates`` (all on that field) can tell apart."""
    mine = [p for p in predicates if p.field == field]
    spec = readable_fields()[field]
    classes: dict[tuple[bool, ...], list[Any]] = {}
    for candidate in _candidates(spec, mine, policy):
        classes.setdefault(signature(field, candidate, mine, policy), []).append(candidate)
    return FieldDomain(field, tuple(m[0] for m in classes.values()), tuple(tuple(m) for m in classes.values()))
