"""Read tickets from a file or stream: one JSON ticket, a JSON array, or JSON Lines.

Every input record yields exactly one ``InputRecord``, in order, whatever it
holds: a line that is not UTF-8, not JSON, nested too deeply or longer than the
size limit becomes a record carrying its error, so the classifier can put an
error record in its place. JSON Lines are read with bounded memory (an
overlong line is skipped in chunks, never held whole); a leading UTF-8 BOM
and CRLF line ends are accepted; blank lines are skipped and counted.

After the first line, JSON Lines are read in blocks of whole lines
(``LineBlock``) that whoever classifies them splits into records: with
``--jobs``, the reading process then does no work per ticket at all, and
that is what lets two workers run at nearly twice the speed of one.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.json_codec import decode_json, encoded_size, is_incomplete
from sevtriage.tickets.records import InputRecord

__all__ = ["DEFAULT_MAX_TICKET_BYTES", "ReadStats", "decode_json", "read_records", "read_tickets"]

DEFAULT_MAX_TICKET_BYTES = 1024 * 1024
_SKIP_CHUNK = 1024 * 1024
BLOCK_BYTES = 256 * 1024
BOM = b"\xef\xbb\xbf"


@dataclass
class ReadStats:
    """What the reader saw besides tickets, for the end-of-run summary."""

    blank_lines: int = 0
    bytes_read: int = 0


def _too_large(max_bytes: int) -> TicketError:
    return TicketError("ticket_too_large", f"the ticket is longer than {max_bytes} bytes (--max-ticket-bytes)")


@dataclass
class LineBlock:
    """Whole JSON Lines of one input (``data`` ends with a newline), not yet split."""

    file: str | None
    first_line: int
    data: bytes
    max_bytes: int

    @property
    def lines(self) -> int:
        return self.data.count(b"\n")

    def records(self, stats: ReadStats) -> Iterator[InputRecord]:
        """One record per non-blank line, exactly as the line reader would give them."""
        number = self.first_line
        for raw in self.data.split(b"\n")[:-1]:
            raw = raw.rstrip(b"\r\n")
            if len(raw) > self.max_bytes:
                yield InputRecord(self.file, number, error=_too_large(self.max_bytes))
            elif not raw.strip():
                stats.blank_lines += 1
            else:
                yield InputRecord(self.file, number, raw=raw)
            number += 1


def expand(items: list[InputRecord | LineBlock], stats: ReadStats) -> list[InputRecord]:
    """Records of a mix of records and blocks, in order."""
    out: list[InputRecord] = []
    for item in items:
        if isinstance(item, LineBlock):
            out.extend(item.records(stats))
        else:
            out.append(item)
    return out


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
    stats = stats if stats is not None else ReadStats()
    for item in read_records(stream, name, max_bytes, stats):
        for record in expand([item], stats):
            yield record.decoded()


def read_records(stream: BinaryIO, name: str | None, max_bytes: int = DEFAULT_MAX_TICKET_BYTES,
                 stats: ReadStats | None = None) -> Iterator[InputRecord | LineBlock]:
    """The records of one input, in order, JSON Lines left undecoded (``raw``, ``LineBlock``).

    Decoding and splitting are left to whoever classifies the records, so that
    with ``--jobs`` the worker processes do them and the reading process only
    reads.
    The first line decides the form: JSON that ends before the line does (``[``,
    ``{``, ``{"id": "T-1",``) starts one document spread over lines (a JSON array
    or a pretty-printed ticket); a one-line array alone in the input is a
    document too; anything else, broken or not, is JSON Lines.
    """
    stats = stats if stats is not None else ReadStats()
    if _starts_an_array(stream):
        # One JSON array, compact or pretty, is read whole whatever its length: the size
        # limit is for each ticket (element), not for the line the array is written on.
        data = stream.read()
        stats.bytes_read += len(data)
        try:
            document = decode_json(data[len(BOM):] if data.startswith(BOM) else data)
        except TicketError:
            stream = io.BytesIO(data)  # not one array: JSON Lines whose lines are arrays, or broken
        else:
            yield from _document_records(document, name, 1, max_bytes)
            return
    lines = _Lines(stream, max_bytes, stats)
    too_large = _too_large(max_bytes)
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
        yield from _whole_document(raw, stream, name, number, stats, max_bytes)
        return
    elif raw.lstrip().startswith(b"[") and _only_blank_lines_left(lines, stats):
        yield from _array_elements(raw, name, number, max_bytes)
        return
    else:
        yield InputRecord(name, number, raw=raw)
    yield from _json_lines(lines, name, too_large, stats)


def _json_lines(lines: _Lines, name: str | None, too_large: TicketError,
                stats: ReadStats) -> Iterator[InputRecord | LineBlock]:
    """The lines after the first: a pushed-back line, then blocks of whole lines."""
    if lines.pushed is not None:
        number, raw = lines.pushed
        lines.pushed = None
        if raw is None:
            yield InputRecord(name, number, error=too_large)
        else:
            yield InputRecord(name, number, raw=raw)  # pushed back because it is not blank
    number = lines.number + 1
    stream, limit = lines.stream, lines.max_bytes
    carry = b""
    while True:
        data = stream.read(BLOCK_BYTES)
        stats.bytes_read += len(data)
        if not data:
            if carry:
                yield LineBlock(name, number, carry + b"\n", limit)
            return
        data = carry + data if carry else data
        end = data.rfind(b"\n")
        if end >= 0:
            block, carry = data[:end + 1], data[end + 1:]
            yield LineBlock(name, number, block, limit)
            number += block.count(b"\n")
        else:
            carry = data
        if len(carry) > limit + 2:  # a line too long to hold: report it, skip to its end
            yield InputRecord(name, number, error=too_large)
            number += 1
            carry = _skip_line(stream, carry, stats)


def _skip_line(stream: BinaryIO, seen: bytes, stats: ReadStats) -> bytes:
    """Read past the end of the current line; the bytes after its newline."""
    while True:
        end = seen.find(b"\n")
        if end >= 0:
            return seen[end + 1:]
        seen = stream.read(_SKIP_CHUNK)
        stats.bytes_read += len(seen)
        if not seen:
            return b""


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


def _starts_an_array(stream: BinaryIO) -> bool:
    """Whether the first character (after a BOM and white space) is ``[``, without consuming it."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return False
    head = peek(256)[:256]
    head = head[len(BOM):] if head.startswith(BOM) else head
    return bool(head.lstrip().startswith(b"["))


def _array_elements(raw: bytes, name: str | None, number: int, max_bytes: int) -> Iterator[InputRecord]:
    try:
        document = decode_json(raw)
    except TicketError as error:
        yield InputRecord(name, number, error=error)
        return
    yield from _document_records(document, name, number, max_bytes)


def _whole_document(first: bytes, stream: BinaryIO, name: str | None, number: int,
                    stats: ReadStats, max_bytes: int) -> Iterator[InputRecord]:
    """A JSON array or one ticket spread over lines: read whole (it is one document)."""
    rest = stream.read()
    stats.bytes_read += len(rest)
    try:
        document = decode_json(first + b"\n" + rest)
    except TicketError as error:
        yield InputRecord(name, number, error=error)
        return
    yield from _document_records(document, name, number, max_bytes)


def _document_records(document: object, name: str | None, number: int,
                      max_bytes: int) -> Iterator[InputRecord]:
    """A JSON array: one record per element (``line`` = 1-based index); else one ticket.

    A ticket larger than ``max_bytes`` (as compact JSON) is an error record, as a
    long line of JSON Lines is.
    """
    tickets = enumerate(document, start=1) if isinstance(document, list) else [(number, document)]
    for index, ticket in tickets:
        if encoded_size(ticket) > max_bytes:
            yield InputRecord(name, index, ticket=ticket, error=_too_large(max_bytes))
        else:
            yield InputRecord(name, index, ticket=ticket)
