"""The record type every input ticket travels in, and the error record built in its place.

One error-record builder for every command: a record that cannot be classified
keeps its file and line, so the user can find it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.json_codec import decode_json


@dataclass
class InputRecord:
    """One input ticket: decoded JSON, JSON still to decode (``raw``), or the error met reading it."""

    file: str | None
    line: int
    ticket: Any = None
    error: TicketError | None = None
    raw: bytes | None = None
    item: int | None = None  # 1-based position in a payload holding several tickets (a mapping's records)
    text_cells: bool = False  # a CSV row: every value is text, to be typed by the contract
    # A ticket a mapping made for an explanation: (the mapping, its trace: which expression gave
    # each field), so that the explanation can say where the fields it cites come from.
    mapped: Any = None

    def decoded(self) -> InputRecord:
        """The same record with ``raw`` parsed into ``ticket`` (or into ``error``)."""
        if self.raw is None:
            return self
        try:
            return InputRecord(self.file, self.line, ticket=decode_json(self.raw), item=self.item)
        except TicketError as error:
            return InputRecord(self.file, self.line, error=error, item=self.item)


def error_record(record: InputRecord, error: TicketError) -> dict[str, Any]:
    """The contract's error record, in place of a result."""
    ticket = record.ticket
    ticket_id = ticket.get("id") if isinstance(ticket, dict) else None
    out: dict[str, Any] = {
        "id": ticket_id if isinstance(ticket_id, str) and ticket_id else None,
        "line": record.line,
        "error": {"code": error.code, "message": error.message, "path": error.path},
    }
    if record.item is not None:
        out["item"] = record.item
    if record.file is not None:
        out["file"] = record.file
    return out


T = TypeVar("T")


def chunked(items: Iterable[T], size: int, weight: Callable[[T], int] | None = None) -> Iterator[list[T]]:
    """Consecutive groups of ``items`` weighing about ``size`` (each item weighs 1 unless
    ``weight`` says otherwise), in order: the one way records are cut into batches."""
    chunk: list[T] = []
    total = 0
    for item in items:
        chunk.append(item)
        total += weight(item) if weight is not None else 1
        if total >= size:
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk
