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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, cast

from sevtriage.tickets.documents import Documents
from sevtriage.tickets.encodings import looks_like_utf16_or_32, utf8_stream
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.json_codec import decode_json, is_incomplete
from sevtriage.tickets.records import InputRecord

if TYPE_CHECKING:
    from sevtriage.tickets.file_ranges import FileRange

__all__ = ["DEFAULT_MAX_TICKET_BYTES", "ReadStats", "decode_json", "read_records", "read_tickets"]

DEFAULT_MAX_TICKET_BYTES = 1024 * 1024
MAX_TICKET_BYTES_LIMIT = 1024 * 1024 * 1024  # --max-ticket-bytes at most 1 GiB: one ticket is held whole
_SKIP_CHUNK = 1024 * 1024
BLOCK_BYTES = 256 * 1024
BOM = b"\xef\xbb\xbf"


@dataclass
class ReadStats:
    """What the reader saw besides tickets, for the end-of-run summary."""

    blank_lines: int = 0
    bytes_read: int = 0
    # (file, line) of each payload that holds no ticket: an empty array (``[]``), or a mapping's
    # empty list envelope (``{"tickets": []}``). It gives no record; the commands say so on stderr.
    empty_payloads: list[tuple[str | None, int]] = field(default_factory=list)


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
        for line in self.raw_lines(stats):
            yield InputRecord(line[0], line[1], raw=line[2]) if isinstance(line, tuple) else line

    def raw_lines(self, stats: ReadStats) -> Iterator[tuple[str | None, int, bytes] | InputRecord]:
        """``records``, with each line to decode as a (file, line number, bytes) tuple
        instead of a record: a worker classifying a block makes no object per line."""
        number = self.first_line
        file, limit = self.file, self.max_bytes
        for raw in self.data.split(b"\n")[:-1]:
            if raw[-1:] == b"\r":
                raw = raw.rstrip(b"\r")
            if len(raw) > limit:
                yield InputRecord(file, number, error=_too_large(limit))
            elif raw[:1] == b"{" or raw.strip():  # "{": not blank, without copying the line to see
                yield file, number, raw
            else:
                stats.blank_lines += 1
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

    def first(self) -> tuple[int, bytes, bool] | None:
        """The first line that is not blank: (number, bytes, whether it is longer than a ticket).

        A long line is not skipped: its first ``max_bytes + 2`` bytes are returned,
        for the caller to decide (``skip_rest``) or to read on.
        """
        while raw := self.stream.readline(self.max_bytes + 2):
            self.number += 1
            self.stats.bytes_read += len(raw)
            body = raw.rstrip(b"\r\n")
            if len(body) > self.max_bytes:
                return self.number, raw, True
            if body.strip():
                return self.number, body, False
            self.stats.blank_lines += 1
        return None

    def skip_rest(self, raw: bytes) -> None:
        """Read past the end of the line that ``raw`` began."""
        while raw and not raw.endswith(b"\n"):
            raw = self.stream.readline(_SKIP_CHUNK)
            self.stats.bytes_read += len(raw)

    def next(self) -> tuple[int, bytes | None] | None:
        if self.pushed is not None:
            item, self.pushed = self.pushed, None
            return item
        raw = self.stream.readline(self.max_bytes + 2)
        if not raw:
            return None
        self.number += 1
        self.stats.bytes_read += len(raw)
        if len(raw.rstrip(b"\r\n")) > self.max_bytes:
            self.skip_rest(raw)
            return self.number, None
        return self.number, raw.rstrip(b"\r\n")


def read_tickets(stream: BinaryIO, name: str | None, max_bytes: int = DEFAULT_MAX_TICKET_BYTES,
                 stats: ReadStats | None = None) -> Iterator[InputRecord]:
    """The records of one input, in order, decoded; ``name`` is echoed in error records."""
    stats = stats if stats is not None else ReadStats()
    for item in read_records(stream, name, max_bytes, stats):
        for record in expand([item], stats):
            yield record.decoded()


JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
# What reads JSON Lines from a stream's position on, instead of blocks, when it can:
# (stream, first line's number, stats) -> items, or None to leave it to the blocks.
# ``file_ranges`` hands out byte ranges of a regular file this way.
BodySplitter = Callable[[BinaryIO, int, ReadStats], "Iterator[FileRange] | None"]


def read_records(stream: BinaryIO, name: str | None, max_bytes: int = DEFAULT_MAX_TICKET_BYTES,
                 stats: ReadStats | None = None) -> Iterator[InputRecord | LineBlock]:
    """The records of one input, in order, left undecoded (``raw``, ``LineBlock``).

    Decoding and splitting are left to whoever classifies the records, so that
    with ``--jobs`` the worker processes do them and the reading process only
    reads. How the shape is recognised (docs/batch.md, "Input shapes"):

    - a file named ``*.jsonl`` or ``*.ndjson`` is JSON Lines, whatever it holds;
    - otherwise the first line that is not blank decides: a first line that is
      complete JSON is the first record of JSON Lines, unless it is an array
      with nothing after it (one JSON array); a first line that is JSON going on
      past its end (``[``, ``{``, ``{"id": "T-1",``), or a first line longer than
      a ticket may be that starts with ``[``, starts JSON documents read one by
      one (an array's elements, pretty-printed tickets one after another:
      ``sevtriage.tickets.documents``); anything else, broken or not, is JSON Lines.

    A UTF-8 byte order mark is skipped first, so it never counts toward a line's size;
    UTF-16 and UTF-32 with a byte order mark are read as UTF-8 (``encodings``).
    """
    return cast(Iterator[InputRecord | LineBlock], read_records_or_ranges(stream, name, max_bytes, stats, None))


def read_records_or_ranges(stream: BinaryIO, name: str | None, max_bytes: int, stats: ReadStats | None,
                           body: BodySplitter | None) -> Iterator[InputRecord | LineBlock | FileRange]:
    """``read_records``, where ``body`` may take over the JSON Lines after the first line
    of an input read as it is (not transcoded): ``FileRange``s for a regular file."""
    stats = stats if stats is not None else ReadStats()
    stream, encoding = utf8_stream(stream)
    if encoding is not None:
        body = None  # the transcoded stream's positions are not the file's
    if encoding is None and looks_like_utf16_or_32(stream):
        while data := stream.read(BLOCK_BYTES):  # one record for the input, never held whole
            stats.bytes_read += len(data)
        yield InputRecord(name, 1, error=TicketError(
            "invalid_utf8", "the input looks like UTF-16 or UTF-32 without a byte order mark: "
                            "save it as UTF-8 (or with a BOM)"))
        return
    _skip_bom(stream, stats)
    lines = _Lines(stream, max_bytes, stats)
    too_large = _too_large(max_bytes)
    if name is not None and name.lower().endswith(JSON_LINES_SUFFIXES):
        yield from _json_lines(lines, name, too_large, stats, body)
        return
    first = lines.first()
    if first is None:
        return
    number, raw, long = first
    if long:
        if raw.lstrip().startswith(b"["):
            yield from _documents(stream, raw, number, name, max_bytes, stats)
            return
        lines.skip_rest(raw)
        yield InputRecord(name, number, error=too_large)
    elif is_incomplete(raw):
        yield from _documents(stream, raw + b"\n", number, name, max_bytes, stats)
        return
    elif raw.lstrip().startswith(b"[") and _only_blank_lines_left(lines, stats):
        yield from _documents(io.BytesIO(), raw, number, name, max_bytes, stats)
        return
    else:
        yield InputRecord(name, number, raw=raw)
    yield from _json_lines(lines, name, too_large, stats, body)


def _skip_bom(stream: BinaryIO, stats: ReadStats) -> None:
    """Consume a UTF-8 byte order mark at the start of ``stream``, if there is one."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        if peek(len(BOM))[:len(BOM)] == BOM:
            stats.bytes_read += len(stream.read(len(BOM)))
        return
    if stream.seekable():
        start = stream.tell()
        if stream.read(len(BOM)) == BOM:
            stats.bytes_read += len(BOM)
        else:
            stream.seek(start)


def _documents(stream: BinaryIO, data: bytes, number: int, name: str | None, max_bytes: int,
               stats: ReadStats) -> Iterator[InputRecord]:
    counter = [0]
    reader = Documents(stream, data, number, name, max_bytes, _too_large(max_bytes), counter)
    for record in reader.records():
        stats.bytes_read += counter[0]
        counter[0] = 0
        yield record
    stats.bytes_read += counter[0]
    stats.empty_payloads.extend((name, line) for line in reader.empty_arrays)


def json_lines_from(stream: BinaryIO, name: str | None, first_line: int, max_bytes: int,
                    stats: ReadStats) -> Iterator[InputRecord | LineBlock]:
    """JSON Lines from ``stream``'s position on, the first numbered ``first_line``, in blocks
    (no ``body``: no ranges)."""
    lines = _Lines(stream, max_bytes, stats)
    lines.number = first_line - 1
    return cast(Iterator[InputRecord | LineBlock], _json_lines(lines, name, _too_large(max_bytes), stats))


def _json_lines(lines: _Lines, name: str | None, too_large: TicketError,
                stats: ReadStats,
                body: BodySplitter | None = None) -> Iterator[InputRecord | LineBlock | FileRange]:
    """The lines after the first: a pushed-back line, then blocks of whole lines (or ``body``'s items)."""
    if lines.pushed is not None:
        number, raw = lines.pushed
        lines.pushed = None
        if raw is None:
            yield InputRecord(name, number, error=too_large)
        else:
            yield InputRecord(name, number, raw=raw)  # pushed back because it is not blank
    number = lines.number + 1
    if body is not None and (parts := body(lines.stream, number, stats)) is not None:
        yield from parts
        return
    stream, limit = lines.stream, lines.max_bytes
    # read1: whatever is there, up to a block, so that a live pipe's lines go on at once
    read = getattr(stream, "read1", stream.read)
    carry = b""
    while True:
        data = read(BLOCK_BYTES)
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
