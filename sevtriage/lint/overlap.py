"""Two rules of different levels can match the same ticket (information).

Not a mistake in itself: the most severe level wins, and a policy often means
it ("a crash with a workaround is still a crash"). Reported once per pair, on
the less severe rule, with a minimal witness ticket matching both, so that an
author can check each overlap is intended and pin it with a fixture.

.. rubric:: FAIL (reported as info)

::

    - {id: L1-crash, level: 1, when: {field: symptoms.crash_or_hang, is: true}}
    - {id: L2-unstable, level: 2, when: {field: symptoms.unstable, is: true}}

.. rubric:: PASS

::

    - {id: L1-crash, level: 1, when: {field: symptoms.crash_or_hang, is: true}}
    - id: L2-unstable
      level: 2
      when:
        all:
          - {field: symptoms.unstable, is: true}
          - not: {field: symptoms.crash_or_hang, is: true}
"""

from __future__ import annotations

from typing import Iterator

from sevtriage.engine.conditions import AllOf
from sevtriage.lint.analysis import Analysis, where
from sevtriage.problems import INFO, Problem

ID = "overlap"
LEVEL = INFO
SUMMARY = "two rules of different levels can match the same ticket (the more severe wins); with a witness"


def check(analysis: Analysis) -> Iterator[Problem]:
    rules = analysis.live_rules()
    for weaker in rules:
        for stronger in rules:
            if stronger.level >= weaker.level:
                continue
            both = AllOf((stronger.condition, weaker.condition))
            witness = analysis.witness(both, f"overlap-{stronger.id}-{weaker.id}")
            if witness is None:
                continue
            yield weaker.doc.problem(
                weaker.path, f"rule {weaker.id} (Level {weaker.level}) and rule {stronger.id} "
                             f"(Level {stronger.level}, {where(stronger)}) can match the same ticket; "
                             f"Level {stronger.level} wins", ID, level=LEVEL, witness=witness)
