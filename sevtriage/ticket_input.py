"""Read tickets from a file or stream: one JSON ticket, a JSON array, or JSON Lines.

Every input record yields exactly one ``InputRecord``, in order, whatever it
holds: a line that is not UTF-8, not JSON, nested too deeply or longer than the
size limit becomes a record carrying its error, so the classifier can put an
error record in its place. JSON Lines are read line by line with bounded
memory (an overlong line is skipped in chunks, never held whole); a leading
UTF-8 BOM and CRLF line ends are accepted; blank lines are skipped and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Iterator

from sevtriage.engine.classifier import InputRecord
from sevtriage.engine.tickets import TicketError
from sevtriage.json_codec import decode_json, is_incomplete

__all__ = ["DEFAULT_MAX_TICKET_BYTES", "ReadStats", "decode_json", "read_records", "read_tickets"]

DEFAULT_MAX_TICKET_BYTES = 1024 * 1024
_SKIP_CHUNK = 1024 * 1024
BOM = b"\xef\xbb\xbf"


@dataclass
class ReadStats:
    """What the reader saw besides tickets, for the end-of-run summary."""

    blank_lines: int = 0
    bytes_read: int = 0


class _Lines:
    """Bounded line reader: yields (line number, bytes or None when too long)."""

    def __init__(self, stream: BinaryIO, max_bytes: int, stats: ReadStats):
        self.stream = stream
        self.max_bytes = max_bytes
        self.stats = stats
        self.number = 0
        self.pushed: tuple[int, bytes | None] | None = None

    def push_back(self, item: tuple[int, bytes | None]) -> None:
        self.pushed = item

    def next(self) -> tuple[int, bytes | None] | None:
        if self.pushed is not None:
            item, self.pushed = self.pushed, None
            return item
        raw = self.stream.readline(self.max_bytes + 2)
        if not raw:
            return None
        self.number += 1
        self.stats.bytes_read += len(raw)
        if self.number == 1 and raw.startswith(BOM):
            raw = raw[len(BOM):]
        if len(raw.rstrip(b"\r\n")) > self.max_bytes:
            while raw and not raw.endswith(b"\n"):
                raw = self.stream.readline(_SKIP_CHUNK)
                self.stats.bytes_read += len(raw)
            return self.number, None
        return self.number, raw.rstrip(b"\r\n")


def read_tickets(stream: BinaryIO, name: str | None, max_bytes: int = DEFAULT_MAX_TICKET_BYTES,
                 stats: ReadStats | None = None) -> Iterator[InputRecord]:
    """The records of one input, in order, decoded; ``name`` is echoed in error records."""
    for record in read_records(stream, name, max_bytes, stats):
        yield record.decoded()


def read_records(stream: BinaryIO, name: str | None, max_bytes: int = DEFAULT_MAX_TICKET_BYTES,
                 stats: ReadStats | None = None) -> Iterator[InputRecord]:
    """The records of one input, in order, JSON Lines left undecoded (``raw``).

    Decoding is left to whoever classifies the record, so that with ``--jobs``
    the worker processes parse JSON and the reading process only splits lines.
    The first line decides the form: JSON that ends before the line does (``[``,
    ``{``, ``{"id": "T-1",``) starts one document spread over lines (a JSON array
    or a pretty-printed ticket); a one-line array alone in the input is a
    document too; anything else, broken or not, is JSON Lines.
    """
    stats = stats if stats is not None else ReadStats()
    lines = _Lines(stream, max_bytes, stats)
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
    elif is_incomplete(raw):
        yield from _whole_document(raw, stream, name, number, stats)
        return
    elif raw.lstrip().startswith(b"[") and _only_blank_lines_left(lines, stats):
        yield from _array_elements(raw, name, number)
        return
    else:
        yield InputRecord(name, number, raw=raw)
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
            yield InputRecord(name, number, raw=raw)


def _only_blank_lines_left(lines: _Lines, stats: ReadStats) -> bool:
    """Whether nothing but blank lines follows; if something does, it is pushed back."""
    blanks = 0
    while (item := lines.next()) is not None:
        if item[1] is not None and not item[1].strip():
            blanks += 1
            continue
        lines.push_back(item)
        stats.blank_lines += blanks
        return False
    return True


def _array_elements(raw: bytes, name: str | None, number: int) -> Iterator[InputRecord]:
    try:
        document = decode_json(raw)
    except TicketError as error:
        yield InputRecord(name, number, error=error)
        return
    yield from _document_records(document, name, number)


def _whole_document(first: bytes, stream: BinaryIO, name: str | None, number: int,
                    stats: ReadStats) -> Iterator[InputRecord]:
    """A JSON array or one ticket spread over lines: read whole (it is one document)."""
    rest = stream.read()
    stats.bytes_read += len(rest)
    try:
        document = decode_json(first + b"\n" + rest)
    except TicketError as error:
        yield InputRecord(name, number, error=error)
        return
    yield from _document_records(document, name, number)


def _document_records(document: object, name: str | None, number: int) -> Iterator[InputRecord]:
    """A JSON array: one record per element (``line`` = 1-based index); else one ticket."""
    if isinstance(document, list):
        for index, ticket in enumerate(document, start=1):
            yield InputRecord(name, index, ticket=ticket)
    else:
        yield InputRecord(name, number, ticket=document)
