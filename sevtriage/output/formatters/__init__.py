"""Output formats for classification results, one small module each, in a registry.

A formatter is created on an output stream and receives records one by one as
they are produced, so output streams: nothing waits for the whole batch.
"""

from __future__ import annotations

from typing import Any, Protocol, TextIO

from sevtriage.output.formatters import csv_table, explain_text, json_array, jsonl, table


class Formatter(Protocol):
    def __init__(self, out: TextIO) -> None: ...
    def write(self, record: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


FORMATTERS: dict[str, type[Formatter]] = {
    "jsonl": jsonl.JsonLinesFormatter,
    "json": json_array.JsonArrayFormatter,
    "table": table.TableFormatter,
    "csv": csv_table.CsvFormatter,
}

# ``sevtriage explain``: the same record writers, and the text for people.
EXPLAIN_FORMATTERS: dict[str, type[Formatter]] = {
    "text": explain_text.TextFormatter,
    "json": json_array.JsonArrayFormatter,
    "jsonl": jsonl.JsonLinesFormatter,
}
