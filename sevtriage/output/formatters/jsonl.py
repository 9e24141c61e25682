"""JSON Lines: one compact record per line, the default for scripts and pipelines."""

from __future__ import annotations

import json
from typing import Any, TextIO


class JsonLinesFormatter:
    def __init__(self, out: TextIO):
        self.out = out

    def write(self, record: dict[str, Any]) -> None:
        self.out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self) -> None:
        pass
