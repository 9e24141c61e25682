"""Values compared to an enumerated field are values the contract allows.

.. rubric:: FAIL

::

    when: {field: environment, equals: prod}

.. rubric:: PASS

::

    when: {field: environment, in: [staging, development]}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.contract import ENUM, INTEGER, readable_fields
from sevtriage.policy.conditions import values_with_paths as _values_with_paths
from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem
from sevtriage.wording import json_term

ID = "enum-value"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "a value outside the contract's allowed values for an enumerated or bounded field"


def check(policy: Policy) -> Iterator[Problem]:
    fields = readable_fields()
    for item, predicate in policy.predicates():
        spec = fields.get(predicate.field)
        if spec is None or predicate.op not in ("equals", "in"):
            continue
        for where, value in _values_with_paths(predicate):
            if spec.kind == ENUM and isinstance(value, str) and value not in spec.values:
                yield item.doc.problem(where,
                                       f"{json_term(value)} is not a value of {predicate.field} "
                                       f"({spec.describe()})", ID)
            if (spec.kind == INTEGER and isinstance(value, int) and not isinstance(value, bool)
                    and spec.minimum is not None and spec.maximum is not None
                    and not spec.minimum <= value <= spec.maximum):
                yield item.doc.problem(where,
                                       f"{value} is outside {predicate.field} ({spec.describe()})", ID)
    for doc in policy.docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        for name, value in (data.get("field_defaults") or {}).items():
            spec = fields.get(name)
            if spec is not None and not spec.accepts(value):
                yield doc.problem(("field_defaults", name),
                                  f"default {json_term(value)} is not valid for {name} ({spec.describe()})", ID)
