"""Output formats of ``sevtriage validate``, one small module each, in a registry.

Every reporter has one function, ``write(reports, out)``, that receives all
findings of all policies at once (SARIF and JSON are single documents).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from sevtriage.lint.reporters import github, json_report, sarif, text
from sevtriage.lint.run import Report

Reporter = Callable[[list[Report], TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.write,
    "json": json_report.write,
    "sarif": sarif.write,
    "github": github.write,
}
