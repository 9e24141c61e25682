"""A policy says which level a ticket gets when no rule matches and none was declared.

Without a ``default:`` section the loader still gives such a ticket Level 3
(READING.md), or the least severe level when the policy has no Level 3, but
nothing in the files says so: an author who forgot the section never learns
which level the unmatched tickets get. The finding is a warning on the
``policy`` section, naming the level that is implied.

.. rubric:: FAIL

::

    policy: {name: support, version: "1"}
    levels: [{level: 3, name: minimal, response_target: PT12H}]
    rules: [{id: L3-unstable, level: 3, source: N3, when: {field: symptoms.unstable, is: true}}]
    # and no default: section

.. rubric:: PASS

::

    default: {level: 3, source: "N3: everything else"}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.policy.model import Policy
from sevtriage.problems import WARNING, Problem

ID = "default-missing"
LEVEL = WARNING
STAGE = "load"
SUMMARY = "the policy has no default section, so unmatched tickets get an implied level"


def check(policy: Policy) -> Iterator[Problem]:
    if policy.raw.get("default"):
        return
    for doc in policy.docs:
        if isinstance(doc.data, dict) and "policy" in doc.data:
            yield doc.problem(("policy",), f"the policy has no default section: a ticket that no rule matches "
                                           f"and that declares no level gets Level {policy.default_level} "
                                           f"(implied); say so with default: {{level: {policy.default_level}}}",
                              ID, level=LEVEL, key=True)
            return
