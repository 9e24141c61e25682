"""Output formats of ``sevtriage test``, one small module each, in a registry.

Every reporter has one function, ``write(report, out, verbose)``, that receives the
whole run as ``data.RunReport`` (built by ``regression.run_report.report``): text
for people, one JSON document for programs, and JUnit XML (``--junit``) for CI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from sevtriage.output.runs import json_report, junit, text
from sevtriage.output.runs.data import RunReport

RunReporter = Callable[[RunReport, TextIO, bool], None]

RUN_REPORTERS: dict[str, RunReporter] = {
    "text": text.write,
    "json": json_report.write,
    "junit": junit.write,
}
