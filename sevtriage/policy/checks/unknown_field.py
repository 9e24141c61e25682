"""A rule reads only fields of the ticket contract that a rule may read.

A typo (``symptoms.data_los``) would make a rule silently never match; free
text (``subject``, ``description``) is kept out of the engine, whose string
comparisons are wrong on long text.

.. rubric:: FAIL

::

    when: {field: symptoms.data_los, is: true}

.. rubric:: PASS

::

    when: {field: symptoms.data_loss, is: true}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sevtriage.contract import UNREADABLE, readable_fields
from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "unknown-field"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "a rule reads a field that the ticket contract does not have, or free text"


def explain_unknown(name: str) -> str:
    """The message for an unreadable field name, with a suggestion where one is close."""
    if name in UNREADABLE:
        return f'field "{name}" is free text or an identifier and cannot be read by rules'
    close = difflib.get_close_matches(name, list(readable_fields()), n=1, cutoff=0.75)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return f'field "{name}" is not in the ticket contract{hint}'


def check(policy: Policy) -> Iterator[Problem]:
    fields = readable_fields()
    for item, predicate in policy.predicates():
        if predicate.field not in fields:
            yield item.doc.problem(predicate.path + ("field",), explain_unknown(predicate.field), ID)
    for doc in policy.docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        for section in ("field_defaults", "aliases"):
            for name in data.get(section) or {}:
                if name not in fields:
                    yield doc.problem((section, name), explain_unknown(name), ID, key=True)
