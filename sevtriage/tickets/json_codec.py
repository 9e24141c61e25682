"""The one JSON codec: tickets in, results and reports out.

Every reader of tickets and every writer of results, reports and messages goes
through here: ``decode_json`` / ``loads`` to read (``decode_prefix`` for one
element of a long array at a time), ``jsonl_line`` for one
compact record, ``dumps_document`` for an indented document, ``dumps_inline``
for a value quoted in a message. (The engine's own wire format, canonical
sorted JSON for its definitions and the policy hash, is not output and stays
with them.)

JSON in and out of a batch: orjson, with the strictness of the stdlib reader kept.

Measured on the benchmark's tickets (1-2 KB each), parsing and writing with
orjson instead of ``json`` took ~25 µs off each ticket, a third of the
in-process time per ticket once validation had its fast path
(docs/performance.md). The rules kept from the stdlib reader: ``NaN`` and
``Infinity`` are not JSON, nesting too deep is an error (orjson stops at
1,024 levels, where ``json`` hits the recursion limit), duplicate keys keep
the last value. orjson is stricter in one useful way: a lone UTF-16 surrogate
(``"\\ud800"``) is rejected, so no string that cannot be written back as
UTF-8 ever reaches the output.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from sevtriage.tickets.errors import TicketError


def decode_json(raw: bytes) -> Any:
    """Strict JSON from UTF-8 bytes; TicketError with a code on any failure."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise decode_error(raw, exc) from None


def is_incomplete(raw: bytes) -> bool:
    """Whether ``raw`` is the start of JSON that goes on past its end (``{"id": "T-1",``)."""
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return exc.msg == "unexpected end of data"
    return False


def decode_error(raw: bytes, exc: orjson.JSONDecodeError, first_line: int = 1) -> TicketError:
    """The error record's code and message for JSON that orjson refused; ``raw`` starts on ``first_line``."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        return TicketError("invalid_utf8", f"not UTF-8: {bad.reason} at byte {bad.start}")
    if "depth limit" in exc.msg or "recursion" in exc.msg.lower():
        return TicketError("invalid_json", "JSON nested too deeply")
    line = exc.lineno + first_line - 1
    where = f"line {line}, column {exc.colno}" if line > 1 else f"column {exc.colno}"
    return TicketError("invalid_json", f"not valid JSON: {exc.msg} at {where}")


def jsonl_line(record: dict[str, Any]) -> str:
    """One compact JSON Lines record, byte for byte what the ``jsonl`` formatter writes."""
    return orjson.dumps(record).decode("utf-8") + "\n"


def loads(text: str | bytes) -> Any:
    """JSON this program wrote itself (a rendered record): no error handling needed."""
    return orjson.loads(text)


def dumps_document(value: Any) -> str:
    """An indented JSON document (2 spaces), non-ASCII kept, ending in a newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def dumps_inline(value: Any, *, ascii_only: bool = False) -> str:
    """A value quoted inside a line of text (``{"id": "T", "x": 1}``)."""
    return json.dumps(value, ensure_ascii=ascii_only)


def _not_json(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


_PREFIX_DECODER = json.JSONDecoder(parse_constant=_not_json)


def decode_prefix(text: str, position: int) -> tuple[Any, int]:
    """The JSON value that starts at ``position`` in ``text``, and the index just after it.

    For reading a long JSON array one element at a time (``sevtriage report``):
    orjson decodes whole documents only. Same strictness as ``decode_json``
    for NaN and Infinity; ``json.JSONDecodeError`` when the value is broken
    or goes on past the end of ``text``.
    """
    value, end = _PREFIX_DECODER.raw_decode(text, position)
    return value, end


def encoded_size(value: Any) -> int:
    """Bytes of ``value`` as compact JSON: a ticket's size, wherever it was read from."""
    return len(orjson.dumps(value))
