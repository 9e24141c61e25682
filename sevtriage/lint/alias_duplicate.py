"""Each alias spelling is declared once.

A spelling in two groups of one field makes a ticket match both aliases; a
spelling listed twice in a group is noise. (A group declared again in another
file of a policy folder is a load error, ``merge``: it would replace the first.) Spellings
are compared as the matcher compares them: case-insensitively, white space
collapsed.

.. rubric:: FAIL

::

    aliases:
      technology:
        mssql: [mssql, sql server]
        sybase: [sybase, SQL Server]

.. rubric:: PASS

::

    aliases:
      technology:
        mssql: [mssql, sql server]
        sybase: [sybase, ase]
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.policy.aliases import normalise_name
from sevtriage.policy.yaml_source import Path, SourceDoc
from sevtriage.problems import WARNING, Problem

ID = "alias-duplicate"
LEVEL = WARNING
SUMMARY = "an alias spelling in two groups, or twice in one"


def _at(doc: SourceDoc, path: Path) -> str:
    return f"{doc.file}:{doc.position(path)[0]}"


def check(analysis: Analysis) -> Iterator[Problem]:
    spellings: dict[tuple[str, str], tuple[str, SourceDoc, Path]] = {}
    for doc in analysis.policy.docs:
        for field, table in (doc.data.get("aliases") or {}).items():
            for group, names in table.items():
                path = ("aliases", field, group)
                for index, name in enumerate(names):
                    key = (field, normalise_name(name))
                    here = path + (index,)
                    if key in spellings:
                        first_group, first_doc, first_path = spellings[key]
                        where = "twice in this group" if first_group == group else \
                            f'also in alias group "{first_group}"'
                        yield doc.problem(here, f'spelling "{name}" of {field} is {where} '
                                                f"({_at(first_doc, first_path)})", ID, level=LEVEL)
                    else:
                        spellings[key] = (group, doc, here)
