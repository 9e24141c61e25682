"""How a ticket's value is compared to an alias spelling.

READING.md: technology names match case-insensitively. Helpdesk exports and
customers also write the same product many ways ("MS SQL", "ms-sql",
"SQL Server 2019 Express", ".NET 8", "ASP.NET Core"), so both the ticket's
value and every spelling are normalised the same way before they are compared
(the rule, documented in docs/policy-format.md and README.md):

1. case is ignored (``casefold``);
2. spacing and punctuation are ignored: the name is cut into runs of letters
   and runs of digits, and ``#`` and ``+`` are kept (``C#`` is not ``C``,
   ``C++`` is not ``C``); everything else separates words and is dropped,
   so ``MS-SQL``, ``MS SQL`` and ``mssql`` are one name, and so are
   ``.NET``, ``. net`` and ``NET``;
3. versions and editions after the name are ignored: trailing numbers and the
   words in ``EDITION_WORDS`` (``2019``, ``8.0``, ``R2``, ``SP1``, ``Express``,
   ``Enterprise Edition``, ``LTS``, ``x64``) are dropped, as long as a word
   is left. A version or edition is never a product by itself.

Matching is still whole names: ``MySQL`` is not ``SQL``, ``dotnetnuke`` is
not ``dotnet``.
"""

from __future__ import annotations

import re

_WORDS = re.compile(r"[^\W\d_]+|\d+|[#+]+")
EDITION_WORDS = frozenset({
    "express", "standard", "enterprise", "developer", "web", "edition", "datacenter", "evaluation",
    "workgroup", "lts", "sts", "preview", "rc", "rtm", "sp", "cu", "r", "x", "bit", "v", "version",
})


def normalise_name(value: str) -> str:
    words = _WORDS.findall(value.casefold())
    while len(words) > 1 and (words[-1].isdigit() or words[-1] in EDITION_WORDS):
        words.pop()
    return "".join(words)


def alias_table(spellings: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_name(s) for s in spellings)
