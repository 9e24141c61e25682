"""Every check id ``sevtriage validate`` can report, with its level and one-line summary.

Three stages: *read* (the loader cannot build the policy from the files:
``read`` and ``yaml-syntax`` mean it could not even be parsed), *load* (the
core's semantic checks in ``sevtriage.policy.checks``: the policy cannot be
used until fixed) and *lint* (``sevtriage.lint``: the policy works, but
something in it is dead, ambiguous or undocumented).
"""

from __future__ import annotations

from sevtriage.engine import limits
from sevtriage.lint import LINT_CHECKS
from sevtriage.policy.checks import LOAD_CHECKS
from sevtriage.problems import ERROR, CheckInfo

# Ids the loader itself reports while reading files (not check modules).
READ_CHECKS = (
    CheckInfo("read", ERROR, "read", "the policy file or folder does not exist or cannot be read as UTF-8"),
    CheckInfo("yaml-syntax", ERROR, "read", "the file is empty, is not valid YAML, or expands to too many nodes"),
    CheckInfo("key-duplicates", ERROR, "read", "a key appears twice in one YAML mapping"),
    CheckInfo("schema", ERROR, "read", "the file does not follow the policy JSON Schema (sevtriage schema policy)"),
    CheckInfo("text-pattern", ERROR, "read", "a detector pattern or cue of text/*.yaml does not compile "
                                      "(docs/text-flags.md), or its regular expression's cost is not bounded"),
    CheckInfo("text-flag", ERROR, "read", "a detector sets a field that is not a ticket field, or a value "
                                   "the field does not accept"),
    CheckInfo("merge", ERROR, "read", "the files of a folder do not merge: a section or alias group given twice, "
                               "or a required section missing"),
)



def all_checks() -> list[CheckInfo]:
    """Every check id, in the order they run."""
    load = [CheckInfo(m.ID, m.LEVEL, "load", m.SUMMARY) for m in [*LOAD_CHECKS, limits]]
    lint = [CheckInfo(m.ID, m.LEVEL, "lint", m.SUMMARY) for m in LINT_CHECKS]
    return [*READ_CHECKS, *load, *lint]


def checks_table() -> str:
    """The Markdown table of docs/checks.md."""
    lines = ["| check id | level | stage | what it means |", "|---|---|---|---|"]
    lines += [f"| `{c.id}` | {c.level} | {c.stage} | {c.summary} |" for c in all_checks()]
    return "\n".join(lines) + "\n"
