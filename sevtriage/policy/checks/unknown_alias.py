"""``alias_of`` names an alias the policy declares for that field.

.. rubric:: FAIL

::

    aliases: {technology: {mssql: [mssql, sql server]}}
    when: {field: technology, alias_of: ms-sql}

.. rubric:: PASS

::

    aliases: {technology: {mssql: [mssql, sql server]}}
    when: {field: technology, alias_of: mssql}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "unknown-alias"
SHOWN_CHARACTERS = 80  # a 10,000-character value is not echoed whole


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + f"… ({len(text):,} characters)"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "alias_of names an alias the policy does not declare for that field"


def check(policy: Policy) -> Iterator[Problem]:
    for item, predicate in policy.predicates():
        if predicate.op != "alias_of":
            continue
        declared = policy.aliases.get(predicate.field, {})
        if predicate.value not in declared:
            close = difflib.get_close_matches(predicate.value, list(declared), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            known = ", ".join(declared) or "none"
            yield item.doc.problem(predicate.path + ("alias_of",),
                                   f'alias "{_shown(predicate.value)}" is not declared for {predicate.field}'
                                   f"{hint}; declared: {known}", ID)
