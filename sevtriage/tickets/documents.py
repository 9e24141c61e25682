"""JSON documents one after another (a JSON array, pretty-printed tickets), read with bounded memory.

The input is never held whole: it is read in blocks, and each top-level value
(or each element of a top-level array) is cut out as raw bytes and handed on
like a line of JSON Lines, for whoever classifies it to decode. Where a value
ends is found by the project's one JSON parser (orjson) on a window of at most
``max_bytes`` plus a few bytes: it parses the value and stops at the first
byte after it ("unexpected content after document"), so the boundaries are
exactly JSON's, at C speed. A value that does not end within the window is
too large: it is skipped by a scanner that only follows brackets and strings,
holding one block at a time.

A broken or too large value does not take the rest of the input with it:

- an element of an array ends where its brackets close (it becomes one
  ``invalid_json`` or ``ticket_too_large`` record, and the next element is read);
- a top-level document ends before the next line that starts with ``{`` or
  ``[`` in its first column (pretty-printers indent everything inside a
  document, and every JSON Lines record starts there), so a truncated line
  followed by valid ones costs that one line, and a 100 MB document is skipped
  at the speed of a text search.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

import orjson

from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.json_codec import decode_error
from sevtriage.tickets.records import InputRecord

BLOCK_BYTES = 256 * 1024
FIRST_WINDOW = 4096
TRAILING_ROOM = 64           # bytes past the limit that let the parser see where a value ends
_NOT_SPACE = re.compile(rb"[^ \t\r\n]")
_NEXT_RECORD_LINE = re.compile(rb"\n[\[{]")
_STRUCTURE = re.compile(rb'["\[\]{}\n,]')
_IN_STRING = re.compile(rb'["\\\n]')
_SPACE = frozenset(b" \t\r\n")
_END_OF_DATA = "unexpected end of data"
_AFTER_VALUE = "unexpected content after document"


def _utf8_whole(chunk: bytes) -> bytes:
    """``chunk`` without a UTF-8 sequence cut at its end (the rest is in the next window)."""
    for back in range(1, min(4, len(chunk)) + 1):
        byte = chunk[-back]
        if byte < 0x80:
            return chunk
        if byte >= 0xC0:
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return chunk if back >= need else chunk[:-back]
    return chunk


def _byte_offset(chunk: bytes, characters: int) -> int:
    """The byte offset of the ``characters``-th character of UTF-8 ``chunk`` (orjson counts characters)."""
    if chunk[:characters].isascii():
        return characters
    text = chunk.decode("utf-8", "surrogateescape")[:characters]
    return len(text.encode("utf-8", "surrogateescape"))


class Documents:
    """The records of JSON documents in ``data`` followed by the rest of ``stream``."""

    def __init__(self, stream: BinaryIO, data: bytes, line: int, name: str | None, max_bytes: int,
                 too_large: TicketError, counter: list[int]):
        self.stream = stream
        self.buf = data
        self.pos = 0
        self.line = line          # the line of ``buf[pos]``
        self.eof = False
        self.consumed = 0
        self.name = name
        self.max_bytes = max_bytes
        self.too_large = too_large
        self.counter = counter    # [bytes read], shared with the caller's statistics
        self.empty_arrays: list[int] = []  # the lines of top-level ``[]``: no record, a note

    # -- the buffer ---------------------------------------------------------------------
    def _fill(self, need: int) -> bool:
        """At least ``need`` bytes after ``pos``, unless the input ends first (then False)."""
        while len(self.buf) - self.pos < need and not self.eof:
            more = self.stream.read(max(BLOCK_BYTES, need - (len(self.buf) - self.pos)))
            self.counter[0] += len(more)
            if not more:
                self.eof = True
                break
            self.buf = self.buf[self.pos:] + more
            self.pos = 0
        return len(self.buf) - self.pos >= need

    def _advance(self, count: int) -> None:
        self.line += self.buf.count(b"\n", self.pos, self.pos + count)
        self.pos += count
        self.consumed += count

    def _next_byte(self) -> int | None:
        """The next byte that is not white space (not consumed), or None at the end."""
        while True:
            match = _NOT_SPACE.search(self.buf, self.pos)
            if match is not None:
                self._advance(match.start() - self.pos)
                return self.buf[self.pos]
            self._advance(len(self.buf) - self.pos)
            if not self._fill(1):
                return None

    # -- one value ------------------------------------------------------------------------
    def _value(self) -> tuple[str, bytes, TicketError | None]:
        """Cut out the value at ``pos``: ("ok", raw), ("large", ...), ("broken", ..., error).

        "ok" consumes the value; the others leave ``pos`` at its start.
        """
        cap = self.max_bytes + TRAILING_ROOM
        window = min(FIRST_WINDOW, cap)
        while True:
            complete = not self._fill(window)  # the window reaches the end of the input
            chunk = self.buf[self.pos:self.pos + window]
            if not complete:
                chunk = _utf8_whole(chunk)
            try:
                orjson.loads(chunk)
            except orjson.JSONDecodeError as exc:
                if exc.msg == _AFTER_VALUE:
                    end = _byte_offset(chunk, exc.pos)
                    raw = chunk[:end].rstrip()
                    if len(raw) > self.max_bytes:
                        return "large", b"", None
                    self._advance(end)
                    return "ok", raw, None
                if exc.msg != _END_OF_DATA or complete:
                    return "broken", b"", decode_error(chunk, exc, self.line)
            else:
                if complete or window >= cap:
                    raw = chunk.rstrip()
                    if len(raw) > self.max_bytes:
                        return "large", b"", None
                    self._advance(len(chunk))
                    return "ok", raw, None
            if window >= cap:
                return "large", b"", None
            window = min(window * 2, cap)

    def _skip_structure(self) -> None:
        """Move past the value at ``pos`` by following its brackets and strings only."""
        start = self.consumed
        self._follow_structure()
        if self.consumed == start and self._fill(1):
            self._advance(1)  # a stray ']' or '}': step over it

    def _follow_structure(self) -> None:
        depth = 0
        in_string = False
        while True:
            pattern = _IN_STRING if in_string else _STRUCTURE
            match = pattern.search(self.buf, self.pos)
            if match is None:
                self._advance(len(self.buf) - self.pos)
                if not self._fill(1):
                    return
                continue
            char = self.buf[match.start()]
            if in_string:
                if char == 0x5C:  # a backslash escapes the next byte
                    if not self._fill(match.end() - self.pos + 1):
                        self._advance(len(self.buf) - self.pos)
                        return
                    self._advance(match.end() + 1 - self.pos)
                    continue
                in_string = False  # a quote ends the string; a newline breaks it
                self._advance(match.end() - self.pos)
                if depth == 0:
                    return
                continue
            if char == 0x22:
                in_string = True
                self._advance(match.end() - self.pos)
            elif char in b"[{":
                depth += 1
                self._advance(match.end() - self.pos)
            elif char in b"]}":
                if depth == 0:  # the end of the enclosing array: a scalar ended before it
                    self._advance(match.start() - self.pos)
                    return
                depth -= 1
                self._advance(match.end() - self.pos)
                if depth == 0:
                    return
            elif depth == 0:  # a comma or a newline ends a scalar
                self._advance(match.start() - self.pos)
                return
            else:
                self._advance(match.end() - self.pos)

    def _skip_to_next_record_line(self) -> None:
        """Move to the next line that starts with ``{`` or ``[`` (or to the end)."""
        while True:
            match = _NEXT_RECORD_LINE.search(self.buf, self.pos)
            if match is not None:
                self._advance(match.start() + 1 - self.pos)
                return
            keep = 1 if self.buf.endswith(b"\n") else 0  # a newline may start the next match
            self._advance(len(self.buf) - self.pos - keep)
            if not self._fill(keep + 1):
                self._advance(len(self.buf) - self.pos)
                return

    # -- records --------------------------------------------------------------------------
    def records(self) -> Iterator[InputRecord]:
        """One record per top-level document; one per element of a top-level array."""
        while (byte := self._next_byte()) is not None:
            if byte == 0x5B:  # [
                yield from self._array()
                continue
            line = self.line
            kind, raw, error = self._value()
            if kind == "ok":
                yield InputRecord(self.name, line, raw=raw)
            else:
                yield InputRecord(self.name, line, error=error if error is not None else self.too_large)
                self._advance(1)
                self._skip_to_next_record_line()

    def _array(self) -> Iterator[InputRecord]:
        """The elements of the array at ``pos``, ``line`` = 1-based index."""
        start = self.line
        self._advance(1)
        index = 0
        byte = self._next_byte()
        if byte == 0x5D:  # ]
            self._advance(1)
            self.empty_arrays.append(start)
            return
        while True:
            index += 1
            if byte is None:
                yield InputRecord(self.name, index, error=TicketError(
                    "invalid_json", "not valid JSON: the array ends without ']'"))
                return
            kind, raw, error = self._value()
            if kind == "ok":
                yield InputRecord(self.name, index, raw=raw)
            else:
                yield InputRecord(self.name, index, error=error if error is not None else self.too_large)
                self._skip_structure()
            byte = self._next_byte()
            if byte == 0x2C:  # ,
                self._advance(1)
                byte = self._next_byte()
                if byte == 0x5D:
                    yield InputRecord(self.name, index + 1, error=TicketError(
                        "invalid_json", "not valid JSON: a comma before ']'"))
                    self._advance(1)
                    return
            elif byte == 0x5D:
                self._advance(1)
                return
            elif byte is not None:  # a missing comma: the next value is reported, then skipped
                index += 1
                yield InputRecord(self.name, index, error=TicketError(
                    "invalid_json", "not valid JSON: expected ',' or ']' before this element"))
                self._skip_structure()
                byte = self._next_byte()
                if byte == 0x2C:
                    self._advance(1)
                    byte = self._next_byte()
                elif byte == 0x5D:
                    self._advance(1)
                    return
