"""Each level number and level name is defined once.

.. rubric:: FAIL

::

    levels:
      - {level: 1, name: critical, response_target: PT2H}
      - {level: 1, name: urgent, response_target: PT1H}

.. rubric:: PASS

::

    levels:
      - {level: 1, name: critical, response_target: PT2H}
      - {level: 2, name: urgent, response_target: PT6H}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "duplicate-level"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "a level number or name is defined twice"


def check(policy: Policy) -> Iterator[Problem]:
    for doc in policy.docs:
        levels = doc.data.get("levels") if isinstance(doc.data, dict) else None
        seen_numbers: set[int] = set()
        seen_names: set[str] = set()
        for index, level in enumerate(levels or []):
            if level["level"] in seen_numbers:
                yield doc.problem(("levels", index, "level"),
                                  f"level {level['level']} is defined twice", ID)
            if level["name"] in seen_names:
                yield doc.problem(("levels", index, "name"),
                                  f'level name "{level["name"]}" is used twice', ID)
            seen_numbers.add(level["level"])
            seen_names.add(level["name"])
