"""GitHub Actions workflow commands: each finding becomes an annotation on the file.

``::error file=F,line=L,col=C,title=ID::message``; info becomes ``notice``.
Values are escaped as the runner expects (``%``, CR, LF; and ``:``, ``,`` in
properties), and the witness follows the message on its own line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from sevtriage.problems import ERROR, INFO, WARNING, CheckInfo, PolicyReport
from sevtriage.tickets.json_codec import dumps_inline

COMMANDS = {ERROR: "error", WARNING: "warning", INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write(reports: Sequence[PolicyReport], out: TextIO, checks: Sequence[CheckInfo]) -> None:
    for report in reports:
        for p in report.problems:
            message = p.message
            if p.witness is not None:
                message += "\nwitness: " + dumps_inline(p.witness)
            out.write(f"::{COMMANDS[p.level]} file={escape_property(p.file)},line={p.line},col={p.column},"
                      f"title={escape_property(p.check_id)}::{escape_data(message)}\n")
