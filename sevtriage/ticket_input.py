"""Read tickets from a file or stream: one JSON ticket, a JSON array, or JSON Lines.

Every input record yields exactly one ``InputRecord``, in order, whatever it
holds: a line that is not UTF-8, not JSON, nested too deeply or longer than the
size limit becomes a record carrying its error, so the classifier can put an
error record in its place. JSON Lines are read line by line with bounded
memory (an overlong line is skipped in chunks, never held whole); a leading
UTF-8 BOM and CRLF line ends are accepted; blank lines are skipped and counted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, BinaryIO, Iterator

from sevtriage.engine.classifier import InputRecord
from sevtriage.engine.tickets import TicketError

DEFAULT_MAX_TICKET_BYTES = 1024 * 1024
_SKIP_CHUNK = 1024 * 1024
BOM = b"\xef\xbb\xbf"


@dataclass
class ReadStats:
    """What the reader saw besides tickets, for the end-of-run summary."""

    blank_lines: int = 0


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def decode_json(raw: bytes) -> Any:
    """Strict JSON from UTF-8 bytes; TicketError with a code on any failure."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TicketError("invalid_utf8", f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise TicketError("invalid_json", "JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise TicketError("invalid_json", f"not valid JSON: {exc.msg} at column {exc.colno}") from None
    except ValueError as exc:
        raise TicketError("invalid_json", f"not valid JSON: {exc}") from None


class _Lines:
    """Bounded line reader: yields (line number, bytes or None when too long)."""

    def __init__(self, stream: BinaryIO, max_bytes: int):
        self.stream = stream
        self.max_bytes = max_bytes
        self.number = 0

    def next(self) -> tuple[int, bytes | None] | None:
        raw = self.stream.readline(self.max_bytes + 2)
        if not raw:
            return None
        self.number += 1
        if self.number == 1 and raw.startswith(BOM):
            raw = raw[len(BOM):]
        if len(raw.rstrip(b"\r\n")) > self.max_bytes:
            while raw and not raw.endswith(b"\n"):
                raw = self.stream.readline(_SKIP_CHUNK)
            return self.number, None
        return self.number, raw.rstrip(b"\r\n")


def read_tickets(stream: BinaryIO, name: str | None, max_bytes: int = DEFAULT_MAX_TICKET_BYTES,
                 stats: ReadStats | None = None) -> Iterator[InputRecord]:
    """The records of one input, in order; ``name`` is echoed in error records."""
    stats = stats if stats is not None else ReadStats()
    lines = _Lines(stream, max_bytes)
    too_large = TicketError("ticket_too_large", f"the ticket is longer than {max_bytes} bytes "
                                                "(--max-ticket-bytes)")
    first = lines.next()
    while first is not None and first[1] is not None and not first[1].strip():
        stats.blank_lines += 1
        first = lines.next()
    if first is None:
        return
    number, raw = first
    if raw is None:
        yield InputRecord(name, number, error=too_large)
        yield from _json_lines(lines, name, too_large, stats)
        return
    head = raw.lstrip()
    if head.startswith(b"["):
        yield from _whole_document(raw, stream, name, number, max_bytes)
        return
    try:
        ticket = decode_json(raw)
    except TicketError as error:
        if head.startswith(b"{") and error.code == "invalid_json":
            # Not a line on its own: a pretty-printed ticket spread over lines.
            yield from _whole_document(raw, stream, name, number, max_bytes)
            return
        yield InputRecord(name, number, error=error)
    else:
        yield InputRecord(name, number, ticket=ticket)
    yield from _json_lines(lines, name, too_large, stats)


def _json_lines(lines: _Lines, name: str | None, too_large: TicketError,
                stats: ReadStats) -> Iterator[InputRecord]:
    while (item := lines.next()) is not None:
        number, raw = item
        if raw is None:
            yield InputRecord(name, number, error=too_large)
        elif not raw.strip():
            stats.blank_lines += 1
        else:
            try:
                yield InputRecord(name, number, ticket=decode_json(raw))
            except TicketError as error:
                yield InputRecord(name, number, error=error)


def _whole_document(first: bytes, stream: BinaryIO, name: str | None, number: int,
                    max_bytes: int) -> Iterator[InputRecord]:
    """A JSON array (one record per element, ``line`` = 1-based index) or one ticket."""
    rest = stream.read()
    try:
        document = decode_json(first + b"\n" + rest)
    except TicketError as error:
        yield InputRecord(name, number, error=error)
        return
    if isinstance(document, list):
        for index, ticket in enumerate(document, start=1):
            yield InputRecord(name, index, ticket=ticket)
    else:
        yield InputRecord(name, number, ticket=document)
