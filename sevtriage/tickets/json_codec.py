"""The one JSON codec: tickets in, results and reports out.

Every reader of tickets and every writer of results, reports and messages goes
through here: ``decode_json`` / ``loads`` to read (``decode_prefix`` for one
element of a long array at a time), ``jsonl_line`` for one
compact record (``LineTemplate`` and ``compact`` for the same line written
from parts encoded once), ``dumps_document`` for an indented document, ``dumps_inline``
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
import math
import sys
from typing import Any

import orjson

from sevtriage.tickets.errors import TicketError

# orjson reads integers beyond 64 bits as floats (2**64 -> 1.8446744073709552e+19, 5,000 digits ->
# inf): a run of 19 digits or more sends the ticket to the standard library's reader instead, which
# keeps every integer exact (up to MAX_INTEGER_DIGITS; Python refuses longer ones by default).
# The test is "19 ASCII digits in a row" (a bytes regex's \d): every byte mapped to "0" (a digit) or " ",
# then a substring search. Both run in C over the whole ticket at ~1 ns a byte; the regex
# ``\d{19,}`` tried a match at every digit and cost ~10 µs per KB, 5x orjson's parse itself.
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_LONG_RUN = b"0" * 19


def has_long_digit_run(raw: bytes) -> bool:
    """Whether ``raw`` holds a run of 19 or more ASCII digits (an integer orjson may not keep exact)."""
    return _LONG_RUN in raw.translate(_DIGITS_AS_ZERO)


MAX_INTEGER_DIGITS = 20_000


def decode_json(raw: bytes) -> Any:
    """Strict JSON from UTF-8 bytes; TicketError with a code on any failure.

    Integers are exact at any size (a contract field that needs a small one
    then says so: ``declared_severity`` must be at most 4).
    """
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if "number is infinity" in exc.msg and has_long_digit_run(raw):
            return _exact(raw)  # an integer too long for a double: exact in the stdlib reader
        raise decode_error(raw, exc) from None
    if not has_long_digit_run(raw):
        return value
    return _exact(raw)


def decode_json_unscanned(raw: bytes) -> Any:
    """``decode_json`` without looking for 19+ digit runs: orjson's reading, which is exact
    unless ``has_long_digit_run(raw)`` (then an integer beyond 64 bits may be a float).
    For a caller that can tell from the value that no such number is in it (a ticket the
    one-pass preparer vouches for) and scans only otherwise; the scan is ~5% of a batch."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return decode_json(raw)  # the exact reading, or the exact error


def _exact_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise TicketError("invalid_json", f"not valid JSON for a ticket: an integer of {digits:,} digits "
                                          f"(at most {MAX_INTEGER_DIGITS:,})")
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return int(text)
    finally:
        sys.set_int_max_str_digits(limit)


def _exact(raw: bytes) -> Any:
    """The same document read by the stdlib reader (orjson has already checked everything else)."""
    try:
        return json.loads(raw, parse_int=_exact_int, parse_float=_finite_float, parse_constant=_refuse_constant)
    except RecursionError:
        raise TicketError("invalid_json", "JSON nested too deeply") from None
    except ValueError as exc:  # e.g. a huge float such as 1e400, which orjson refused too
        raise TicketError("invalid_json", f"not valid JSON: {exc}") from None


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number is infinity: {text[:40]}")
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


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


def compact(value: Any) -> str:
    """``value`` as compact JSON, as it appears inside a ``jsonl_line``."""
    return orjson.dumps(value).decode("utf-8")


class LineTemplate:
    """A JSON Lines record with some members left open, the rest encoded once.

    ``parts`` holds the constant text around the open members' values, so that
    ``parts[0] + compact(v0) + parts[1] + ... + compact(vN) + parts[N+1]`` is,
    byte for byte, ``jsonl_line`` of the record with ``v0..vN`` in those members
    (orjson's compact object is ``{`` + ``"key":value`` joined by ``,`` + ``}``).
    Many results share everything but their id and deadline: their lines are
    then written from the same parts, without a dict or a whole encoding each.
    """

    __slots__ = ("open", "parts")

    def __init__(self, record: dict[str, Any], open_members: tuple[str, ...]):
        parts: list[str] = []
        text = "{"
        for index, (key, value) in enumerate(record.items()):
            text += ("," if index else "") + compact(key) + ":"
            if key in open_members:
                parts.append(text)
                text = ""
            else:
                text += compact(value)
        parts.append(text + "}\n")
        self.open = tuple(key for key in record if key in open_members)
        self.parts = tuple(parts)

    def fill(self, *values: Any) -> str:
        """The line with ``values`` in the open members, in record order."""
        parts = self.parts
        return parts[0] + "".join(compact(value) + part for value, part in zip(values, parts[1:], strict=True))


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
