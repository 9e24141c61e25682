"""Output formats for classification results, one small module each, in a registry.

A formatter is created on an output stream and receives records one by one as
they are produced, so output streams: nothing waits for the whole batch.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any, Protocol, TextIO


class Formatter(Protocol):
    def __init__(self, out: TextIO) -> None: ...
    def write(self, record: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


class _Registry(Mapping[str, type[Formatter]]):
    """Format name -> formatter class, each module imported when its format is used
    (start-up: ``classify`` writes JSON Lines unless told otherwise)."""

    def __init__(self, places: dict[str, str]):
        self._places = places

    def __getitem__(self, name: str) -> type[Formatter]:
        module, attribute = self._places[name].split(":")
        found: type[Formatter] = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)


FORMATTERS: Mapping[str, type[Formatter]] = _Registry({
    "jsonl": "jsonl:JsonLinesFormatter",
    "json": "json_array:JsonArrayFormatter",
    "table": "table:TableFormatter",
    "csv": "csv_table:CsvFormatter",
})

# ``sevtriage explain``: the same record writers, and the text for people.
EXPLAIN_FORMATTERS: Mapping[str, type[Formatter]] = _Registry({
    "text": "explain_text:TextFormatter",
    "json": "json_array:JsonArrayFormatter",
    "jsonl": "jsonl:JsonLinesFormatter",
})
