"""yamllint's format: ``file:line:col: level: message (check-id)``, witness below it.

The witness is printed as one line of compact JSON, ready to paste as a
fixture's ``ticket`` (JSON is valid YAML flow style).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from sevtriage.problems import CheckInfo, PolicyReport
from sevtriage.tickets.json_codec import dumps_inline


def write(reports: Sequence[PolicyReport], out: TextIO, checks: Sequence[CheckInfo]) -> None:
    for report in reports:
        for problem in report.problems:
            out.write(f"{problem}\n")
            if problem.witness is not None:
                out.write(f"    witness: {dumps_inline(problem.witness)}\n")
