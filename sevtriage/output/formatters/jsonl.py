"""JSON Lines: one compact record per line, the default for scripts and pipelines."""

from __future__ import annotations

from typing import Any, TextIO

from sevtriage.tickets.json_codec import jsonl_line


class JsonLinesFormatter:
    def __init__(self, out: TextIO):
        self.out = out

    def write(self, record: dict[str, Any]) -> None:
        self.out.write(jsonl_line(record))

    def close(self) -> None:
        pass
