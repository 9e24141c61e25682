"""Tickets that no rule matches (information).

Such a ticket gets the level the customer declared, else the policy's
``default`` level. A policy usually has gaps by design (a ticket with no
symptom at all), so this is information, not a warning: the witness is the
smallest such ticket, to pin in a fixture what the default gives. It is
reported at the ``default`` section (or at the first ``rules`` section).

.. rubric:: FAIL (reported as info)

::

    rules:
      - {id: L1-crash, level: 1, when: {field: symptoms.crash_or_hang, is: true}}

.. rubric:: PASS

::

    rules:
      - {id: L1-crash, level: 1, when: {field: symptoms.crash_or_hang, is: true}}
      - id: L4-everything-else
        level: 4
        when: {not: {field: symptoms.crash_or_hang, is: true}}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.analysis.decision_conditions import any_rule
from sevtriage.lint.analysis import Analysis
from sevtriage.policy.conditions import Not
from sevtriage.problems import INFO, Problem

ID = "gap"
LEVEL = INFO
SUMMARY = "some tickets match no rule and get the declared or default level; with a witness"


def check(analysis: Analysis) -> Iterator[Problem]:
    policy = analysis.policy
    witness = analysis.witness(Not(any_rule(policy)), "gap")
    if witness is None:
        return
    anchor = next((d for d in policy.docs if "default" in d.data), None)
    section = "default"
    if anchor is None:
        anchor = next(d for d in policy.docs if "rules" in d.data)
        section = "rules"
    yield anchor.problem((section,), f"some tickets match no rule: they get the declared level, else the "
                                     f"default Level {policy.default_level}", ID, level=LEVEL,
                         key=True, witness=witness)
