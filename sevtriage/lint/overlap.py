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

On a large policy the pairs run into thousands, so at most ``MAX_PER_RULE``
(10) overlaps are listed for one rule and ``MAX_PER_POLICY`` (200) for one
policy, in report order; the rest are counted on an info line "... and N more
overlaps ...", at the rule where the listing stops. Only the listed pairs get a
witness; the count is exact. A capped report is the full one cut short.

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
from sevtriage.lint.analysis import Analysis
from sevtriage.policy.conditions import AllOf, predicates
from sevtriage.policy.model import Rule
from sevtriage.problems import INFO, Problem
from sevtriage.tickets.prepare import prepare_ticket

ID = "overlap"
LEVEL = INFO
SUMMARY = ("two rules of different levels that read a common field can match the same ticket "
           "(the more severe wins); with a witness")

# At most this many overlaps are listed for one rule, and for one policy (see the docstring).
MAX_PER_RULE = 10
MAX_PER_POLICY = 200


def _fields(rule: Rule) -> set[str]:
    return {p.field for p in predicates(rule.condition)}


def _outcome(analysis: Analysis, witness: dict[str, Any]) -> str:
    """What the policy makes of the witness ticket, ceilings applied (the reference evaluator)."""
    policy = analysis.policy
    ticket = prepare_ticket(witness, policy.field_defaults)
    decision = decide(policy, ticket, analysis.matching(ticket.values))
    if not decision.applied:
        return f"Level {decision.severity} wins"
    caps = ", ".join(c.id for c in decision.deciding_ceilings)
    return f"Level {decision.before_caps} wins, and {caps} takes it to Level {decision.severity}"


def _overlaps(analysis: Analysis, rules: list[Rule]) -> list[tuple[Rule, list[Rule]]]:
    """Each rule with the more severe rules (of ``rules``, sharing a field) that can match with it."""
    readers: dict[str, int] = {}
    for rule in rules:
        for name in _fields(rule):
            readers[name] = readers.get(name, 0) | analysis.bits_of([rule])
    by_level: dict[int, int] = {}
    for rule in rules:
        by_level[rule.level] = by_level.get(rule.level, 0) | analysis.bits_of([rule])
    found = []
    for weaker in rules:
        stronger = 0
        for level, chosen in by_level.items():
            if level < weaker.level:
                stronger |= chosen
        sharing = 0
        for name in _fields(weaker):
            sharing |= readers[name]
        both = analysis.meeting([weaker.condition], stronger & sharing)
        found.append((weaker, [r for r in analysis.items_in(both) if isinstance(r, Rule)]))
    return found


def check(analysis: Analysis) -> Iterator[Problem]:
    rules = [rule for rule in analysis.live_rules() if analysis.can_decide(rule)]  # never-decides has the rest
    found = _overlaps(analysis, rules)
    # listed in report order (by place), so that a capped report is the full one cut short
    found.sort(key=lambda pair: pair[0].doc.problem(pair[0].path, "", ID, level=LEVEL).sort_key())
    room, hidden, hidden_from = MAX_PER_POLICY, 0, None
    for weaker, strongers in found:
        shown = strongers[:min(MAX_PER_RULE, room)]
        for stronger in shown:
            witness = analysis.witness(AllOf((stronger.condition, weaker.condition)),
                                       f"overlap-{stronger.id}-{weaker.id}")
            assert witness is not None, "rules that can match together have a witness"
            yield weaker.doc.problem(
                weaker.path, f"rule {weaker.id} (Level {weaker.level}) and rule {stronger.id} "
                             f"(Level {stronger.level}, {stronger.place()}) can match the same ticket; "
                             f"on the witness, {_outcome(analysis, witness)}", ID, level=LEVEL, witness=witness)
        room -= len(shown)
        rest = len(strongers) - len(shown)
        if rest and len(shown) == MAX_PER_RULE:
            yield weaker.doc.problem(
                weaker.path, f"... and {rest} more overlap{'s' if rest > 1 else ''} of rule {weaker.id} "
                             f"(Level {weaker.level}) with more severe rules, not listed: at most "
                             f"{MAX_PER_RULE} are listed per rule", ID, level=LEVEL)
        elif rest:
            hidden += rest
            hidden_from = hidden_from or weaker
    if hidden_from is not None:
        yield hidden_from.doc.problem(
            hidden_from.path, f"... and {hidden} more overlap{'s' if hidden > 1 else ''}, from rule "
                              f"{hidden_from.id} on, not listed: at most {MAX_PER_POLICY} are listed per policy",
            ID, level=LEVEL)
