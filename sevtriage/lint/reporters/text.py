"""yamllint's format: ``file:line:col: level: message (check-id)``, witness below it.

The witness is printed as one line of compact JSON, ready to paste as a
fixture's ``ticket`` (JSON is valid YAML flow style).
"""

from __future__ import annotations

import json
from typing import TextIO

from sevtriage.lint.run import Report


def write(reports: list[Report], out: TextIO) -> None:
    for report in reports:
        for problem in report.problems:
            out.write(f"{problem}\n")
            if problem.witness is not None:
                out.write(f"    witness: {json.dumps(problem.witness, ensure_ascii=False)}\n")
