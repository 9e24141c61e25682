"""Every ceiling, for some ticket, holds and makes the level less severe.

A ceiling lowers the level when it holds and the level before ceilings (from
the rules, else the declared level, else the default) is more severe than its
``max_level``. A ceiling that holds only when the level is already at most its
maximum changes nothing. Nor does one that, whenever it would lower the level,
holds together with a stricter ceiling (a larger ``max_level``): the stricter
one sets the level, so this one never decides it, and ``sevtriage test`` could
never count it as covered. (A ceiling whose condition can never be true is a
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
from sevtriage.policy.model import Ceiling
from sevtriage.problems import WARNING, Problem

ID = "ceiling-never-lowers"
LEVEL = WARNING
SUMMARY = ("a ceiling that never decides the level: it holds only when the level is already at most its "
           "max_level, or only together with a stricter ceiling")


def check(analysis: Analysis) -> Iterator[Problem]:
    policy = analysis.policy
    for ceiling in analysis.live_ceilings():
        lowers = AllOf((ceiling.condition, before_at_most(policy, ceiling.max_level - 1)))
        if not analysis.feasible_before_at_most([ceiling.condition], ceiling.max_level - 1, 0):
            yield ceiling.doc.problem(
                ceiling.path,
                f"ceiling {ceiling.id} can never lower the level: whenever it holds, the level is already "
                f"Level {ceiling.max_level} or less severe", ID, level=LEVEL,
                witness=analysis.witness(ceiling.condition, f"ceiling-never-lowers-{ceiling.id}"))
            continue
        stricter = analysis.ceilings_below(ceiling.max_level)
        if analysis.feasible_before_at_most([ceiling.condition], ceiling.max_level - 1, stricter):
            continue
        others = [c for c in analysis.items_in(stricter)
                  if analysis.feasible_before_at_most([ceiling.condition, c.condition], ceiling.max_level - 1, 0)]
        names = ", ".join(f"{c.id} (at most Level {c.max_level}, {c.place()})" for c in others
                          if isinstance(c, Ceiling))
        yield ceiling.doc.problem(
            ceiling.path,
            f"ceiling {ceiling.id} can never decide the level: whenever it would lower it, a stricter "
            f"ceiling holds too: {names}", ID, level=LEVEL,
            witness=analysis.witness(lowers, f"ceiling-never-lowers-{ceiling.id}"))
