"""A policy diff as text (terminal), JSON (scripts) or Markdown (a review comment).

Each writer reads the diff through ``data.PolicyDiffData`` (registry in ``__init__``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from sevtriage.output.diffs.data import PolicyDiffData
from sevtriage.policy.model import Policy
from sevtriage.tickets.json_codec import dumps_document
from sevtriage.wording import counted

ZERO = "."


def policy_label(spec: str, policy: Policy) -> str:
    identity = policy.identity()
    return f"{spec} ({identity['name']} {identity['version']}, {identity['hash']})"


def headline(diff: PolicyDiffData) -> str:
    return (f"{counted(diff.classified, 'ticket')} classified, {len(diff.changes):,} changed level, "
            f"{diff.error_count} not classified")


def same_level_line(diff: PolicyDiffData) -> str:
    return (f"Same level, other changes: matched rules changed for {diff.rules_changed_same_level}, "
            f"applied ceilings changed for {diff.caps_changed_same_level}")


def errors_line(diff: PolicyDiffData) -> str:
    errors = diff.errors
    return (f"Not classified (error records, counted apart): {errors['both']} under both policies, "
            f"{errors['base_only']} under base only, {errors['head_only']} under head only")


def _where(file: str | None, line: int) -> str:
    return f"{file}:{line}" if file else f"line {line}"


def _matrix_rows(diff: PolicyDiffData, cell: Callable[[int, int, int], str]) -> list[list[str]]:
    return [[str(b)] + [cell(b, h, diff.matrix.get((b, h), 0)) for h in diff.levels] for b in diff.levels]


def write_text(diff: PolicyDiffData, specs: tuple[str, str], out: TextIO) -> None:
    out.write(f"base: {policy_label(specs[0], diff.base)}\n")
    out.write(f"head: {policy_label(specs[1], diff.head)}\n")
    out.write(headline(diff) + "\n\n")
    out.write("Level transitions (rows: level under base, columns: level under head)\n")
    header = ["base\\head"] + [str(h) for h in diff.levels]
    rows = [header] + _matrix_rows(diff, lambda b, h, n: str(n) if n else ZERO)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        out.write("  " + "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + "\n")
    out.write("\n" + same_level_line(diff) + "\n" + errors_line(diff) + "\n")
    if diff.changes:
        out.write(f"\nLevel changed ({len(diff.changes)}):\n")
        for change in diff.changes:
            out.write(f"  {change.id}  {_where(change.file, change.line)}  "
                      f"Level {change.base_level} -> {change.head_level}  "
                      f"base: {change.base_decided_by}  head: {change.head_decided_by}\n")


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_markdown(diff: PolicyDiffData, specs: tuple[str, str], out: TextIO) -> None:
    out.write("### sevtriage policy diff\n\n")
    out.write(f"- **base**: `{specs[0]}` {_md(policy_label('', diff.base).strip())}\n")
    out.write(f"- **head**: `{specs[1]}` {_md(policy_label('', diff.head).strip())}\n\n")
    out.write(f"**{headline(diff)}**\n\n")
    out.write("| base \\ head | " + " | ".join(f"Level {h}" for h in diff.levels) + " |\n")
    out.write("|---|" + "---:|" * len(diff.levels) + "\n")
    def cell(b: int, h: int, n: int) -> str:
        return f"**{n}**" if n and b != h else str(n)

    for row in _matrix_rows(diff, cell):
        out.write(f"| **Level {row[0]}** | " + " | ".join(row[1:]) + " |\n")
    out.write(f"\n{same_level_line(diff)}.  \n{errors_line(diff)}.\n")
    if diff.changes:
        out.write(f"\n<details><summary>{counted(len(diff.changes), 'ticket')} changed level</summary>\n\n")
        out.write("| ticket | where | base | head | decided by (base) | decided by (head) |\n")
        out.write("|---|---|---:|---:|---|---|\n")
        for change in diff.changes:
            out.write(f"| `{_md(change.id)}` | {_md(_where(change.file, change.line))} | "
                      f"{change.base_level} | {change.head_level} | "
                      f"{_md(change.base_decided_by)} | {_md(change.head_decided_by)} |\n")
        out.write("\n</details>\n")


def write_json(diff: PolicyDiffData, specs: tuple[str, str], out: TextIO) -> None:
    document = diff.as_json()
    document["base"]["spec"], document["head"]["spec"] = specs
    out.write(dumps_document(document))

