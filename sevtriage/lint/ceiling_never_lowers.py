"""Every ceiling, for some ticket, holds and makes the level less severe.

A ceiling lowers the level when it holds and the level before ceilings (from
the rules, else the declared level, else the default) is more severe than its
``max_level``. A ceiling that holds only when the level is already at most its
maximum changes nothing. (A ceiling whose condition can never be true is a
``never-true`` finding.) The witness is a ticket on which it holds.

.. rubric:: FAIL

::

    rules:
      - {id: L4-advice, level: 4, when: {field: request_type, equals: advice}}
    ceilings:
      - id: cap-advice
        max_level: 3
        when: {field: request_type, equals: advice}

.. rubric:: PASS

::

    ceilings:
      - id: cap-non-production
        max_level: 3
        when: {field: environment, in: [staging, development]}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.analysis.decision_conditions import before_at_most
from sevtriage.lint.analysis import Analysis
from sevtriage.policy.conditions import AllOf
from sevtriage.problems import WARNING, Problem

ID = "ceiling-never-lowers"
LEVEL = WARNING
SUMMARY = "a ceiling that holds only when the level is already at most its max_level, so it never changes anything"


def check(analysis: Analysis) -> Iterator[Problem]:
    policy = analysis.policy
    for ceiling in analysis.live_ceilings():
        lowers = AllOf((ceiling.condition, before_at_most(policy, ceiling.max_level - 1)))
        if analysis.satisfiable(lowers):
            continue
        yield ceiling.doc.problem(
            ceiling.path,
            f"ceiling {ceiling.id} can never lower the level: whenever it holds, the level is already "
            f"Level {ceiling.max_level} or less severe", ID, level=LEVEL,
            witness=analysis.witness(ceiling.condition, f"ceiling-never-lowers-{ceiling.id}"))
