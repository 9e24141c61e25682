"""Every declared alias group is used by some ``alias_of`` predicate.

An unused group is dead configuration, or the sign of a rule that tests the
raw value (``equals: mssql``) where it meant the alias.

.. rubric:: FAIL

::

    aliases:
      technology:
        oracle: [oracle, oracle db]
    rules: []   # no rule says {field: technology, alias_of: oracle}

.. rubric:: PASS

::

    aliases:
      technology:
        oracle: [oracle, oracle db]
    ceilings:
      - id: cap-oracle
        max_level: 2
        when: {field: technology, alias_of: oracle}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.problems import WARNING, Problem

ID = "alias-unused"
LEVEL = WARNING
SUMMARY = "an alias group that no rule or ceiling uses"


def check(analysis: Analysis) -> Iterator[Problem]:
    policy = analysis.policy
    used = {(p.field, p.value) for _, p in policy.predicates() if p.op == "alias_of"}
    reported: set[tuple[str, str]] = set()
    for doc in policy.docs:
        for field, table in (doc.data.get("aliases") or {}).items():
            for group in table:
                if (field, group) in used or (field, group) in reported:
                    continue
                reported.add((field, group))
                yield doc.problem(("aliases", field, group), f'alias group "{group}" of {field} is never '
                                                             "used (no alias_of names it)", ID, level=LEVEL, key=True)
