"""The policy fits durable_rules' hard limits.

The engine fails, hangs or crashes past them (``../shared/notes/durable-rules.md``):
error 303 when more than 64 tests hold for one ticket, error 113 at 15
``all`` groups inside one ``any``, a hang at 513 tests under one node, a
crash past about 255 rules. ``compiler`` knows the limits; running it at load
time means every command (classify, validate, test, diff, explain) reports
them at the rule's position, with exit 2, instead of failing later.

.. rubric:: FAIL

::

    rules:   # 70 tests on one field that can all hold at once
      - {id: L1-r0, level: 1, when: {field: declared_severity, lt: 0}}
      ...
      - {id: L1-r69, level: 1, when: {field: declared_severity, lt: 69}}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.engine.compiler import LIMIT_ID, compile_policy
from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, PolicyError, Problem

ID = LIMIT_ID
LEVEL = ERROR
STAGE = "load"
NEEDS_CLEAN = True  # compiling needs known fields, right types and declared aliases
SUMMARY = "the policy is beyond a hard limit of the durable_rules engine"


def check(policy: Policy) -> Iterator[Problem]:
    try:
        compile_policy(policy)
    except PolicyError as error:
        yield from error.problems
