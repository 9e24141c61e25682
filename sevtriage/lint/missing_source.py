"""Every rule and ceiling cites the line of the published policy it encodes.

The ``source`` citation is what a reviewer checks a rule against, and what
``explain`` shows a user who asks why a ticket got its level.

.. rubric:: FAIL

::

    - id: L2-unstable
      level: 2
      when: {field: symptoms.unstable, is: true}

.. rubric:: PASS

::

    - id: L2-unstable
      level: 2
      source: "N2: instable avec des interruptions périodiques"
      when: {field: symptoms.unstable, is: true}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.policy.model import Rule
from sevtriage.problems import WARNING, Problem

ID = "missing-source"
LEVEL = WARNING
SUMMARY = "a rule or ceiling without a source citation"


def check(analysis: Analysis) -> Iterator[Problem]:
    for item in analysis.policy.items():
        if not item.source:
            kind = "rule" if isinstance(item, Rule) else "ceiling"
            yield item.doc.problem(item.path, f"{kind} {item.id} has no source: cite the line of the "
                                              "published policy it encodes", ID, level=LEVEL)
