"""``--map`` over JSON Lines, one payload line at a time: the workers' lean path.

``map_records`` is the general path: an ``InputRecord`` made per line to hold
its bytes, generators, ``records_of`` through the mapping, an ``apply_mapping``
per record, and ``decode_json``, which scans the whole payload for runs of 19+
digits (integers orjson may read as floats). On Zendesk's ~2.4 KB payloads that
machinery cost more than mapping itself. ``line_mapper`` does the same for one
line in one call, for the common case only: a payload that decodes, whose
records the mapping's plain ``records`` keys find, and whose every record maps
to a ticket. Anything else (bad JSON, an error record, an envelope of another
shape, a record that is not an object) goes through ``map_records`` itself,
which writes the exact records.

**No scan, when it cannot matter.** Without the scan, orjson reads every value
of a payload exactly, except integers beyond 64 bits, which it makes floats
(the exact reader keeps them integers). Such a number changes what a mapping
makes of a record only by being a value the mapping types (then
``fast_ticket(..., unscanned=True)`` raises ``Unsure``), or by being compared
or computed with. ``safe_unscanned`` admits the mappings whose expressions only
walk the payload: field look-ups, indexes, projections, filters comparing with
a literal, ``||``, ``&&``, ``!``, ``contains`` looking for a literal, and
functions whose answer is the same for such a float as for its integer (an
error for both, "number", the same length); and whose literals are no numbers
of 2**53 or more in size (a float read from a long integer is at least 2**63 in
size, and so is the integer: neither equals such a literal, and they compare
alike with it). One thing more differs: for a payload with such a run the
exact reader (Python's ``json``) fails with "JSON nested too deeply" ~1,000
levels deep, orjson at 1,024. A payload can be nested that deep only if it
holds twice as many bytes outside its strings; ``shallow`` bounds that with the
longest text the mapping took from the payload, and a payload above the bound
is scanned as before. ``tests/tickets/test_mapping_lines.py`` checks that both
paths give the same records.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, cast

import jmespath
import orjson

from sevtriage.contract import STRING
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.inputs import ReadStats
from sevtriage.tickets.json_codec import decode_json, has_long_digit_run
from sevtriage.tickets.mapping.apply import Unsure, fast_ticket, map_records
from sevtriage.tickets.mapping.model import _PLAIN_KEY, Mapping
from sevtriage.tickets.records import InputRecord

Node = dict[str, Any]
LineRecords = Callable[[str | None, int, bytes, ReadStats], list[InputRecord]]
EXACT_LIMIT = 2**53
# Node types whose evaluation only walks the payload or combines truth values.
_WALKING = frozenset({"field", "subexpression", "index_expression", "index", "identity", "current", "pipe",
                      "projection", "filter_projection", "flatten", "or_expression", "and_expression",
                      "not_expression", "multi_select_list", "multi_select_dict", "key_val_pair"})
# Functions whose answer on a long integer is the same as on its float: an error for both, "number",
# the same length, or the value itself. Not sort, max, sum, abs, to_string, ...; not ``contains``
# with a value from the payload to look for (two long integers may be unequal and their floats equal).
_READING_FUNCTIONS = frozenset({"not_null", "type", "length", "join", "starts_with", "ends_with"})
# The exact reader runs in the batch path well within 200 frames of the recursion limit: a payload
# nested less deeply than ``limit - 200`` levels is read by it without "JSON nested too deeply".
STACK_MARGIN = 200


def _small_literal(value: Any) -> bool:
    """A literal that neither a long integer nor its float equals (or compares differently with)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return True
    if isinstance(value, (int, float)):
        return abs(value) < EXACT_LIMIT
    if isinstance(value, list):
        return all(_small_literal(item) for item in value)
    if isinstance(value, dict):
        return all(_small_literal(item) for item in value.values())
    return False


def _reads_only(node: Node) -> bool:
    """Whether an expression's value is the same on both readings of a payload, unless it is a float."""
    kind = node.get("type")
    children = [child for child in node.get("children", []) if isinstance(child, dict)]
    if kind == "literal":
        return _small_literal(node.get("value"))
    if kind == "comparator":  # a long integer, or its float, against a literal: the same answer
        return (len(children) == 2 and any(child["type"] == "literal" for child in children)
                and all(_reads_only(child) for child in children))
    if kind == "function_expression":
        name = node.get("value")
        literal_search = name == "contains" and len(children) == 2 and children[1]["type"] == "literal"
        return (name in _READING_FUNCTIONS or literal_search) and all(_reads_only(child) for child in children)
    return kind in _WALKING and all(_reads_only(child) for child in children)


def safe_unscanned(mapping: Mapping) -> bool:
    """Whether ``mapping`` may map payloads decoded without the long-integer scan (see above)."""
    if mapping.record_keys is None:
        return False
    for expression in (mapping.id, *(rule.expression for rule in mapping.fields)):
        if not expression.compiled or not _reads_only(cast(Node, jmespath.compile(expression.text).parsed)):
            return False
    return True


def line_mapper(mapping: Mapping) -> LineRecords:
    """One JSON Lines payload (file, line number, bytes) to its records, as ``map_records`` gives them."""
    safe = safe_unscanned(mapping)
    make = fast_ticket(mapping, lean=True, unscanned=safe)
    keys = mapping.record_keys
    # Text fields read by one key or a custom-field look-up: each holds a string of the payload as
    # it is (or shorter: HTML made text, or the digits of an integer), never a literal of the
    # mapping; the payload's bytes outside strings are at most its length minus the longest.
    texts = tuple(rule.field for rule in mapping.fields if rule.spec.kind == STRING and rule.table is None
                  and (_PLAIN_KEY.fullmatch(rule.expression.text) or rule.expression.lookup is not None))
    shallow = 2 * (sys.getrecursionlimit() - STACK_MARGIN)  # bytes outside strings to nest that deep
    loads, JSONDecodeError = orjson.loads, orjson.JSONDecodeError

    def general(file: str | None, number: int, raw: bytes, stats: ReadStats) -> list[InputRecord]:
        return list(map_records(mapping, (InputRecord(file, number, raw=raw),), stats))

    def records(file: str | None, number: int, raw: bytes, stats: ReadStats) -> list[InputRecord]:
        try:
            document = loads(raw) if safe else decode_json(raw)
        except (JSONDecodeError, TicketError):
            return general(file, number, raw, stats)
        sources: Any = None
        if keys is not None and type(document) is dict:  # records_of's plain look-ups
            for key in keys:
                found = document if key is None else document.get(key)
                if type(found) is dict:
                    sources = (found,)
                    break
                if type(found) is list:
                    sources = found
                    break
                if found is not None:
                    break
        if sources is None:
            return general(file, number, raw, stats)
        try:
            if len(sources) == 1:
                out = [InputRecord(file, number, make(sources[0], False))]
            else:
                out = [InputRecord(file, number, make(source, False), None, None, index)
                       for index, source in enumerate(sources, start=1)]
        except (TicketError, Unsure):  # an error record to write, or a float: the general path
            return general(file, number, raw, stats)
        if safe and len(raw) >= shallow:  # maybe nested deep enough for the exact reader to fail
            longest = 0
            for record in out:
                ticket = record.ticket
                for name in texts:
                    text = ticket.get(name)
                    if type(text) is str and len(text) > longest:
                        longest = len(text)
            if len(raw) - longest >= shallow and has_long_digit_run(raw):
                return general(file, number, raw, stats)
        if not out:
            stats.empty_payloads.append((file, number))
        return out

    return records
