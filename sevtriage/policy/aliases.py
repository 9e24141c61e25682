"""How a ticket's value is compared to an alias spelling.

READING.md: technology names match case-insensitively. Surrounding and
repeated white space are ignored too ("  SQL  Server " is "sql server"), since
helpdesk exports are not careful about it.
"""

from __future__ import annotations


def normalise_name(value: str) -> str:
    return " ".join(value.split()).casefold()


def alias_table(spellings: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_name(s) for s in spellings)
