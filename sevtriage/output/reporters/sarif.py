"""SARIF 2.1.0, the format code-scanning services read (GitHub code scanning, ...).

Every check id of the registry is a ``rule`` of the tool, so a viewer can show
its summary; the witness travels in the result's ``properties``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any, TextIO
from urllib.parse import quote

from sevtriage import __version__
from sevtriage.problems import ERROR, INFO, WARNING, CheckInfo, PolicyReport, Problem
from sevtriage.tickets.json_codec import dumps_document

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {ERROR: "error", WARNING: "warning", INFO: "note"}


def file_uri(path: str) -> str:
    """A SARIF ``uri`` (RFC 3986) for a problem's file: percent-encoded (a space, a comma, a
    colon in a folder name), relative paths kept relative, absolute ones as ``file://``."""
    if path.startswith("git:"):  # git:REV:PATH is not a location a viewer can open: keep it readable
        return quote(path, safe="/")
    if PurePath(path).is_absolute():
        return Path(path).as_uri()
    return quote(PurePath(path).as_posix(), safe="/")


def _result(problem: Problem) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": problem.check_id,
        "level": LEVELS[problem.level],
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": file_uri(problem.file)},
            "region": {"startLine": problem.line, "startColumn": problem.column},
        }}],
    }
    if problem.witness is not None:
        result["properties"] = {"witness": problem.witness}
    return result


def write(reports: Sequence[PolicyReport], out: TextIO, checks: Sequence[CheckInfo]) -> None:
    rules = [{"id": c.id, "shortDescription": {"text": c.summary},
              "defaultConfiguration": {"level": LEVELS[c.level]}} for c in checks]
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "sevtriage", "version": __version__, "rules": rules}},
            "results": [_result(p) for r in reports for p in r.problems],
        }],
    }
    out.write(dumps_document(document))
