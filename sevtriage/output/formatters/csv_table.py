"""CSV results for spreadsheets: one row per result, fixed columns, errors in place.

The columns (``COLUMNS``) never change order; a column added later goes at
the end. Lists of ids (``matched_rules``, ``applied_caps``) are joined with
``;``; ``notes`` and ``warnings`` (sentences that contain ``;`` themselves)
one per line inside their cell. ``clock`` (added after the error columns) names the clock
``respond_by`` was counted on, for policies with calendars (empty otherwise).
An error row fills ``id``, ``file``,
``line``, ``item`` and the ``error_*`` columns and leaves the others empty.

Written for Excel, LibreOffice and Google Sheets alike: RFC 4180 (``,``,
CRLF line ends, ``"`` quoting), UTF-8 with a byte order mark (without it Excel
reads UTF-8 as the local code page and garbles accents), and a text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written
with a leading ``'`` so that no spreadsheet runs it as a formula (ticket ids
and messages come from outside).
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

COLUMNS = ("id", "severity", "level_name", "response_target", "respond_by", "basis", "declared_severity",
           "matched_rules", "applied_caps", "notes", "warnings", "policy_name", "policy_version",
           "policy_hash", "file", "line", "item", "error_code", "error_message", "error_path", "clock")
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def row(record: dict[str, Any]) -> list[str]:
    """The cells of one result or error record, in ``COLUMNS`` order."""
    values: dict[str, Any] = {"id": record.get("id"), "file": record.get("file"), "item": record.get("item")}
    if "error" in record:
        error = record["error"]
        values.update(line=record.get("line"), error_code=error.get("code"), error_message=error.get("message"),
                      error_path=error.get("path"))
    else:
        policy = record.get("policy") or {}
        values.update({name: record.get(name) for name in ("severity", "level_name", "response_target",
                                                           "respond_by", "clock", "basis", "declared_severity")})
        values.update(matched_rules=";".join(record.get("matched_rules", [])),
                      applied_caps=";".join(record.get("applied_caps", [])),
                      notes="\n".join(record.get("notes", [])), warnings="\n".join(record.get("warnings", [])),
                      policy_name=policy.get("name"), policy_version=policy.get("version"),
                      policy_hash=policy.get("hash"))
    return [_cell(values.get(name)) for name in COLUMNS]


class CsvFormatter:
    def __init__(self, out: TextIO):
        self.out = out
        self.writer = csv.writer(out, lineterminator="\r\n")
        self.started = False

    def _start(self) -> None:
        if not self.started:
            self.out.write(BOM)
            self.writer.writerow(COLUMNS)
            self.started = True

    def write(self, record: dict[str, Any]) -> None:
        self._start()
        self.writer.writerow(row(record))

    def close(self) -> None:
        self._start()  # an empty batch still gets its header
