"""Every rule can decide the level of some ticket.

A rule decides when it matches, no rule of a more severe level matches, and
no ceiling takes the level lower. When that can never happen, the finding
names what shadows the rule (the smallest set of rules or ceilings that always
wins) and gives a witness ticket on which the rule matches but does not decide.

.. rubric:: FAIL

::

    - id: L1-data-loss
      level: 1
      when: {field: symptoms.data_loss, is: true}
    - id: L3-data-loss-minor
      level: 3
      when:
        all:
          - {field: symptoms.data_loss, is: true}
          - {field: symptoms.operations_affected, is: false}

.. rubric:: PASS

::

    - id: L1-data-loss
      level: 1
      when: {field: symptoms.data_loss, is: true}
    - id: L3-incorrect
      level: 3
      when: {field: symptoms.incorrect_behavior, is: true}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sevtriage.lint.analysis import Analysis
from sevtriage.policy.conditions import AllOf, AnyOf, Condition, Not
from sevtriage.policy.model import Ceiling, Rule
from sevtriage.problems import WARNING, Problem

ID = "never-decides"
LEVEL = WARNING
SUMMARY = ("a rule that can never decide the level: a more severe rule always matches too, "
           "or a ceiling always takes it lower")

Item = Rule | Ceiling


def _none_of(items: Sequence[Item]) -> Condition:
    return Not(AnyOf(tuple(i.condition for i in items)))


def _smallest_cover(analysis: Analysis, base: Condition, candidates: Sequence[Item]) -> list[Item]:
    """A minimal subset S of ``candidates`` with ``base and none of S`` unsatisfiable.

    Usually one rule or ceiling alone always wins (small queries, tried first);
    otherwise the co-matching candidates are dropped one by one while the
    rest still cover.
    """
    for item in candidates:
        if not analysis.satisfiable(AllOf((base, _none_of([item])))):
            return [item]
    cover = [c for c in candidates if analysis.satisfiable(AllOf((base, c.condition)))]
    for item in list(cover):
        rest = [c for c in cover if c is not item]
        if not analysis.satisfiable(AllOf((base, _none_of(rest)))):
            cover = rest
    return cover


def _names(items: list[Item]) -> str:
    def level(item: Item) -> str:
        return f"Level {item.level}" if isinstance(item, Rule) else f"at most Level {item.max_level}"
    return ", ".join(f"{i.id} ({level(i)}, {i.place()})" for i in items)


def check(analysis: Analysis) -> Iterator[Problem]:
    policy = analysis.policy
    for rule in analysis.live_rules():
        if analysis.can_decide(rule):
            continue
        more_severe = [r for r in policy.rules if r.level < rule.level]
        alone = AllOf((rule.condition, _none_of(more_severe)))
        if not analysis.satisfiable(alone):
            cover = _smallest_cover(analysis, rule.condition, more_severe)
            reason = f"whenever it matches, a more severe rule matches too: {_names(cover)}"
            shown = rule.condition  # the witness: the rule matches, a more severe one too
        else:
            ceilings = [c for c in policy.ceilings if c.max_level > rule.level]
            cover = _smallest_cover(analysis, alone, ceilings)
            reason = f"whenever no more severe rule matches, a ceiling takes the level lower: {_names(cover)}"
            shown = alone  # the witness: the rule would decide, but a ceiling holds
        yield rule.doc.problem(rule.path, f"rule {rule.id} (Level {rule.level}) can never decide the level; "
                                          f"{reason}", ID, level=LEVEL,
                               witness=analysis.witness(shown, f"never-decides-{rule.id}"))
