"""Read result files (JSON Lines, a JSON array, or standard input) one record at a time.

A report may be built over a million results, so nothing here holds a whole
file: JSON Lines are read in blocks of whole lines, and a JSON array (what
``classify --format json`` writes, one pretty-printed record after another)
is decoded element by element from a sliding buffer. Anything that is not a
sevtriage result or error record stops the report with ``file:line`` (exit 2):
a report over the wrong file would show confident numbers about nothing.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO, NamedTuple

from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.json_codec import decode_json, decode_prefix

BLOCK_BYTES = 1024 * 1024
BOM = b"\xef\xbb\xbf"
MAX_RECORD_CHARS = 16 * 1024 * 1024  # no result is this long: the array is broken, stop reading
_WHITESPACE = " \t\r\n"


class NotResultsError(Exception):
    """An input that is not sevtriage results, with where and why."""

    def __init__(self, file: str, line: int, reason: str):
        super().__init__(f"{file}:{line}: {reason}")
        self.file, self.line, self.reason = file, line, reason


class Located(NamedTuple):
    """A record and where it was read (1-based line of its start)."""

    file: str
    line: int
    record: dict[str, Any]


def read_results(names: tuple[str, ...]) -> Iterator[Located]:
    """Every record of every named input in order; ``-`` (or no name) is standard input."""
    for name in names or ("-",):
        if name == "-":
            yield from read_stream(sys.stdin.buffer, "<stdin>")
            continue
        with open(name, "rb") as stream:
            yield from read_stream(stream, name)


def read_stream(stream: BinaryIO, name: str) -> Iterator[Located]:
    """The records of one input: a JSON array when its first non-blank byte is ``[``, else JSON Lines."""
    head = stream.read(BLOCK_BYTES)
    if head.startswith(BOM):
        head = head[len(BOM):]
    stripped = head.lstrip()
    if stripped.startswith(b"["):
        yield from _array(stream, name, head)
    else:
        yield from _json_lines(stream, name, head)


def _json_lines(stream: BinaryIO, name: str, data: bytes) -> Iterator[Located]:
    number, carry = 1, b""
    while data:
        data = carry + data if carry else data
        end = data.rfind(b"\n")
        if end < 0:
            carry = data
        else:
            block, carry = data[:end], data[end + 1:]
            for raw in block.split(b"\n"):
                if raw and not raw.isspace():
                    try:
                        value = decode_json(raw)
                    except TicketError as error:
                        raise _not_json(name, number, error.message) from None
                    yield Located(name, number, _record(value, name, number))
                number += 1
        data = stream.read(BLOCK_BYTES)
    if carry.strip():
        try:
            value = decode_json(carry)
        except TicketError as error:
            raise _not_json(name, number, error.message) from None
        yield Located(name, number, _record(value, name, number))


def _not_json(name: str, number: int, message: str) -> NotResultsError:
    return NotResultsError(name, number, f"{message}; expected sevtriage results (JSON Lines or a JSON array)")


def _array(stream: BinaryIO, name: str, head: bytes) -> Iterator[Located]:
    """Elements of one JSON array, decoded one at a time (json's raw_decode on a window)."""
    utf8 = codecs.getincrementaldecoder("utf-8")()

    def read_more() -> str:
        try:
            return utf8.decode(stream.read(BLOCK_BYTES), final=False)
        except UnicodeDecodeError as exc:
            raise NotResultsError(name, line, f"not UTF-8 text ({exc.reason})") from None

    line = 1
    try:
        text = utf8.decode(head)
    except UnicodeDecodeError as exc:
        raise NotResultsError(name, line, f"not UTF-8 text ({exc.reason})") from None
    position = text.index("[") + 1
    line += text.count("\n", 0, position)
    expect_comma = False
    while True:
        while position < len(text) and text[position] in _WHITESPACE:
            line += text[position] == "\n"
            position += 1
        if position >= len(text):
            more = read_more()
            if not more:
                raise NotResultsError(name, line, "the JSON array is not closed")
            text, position = text[position:] + more, 0
            continue
        char = text[position]
        if char == "]":
            if text[position + 1:].strip() or stream.read(1).strip():
                raise NotResultsError(name, line, "text after the end of the JSON array")
            return
        if expect_comma:
            if char != ",":
                raise NotResultsError(name, line, "not a JSON array of results (expected ',' or ']')")
            position += 1
            expect_comma = False
            continue
        try:
            value, end = decode_prefix(text, position)
        except json.JSONDecodeError as exc:
            more = read_more() if len(text) - position < MAX_RECORD_CHARS else ""
            if not more:
                where = line + text.count("\n", position, exc.pos) if exc.doc is text else line
                raise NotResultsError(name, where, f"not JSON ({exc.msg})") from None
            text, position = text[position:] + more, 0
            continue
        if end == len(text) and not isinstance(value, (dict, list, str)):
            more = read_more()  # a number may go on in the next block
            if more:
                text, position = text[position:] + more, 0
                continue
        yield Located(name, line, _record(value, name, line))
        line += text.count("\n", position, end)
        position, expect_comma = end, True
        if position > BLOCK_BYTES:
            text, position = text[position:], 0


RESULT_FIELDS = {"severity": int, "matched_rules": list, "applied_caps": list, "basis": str, "policy": dict}


def _record(value: Any, name: str, line: int) -> dict[str, Any]:
    """``value`` if it is a result or an error record, else NotResultsError naming what is wrong."""
    if (type(value) is dict and type(value.get("severity")) is int and type(value.get("policy")) is dict
            and type(value.get("matched_rules")) is list and type(value.get("applied_caps")) is list
            and type(value.get("basis")) is str and "error" not in value):
        return value  # the common case, checked in one expression (a million times per report)
    if not isinstance(value, dict):
        raise NotResultsError(name, line, f"a JSON {type(value).__name__}, not a sevtriage result record")
    if "error" in value:
        error = value["error"]
        if not isinstance(error, dict) or not isinstance(error.get("code"), str):
            raise NotResultsError(name, line, 'field "error": an error record needs an object with a "code"')
        return value
    for field, kind in RESULT_FIELDS.items():
        if field not in value:
            reason = (f'not a sevtriage result record: no "{field}" (is this a ticket file? '
                      "classify it first, or pass its results)") if field == "severity" else \
                f'not a sevtriage result record: no "{field}"'
            raise NotResultsError(name, line, reason)
        if not isinstance(value[field], kind) or (kind is int and isinstance(value[field], bool)):
            raise NotResultsError(name, line, f'field "{field}": expected a JSON {_JSON_NAMES[kind]}')
    return value


_JSON_NAMES = {int: "integer", list: "array", str: "string", dict: "object"}
