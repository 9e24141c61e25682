"""Ids follow the naming convention, so that an id alone says what it is.

Rules: ``L<level>-kebab-case``, where the number is the rule's level
(``L1-data-loss`` at level 1). Ceilings: ``cap-kebab-case`` or
``gate-kebab-case``. Words are lower case letters and digits; a word may
also be a level reference such as ``L1`` (``gate-L1-resolvable``).

.. rubric:: FAIL

::

    - {id: L2-data-loss, level: 1, when: {field: symptoms.data_loss, is: true}}
    - {id: dataLoss, level: 1, when: {field: symptoms.data_loss, is: true}}
    - {id: staging-max, max_level: 2, when: {field: environment, equals: staging}}

.. rubric:: PASS

::

    - {id: L1-data-loss, level: 1, when: {field: symptoms.data_loss, is: true}}
    - {id: cap-staging, max_level: 2, when: {field: environment, equals: staging}}
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.problems import WARNING, Problem

ID = "id-convention"
LEVEL = WARNING
SUMMARY = "a rule id that is not Ln-kebab-case with n its level, or a ceiling id that is not cap- or gate-kebab-case"

_WORDS = r"(?:L\d+|[a-z0-9]+)(?:-(?:L\d+|[a-z0-9]+))*"
RULE_ID = re.compile(rf"L(\d+)-{_WORDS}")
CEILING_ID = re.compile(rf"(?:cap|gate)-{_WORDS}")


def check(analysis: Analysis) -> Iterator[Problem]:
    for rule in analysis.policy.rules:
        match = RULE_ID.fullmatch(rule.id)
        if match is None:
            yield rule.doc.problem(rule.path + ("id",), f'rule id "{rule.id}" should be L{rule.level}-kebab-case '
                                                        f"(e.g. L{rule.level}-data-loss)", ID, level=LEVEL)
        elif int(match.group(1)) != rule.level:
            yield rule.doc.problem(rule.path + ("id",), f'rule id "{rule.id}" says Level {match.group(1)} but '
                                                        f"the rule is Level {rule.level}", ID, level=LEVEL)
    for ceiling in analysis.policy.ceilings:
        if CEILING_ID.fullmatch(ceiling.id) is None:
            yield ceiling.doc.problem(ceiling.path + ("id",), f'ceiling id "{ceiling.id}" should be cap-kebab-case '
                                                              "or gate-kebab-case", ID, level=LEVEL)
