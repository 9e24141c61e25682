"""One JSON array of records, written as it goes (``[``, records, ``]``)."""

from __future__ import annotations

from typing import Any, TextIO

from sevtriage.tickets.json_codec import dumps_document


class JsonArrayFormatter:
    def __init__(self, out: TextIO):
        self.out = out
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        body = dumps_document(record).rstrip("\n")
        self.out.write(("[\n" if self.count == 0 else ",\n") + _indent(body))
        self.count += 1

    def close(self) -> None:
        self.out.write("\n]\n" if self.count else "[]\n")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())
