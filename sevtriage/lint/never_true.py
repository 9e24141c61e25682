"""A rule's or ceiling's condition, or one branch of it, can be true for some ticket.

Decided exactly over the contract's finite domains: a flag required both true
and false, ``declared_severity`` greater than 4, an ``all`` of two different
values of one enum. A ceiling that can never apply is reported here too. (An
enum value the contract does not allow is already an ``enum-value`` error.)
No witness: no ticket satisfies such a condition.

.. rubric:: FAIL

::

    - id: L1-crash
      level: 1
      when:
        all:
          - {field: symptoms.crash_or_hang, is: true}
          - {field: symptoms.crash_or_hang, is: false}

.. rubric:: PASS

::

    - id: L1-crash
      level: 1
      when: {field: symptoms.crash_or_hang, is: true}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.policy.conditions import Condition, Not, Predicate, describe
from sevtriage.policy.model import Ceiling, Rule
from sevtriage.problems import ERROR, Problem

ID = "never-true"
LEVEL = ERROR
SUMMARY = "a condition (or a branch of one) can never be true, so its rule never matches or its ceiling never applies"


def _dead(analysis: Analysis, condition: Condition) -> Iterator[Condition]:
    """The outermost sub-conditions that no ticket satisfies."""
    if not analysis.satisfiable(condition):
        yield condition
        return
    if isinstance(condition, Predicate):
        return
    children = (condition.item,) if isinstance(condition, Not) else condition.items
    for child in children:
        yield from _dead(analysis, child)


def check(analysis: Analysis) -> Iterator[Problem]:
    items: list[Rule | Ceiling] = [*analysis.policy.rules, *analysis.policy.ceilings]
    for item in items:
        kind = "rule" if isinstance(item, Rule) else "ceiling"
        effect = "never matches" if isinstance(item, Rule) else "never applies"
        for node in _dead(analysis, item.condition):
            if node is item.condition:
                message = f"the condition of {kind} {item.id} can never be true, so it {effect}: {describe(node)}"
            else:
                message = f"this branch of {kind} {item.id} can never be true: {describe(node)}"
            yield item.doc.problem(node.path, message, ID, level=LEVEL)
