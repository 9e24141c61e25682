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

from collections.abc import Iterator

from sevtriage.analysis.boxes import bits
from sevtriage.lint.analysis import Analysis, none_of
from sevtriage.policy.conditions import AllOf, Condition
from sevtriage.policy.model import Ceiling, Rule
from sevtriage.problems import WARNING, Problem

ID = "never-decides"
LEVEL = WARNING
SUMMARY = ("a rule that can never decide the level: a more severe rule always matches too, "
           "or a ceiling always takes it lower")

Item = Rule | Ceiling


def _smallest_cover(analysis: Analysis, positives: list[Condition], fixed: int, candidates: int) -> list[Item]:
    """A minimal subset S of ``candidates`` (a bitset) such that no ticket meets ``positives`` with no
    item of ``fixed`` (a bitset) or S holding.

    Usually one rule or ceiling alone always wins (small queries, tried first);
    otherwise the co-matching candidates are dropped one by one while the
    rest still cover. (The co-matching candidates cover the positives, so an
    item can be dropped when the rest cover where it holds.)
    """
    first = analysis.first_cover(positives, fixed, candidates)
    if first is not None:
        return [first]
    if fixed:
        cover = 0
        for n in bits(candidates):
            if analysis.feasible([*positives, analysis.items[n].condition], fixed):
                cover |= 1 << n
    else:
        cover = analysis.meeting(positives, candidates)
    return analysis.items_in(analysis.prune(positives, fixed, cover))


def _names(items: list[Item]) -> str:
    def level(item: Item) -> str:
        return f"Level {item.level}" if isinstance(item, Rule) else f"at most Level {item.max_level}"
    return ", ".join(f"{i.id} ({level(i)}, {i.place()})" for i in items)


def check(analysis: Analysis) -> Iterator[Problem]:
    for rule in analysis.live_rules():
        if analysis.can_decide(rule):
            continue
        more_severe = analysis.rules_above(rule.level)
        if not analysis.feasible([rule.condition], more_severe):
            cover = _smallest_cover(analysis, [rule.condition], 0, more_severe)
            reason = f"whenever it matches, a more severe rule matches too: {_names(cover)}"
            shown = rule.condition  # the witness: the rule matches, a more severe one too
        else:
            cover = _smallest_cover(analysis, [rule.condition], more_severe, analysis.ceilings_below(rule.level))
            reason = f"whenever no more severe rule matches, a ceiling takes the level lower: {_names(cover)}"
            # the witness: the rule would decide, but a ceiling holds
            shown = AllOf((rule.condition, none_of(analysis.items_in(more_severe))))
        yield rule.doc.problem(rule.path, f"rule {rule.id} (Level {rule.level}) can never decide the level; "
                                          f"{reason}", ID, level=LEVEL,
                               witness=analysis.witness(shown, f"never-decides-{rule.id}"))
