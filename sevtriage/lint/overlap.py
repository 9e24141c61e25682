"""Two rules of different levels can match the same ticket (information).

Not a mistake in itself: the most severe level wins, and a policy often means
it ("a crash with a workaround is still a crash"). Reported once per pair, on
the less severe rule, with a minimal witness ticket matching both, so that an
author can check each overlap is intended and pin it with a fixture.

Only rules that read some field in common are compared: two rules on
disjoint fields (a crash, a data loss) always overlap, since independent
symptoms can come together, and listing every such pair would bury the
overlaps an author wrote by accident, which are between rules that split the
values of one field. A rule that can never decide is a ``never-decides``
warning instead: its overlaps are not repeated as information.

.. rubric:: FAIL (reported as info)

::

    - id: L2-slow-and-unstable
      level: 2
      when:
        all:
          - {field: symptoms.performance, in: [minor, severe]}
          - {field: symptoms.unstable, is: true}
    - {id: L3-minor-performance, level: 3, when: {field: symptoms.performance, equals: minor}}

.. rubric:: PASS

::

    - id: L2-slow-and-unstable
      level: 2
      when:
        all:
          - {field: symptoms.performance, equals: severe}
          - {field: symptoms.unstable, is: true}
    - {id: L3-minor-performance, level: 3, when: {field: symptoms.performance, equals: minor}}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.policy.conditions import AllOf, predicates
from sevtriage.policy.model import Rule
from sevtriage.problems import INFO, Problem

ID = "overlap"
LEVEL = INFO
SUMMARY = ("two rules of different levels that read a common field can match the same ticket "
           "(the more severe wins); with a witness")


def _fields(rule: Rule) -> set[str]:
    return {p.field for p in predicates(rule.condition)}


def check(analysis: Analysis) -> Iterator[Problem]:
    rules = analysis.live_rules()
    for weaker in rules:
        if not analysis.can_decide(weaker):
            continue  # never-decides reports it, with what shadows it
        for stronger in rules:
            if stronger.level >= weaker.level or not _fields(stronger) & _fields(weaker):
                continue
            both = AllOf((stronger.condition, weaker.condition))
            witness = analysis.witness(both, f"overlap-{stronger.id}-{weaker.id}")
            if witness is None:
                continue
            yield weaker.doc.problem(
                weaker.path, f"rule {weaker.id} (Level {weaker.level}) and rule {stronger.id} "
                             f"(Level {stronger.level}, {stronger.place()}) can match the same ticket; "
                             f"Level {stronger.level} wins", ID, level=LEVEL, witness=witness)
