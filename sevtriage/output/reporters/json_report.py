"""One JSON document: every finding with its position, check id and witness, and the counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from sevtriage.problems import ERROR, INFO, WARNING, CheckInfo, PolicyReport, Problem
from sevtriage.tickets.json_codec import dumps_document


def problem_dict(problem: Problem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file": problem.file, "line": problem.line, "column": problem.column, "level": problem.level,
        "check_id": problem.check_id, "message": problem.message, "json_path": problem.json_path,
    }
    if problem.witness is not None:
        out["witness"] = problem.witness
    return out


def write(reports: Sequence[PolicyReport], out: TextIO, checks: Sequence[CheckInfo]) -> None:
    counts = Counter(p.level for r in reports for p in r.problems)
    document = {
        "policies": [{"path": r.path, "readable": not r.unreadable,
                      "problems": [problem_dict(p) for p in r.problems]} for r in reports],
        "counts": {level: counts.get(level, 0) for level in (ERROR, WARNING, INFO)},
    }
    out.write(dumps_document(document))
