"""A fixture run for programs: one JSON document (policy, fixtures, coverage, summary)."""

from __future__ import annotations

from typing import Any, TextIO

from sevtriage.output.runs.data import RunReport
from sevtriage.tickets.json_codec import dumps_document


def document(report: RunReport) -> dict[str, Any]:
    return {"policy": report.policy, "fixtures": [fixture.entry for fixture in report.fixtures],
            "coverage": report.coverage, "summary": report.summary}


def write(report: RunReport, out: TextIO, verbose: bool = False) -> None:
    """``verbose`` changes nothing: the document always holds every fixture."""
    out.write(dumps_document(document(report)))
