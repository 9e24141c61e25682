"""An aligned table for people: one row per ticket, errors in place.

Columns have fixed widths so the table streams (no second pass over a large
batch); a long id or rule list is shortened with an ellipsis.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

from sevtriage.tickets.textflags import evidence_line
from sevtriage.wording import counted

COLUMNS = (("ID", 20), ("SEV", 3), ("LEVEL", 9), ("TARGET", 6), ("RESPOND BY", 25), ("BASIS", 8))
_CONTROL = dict.fromkeys(range(32), " ")
_FRACTION = re.compile(r"\.\d+")


def _fit(text: str, width: int) -> str:
    text = text.translate(_CONTROL)  # a tab or newline in an id must not break the row
    return text if len(text) <= width else text[: width - 1] + "…"


class TableFormatter:
    def __init__(self, out: TextIO):
        self.out = out
        self.started = False

    def _row(self, cells: list[str], last: str) -> None:
        padded = [_fit(cell, width).ljust(width) for cell, (_, width) in zip(cells, COLUMNS, strict=True)]
        self.out.write("  ".join(padded + [last]).rstrip() + "\n")

    def write(self, record: dict[str, Any]) -> None:
        if not self.started:
            self._row([name for name, _ in COLUMNS], "DECIDED BY / CEILINGS")
            self.started = True
        ticket_id = record.get("id") or "-"
        if "error" in record:
            error = record["error"]
            where = f"{record['file']}:{record['line']}" if record.get("file") else f"line {record['line']}"
            path = f" at {error['path']}" if error.get("path") else ""
            self._row([ticket_id, "-", "ERROR", "-", "-", "-"],
                      f"{error['code']}{path} ({where}): {error['message']}")
            return
        decided = record["matched_rules"][0] if record["matched_rules"] else f"({record['basis']})"
        details = [decided]
        if len(record["matched_rules"]) > 1:
            details.append(f"+{len(record['matched_rules']) - 1} more")
        if record["applied_caps"]:
            details.append("capped by " + ", ".join(record["applied_caps"]))
        if record["warnings"]:
            details.append(counted(len(record["warnings"]), "warning"))
        words = [evidence_line(e) for e in record.get("derived_flags") or () if e.get("decisive")]
        if words:  # the words behind the decision
            details.append(f"Level {record['severity']}: " + ", ".join(words))
        # Shown to the second, so it fits its column; the JSON formats keep the fraction.
        respond_by = _FRACTION.sub("", record["respond_by"] or "-")
        self._row([ticket_id, str(record["severity"]), record["level_name"], record["response_target"],
                   respond_by, record["basis"]], "; ".join(details))

    def close(self) -> None:
        if not self.started:
            self.out.write("(no tickets)\n")
