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
warning instead: its overlaps (as the weaker or the stronger rule) are not
repeated as information. The message says what the policy makes of the
witness, ceilings applied: a ceiling can take the level below the stronger rule's.

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
from typing import Any

from sevtriage.engine.decision import decide
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.lint.analysis import Analysis
from sevtriage.policy.conditions import AllOf, predicates
from sevtriage.policy.model import Rule
from sevtriage.problems import INFO, Problem
from sevtriage.tickets.prepare import prepare_ticket

ID = "overlap"
LEVEL = INFO
SUMMARY = ("two rules of different levels that read a common field can match the same ticket "
           "(the more severe wins); with a witness")


def _fields(rule: Rule) -> set[str]:
    return {p.field for p in predicates(rule.condition)}


def _outcome(analysis: Analysis, witness: dict[str, Any]) -> str:
    """What the policy makes of the witness ticket, ceilings applied (the reference evaluator)."""
    policy = analysis.policy
    ticket = prepare_ticket(witness, policy.field_defaults)
    decision = decide(policy, ticket, ReferenceMatcher(policy).match(ticket.values))
    if not decision.applied:
        return f"Level {decision.severity} wins"
    caps = ", ".join(c.id for c in decision.deciding_ceilings)
    return f"Level {decision.before_caps} wins, and {caps} takes it to Level {decision.severity}"


def check(analysis: Analysis) -> Iterator[Problem]:
    rules = [rule for rule in analysis.live_rules() if analysis.can_decide(rule)]  # never-decides has the rest
    for weaker in rules:
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
                             f"on the witness, {_outcome(analysis, witness)}", ID, level=LEVEL, witness=witness)
