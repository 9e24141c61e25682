"""Every level a rule proposes, a ceiling allows or the default names is defined.

.. rubric:: FAIL

::

    levels: [{level: 1, name: critical, response_target: PT2H}]
    rules:
      - {id: L5-typo, level: 5, when: {field: symptoms.unstable, is: true}}

.. rubric:: PASS

::

    levels: [{level: 1, name: critical, response_target: PT2H}]
    rules:
      - {id: L1-unstable, level: 1, when: {field: symptoms.unstable, is: true}}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "undefined-level"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "a rule, ceiling or default names a level the policy does not define"


def _defined(policy: Policy) -> str:
    return ", ".join(str(n) for n in sorted(policy.levels))


def check(policy: Policy) -> Iterator[Problem]:
    for rule in policy.rules:
        if rule.level not in policy.levels:
            yield rule.doc.problem(rule.path + ("level",),
                                   f"level {rule.level} is not defined (levels: {_defined(policy)})", ID)
    for ceiling in policy.ceilings:
        if ceiling.max_level not in policy.levels:
            yield ceiling.doc.problem(ceiling.path + ("max_level",),
                                      f"level {ceiling.max_level} is not defined "
                                      f"(levels: {_defined(policy)})", ID)
    for doc in policy.docs:
        default = doc.data.get("default") if isinstance(doc.data, dict) else None
        if default and default["level"] not in policy.levels:
            yield doc.problem(("default", "level"),
                              f"default level {default['level']} is not defined "
                              f"(levels: {_defined(policy)})", ID)
