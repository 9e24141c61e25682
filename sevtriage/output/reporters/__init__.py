"""Output formats of ``sevtriage validate``, one small module each, in a registry.

Every reporter has one function, ``write(reports, out, checks)``, that receives
all findings of all policies at once (SARIF and JSON are single documents) and
the check ids ``validate`` can report (SARIF lists them as the tool's rules).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from sevtriage.output.reporters import github, json_report, sarif, text
from sevtriage.problems import CheckInfo, PolicyReport

Reporter = Callable[[Sequence[PolicyReport], TextIO, Sequence[CheckInfo]], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.write,
    "json": json_report.write,
    "sarif": sarif.write,
    "github": github.write,
}
