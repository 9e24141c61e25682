"""An operator and its value fit the kind of the field they test.

A boolean flag compared to a string (``equals: "true"``), ``is`` on an enum,
or ``gt`` on anything but an integer can never match a valid ticket: the
rule would be dead, silently.

.. rubric:: FAIL

::

    when: {field: symptoms.data_loss, equals: "yes"}
    when: {field: symptoms.performance, is: true}

.. rubric:: PASS

::

    when: {field: symptoms.data_loss, is: true}
    when: {field: declared_severity, lte: 2}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.contract import BOOLEAN, ENUM, INTEGER, STRING, readable_fields
from sevtriage.policy.conditions import COMPARISONS, values_with_paths
from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem
from sevtriage.wording import json_term

ID = "type-mismatch"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "an operator or value can never match the field's type"

# Which operators make sense on which kind of field.
ALLOWED = {
    BOOLEAN: {"is", "equals", "in", "exists", "missing"},
    ENUM: {"equals", "in", "exists", "missing"},
    INTEGER: {"equals", "in", "exists", "missing", *COMPARISONS},
    STRING: {"equals", "in", "exists", "missing", "alias_of"},
}


def _kind_of_value(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    return "a string"


def check(policy: Policy) -> Iterator[Problem]:
    fields = readable_fields()
    for item, predicate in policy.predicates():
        spec = fields.get(predicate.field)
        if spec is None:
            continue  # unknown-field reports it
        where = predicate.path + (predicate.op,)
        if predicate.op not in ALLOWED[spec.kind]:
            yield item.doc.problem(where, f'operator "{predicate.op}" does not apply to '
                                          f'{predicate.field}, which is {spec.describe()}', ID, key=True)
            continue
        if predicate.op in ("equals", "in") + COMPARISONS:
            for value_path, value in values_with_paths(predicate):
                wrong = (spec.kind == BOOLEAN and not isinstance(value, bool)) or \
                        (spec.kind in (ENUM, STRING) and not isinstance(value, str)) or \
                        (spec.kind == INTEGER and (isinstance(value, bool) or not isinstance(value, int)))
                if wrong:
                    yield item.doc.problem(value_path, f"{predicate.field} is {spec.describe()}; {json_term(value)} "
                                                  f"is {_kind_of_value(value)} and can never match", ID)
