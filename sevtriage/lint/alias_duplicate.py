"""Each alias spelling and each alias group is declared once.

A spelling in two groups of one field makes a ticket match both aliases; a
group declared again (in another file of the policy folder) silently replaces
the first declaration; a spelling listed twice in a group is noise. Spellings
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

from typing import Iterator

from sevtriage.engine.aliases import normalise_name
from sevtriage.engine.yaml_source import SourceDoc
from sevtriage.lint.analysis import Analysis
from sevtriage.problems import WARNING, Problem

ID = "alias-duplicate"
LEVEL = WARNING
SUMMARY = "an alias spelling in two groups (or twice in one), or an alias group declared twice"


def _at(doc: SourceDoc, path: tuple) -> str:
    return f"{doc.file}:{doc.position(path)[0]}"


def check(analysis: Analysis) -> Iterator[Problem]:
    groups: dict[tuple[str, str], tuple[SourceDoc, tuple]] = {}
    spellings: dict[tuple[str, str], tuple[str, SourceDoc, tuple]] = {}
    for doc in analysis.policy.docs:
        for field, table in (doc.data.get("aliases") or {}).items():
            for group, names in table.items():
                path = ("aliases", field, group)
                if (field, group) in groups:
                    yield doc.problem(path, f'alias group "{group}" of {field} is already declared at '
                                            f"{_at(*groups[field, group])}; this one replaces it",
                                      ID, level=LEVEL, key=True)
                    continue
                groups[field, group] = (doc, path)
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
