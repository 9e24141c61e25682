"""Every rule and ceiling id is unique across the whole policy (all its files).

Results, fixtures and the policy page cite rules by id, so two rules with one
id would make every citation ambiguous.

.. rubric:: FAIL

::

    rules:
      - {id: L1-crash, level: 1, when: {field: symptoms.crash_or_hang, is: true}}
      - {id: L1-crash, level: 1, when: {field: symptoms.data_loss, is: true}}

.. rubric:: PASS

::

    rules:
      - {id: L1-crash, level: 1, when: {field: symptoms.crash_or_hang, is: true}}
      - {id: L1-data-loss, level: 1, when: {field: symptoms.data_loss, is: true}}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "duplicate-id"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "two rules or ceilings share an id"


def check(policy: Policy) -> Iterator[Problem]:
    first: dict[str, tuple[str, int]] = {}
    for item in policy.items():
        line, _ = item.doc.position(item.path + ("id",))
        if item.id in first:
            where = "{}:{}".format(*first[item.id])
            yield item.doc.problem(item.path + ("id",),
                                   f'id "{item.id}" is already used at {where}', ID)
        else:
            first[item.id] = (item.doc.file, line)
