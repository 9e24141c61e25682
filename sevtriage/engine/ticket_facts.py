"""One pass from a decoded ticket to its ``PreparedTicket`` and its engine fact.

``prepare_ticket`` validates a ticket (the compiled contract check, then
flattening, then ``created_at`` parsed again) and ``Projection.fact`` then
walks every field the policy reads. Profiled, those passes were a third of a
batch's CPU time. This module does the same work in one walk over the keys
the ticket actually has: each key's contract check, its flattened value and
its engine value come from one table entry built once from the ticket
schema and the policy's projection; ``created_at`` is parsed once, and the
unknown-field warnings are computed only for a ticket that has an unknown
field.

A ticket it vouches for that has no unknown field holds no float that could
have been read from an integer of 19 or more digits (known fields hold strings,
booleans, and integers of the contract's small ranges), so its JSON needs no
scan for such integers (``json_codec.decode_json_unscanned``).

It only ever says "valid, and here is the result": anything it is not sure
of (a wrong type, an unusual value, a schema keyword it does not model) makes
it return None, and the caller runs ``prepare_ticket``, which writes the
exact error record. So a ticket it accepts is one jsonschema accepts, and its
``PreparedTicket`` and fact equal ``prepare_ticket``'s and ``Projection.fact``'s
(tests/test_ticket_facts.py checks both with hypothesis).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sevtriage.contract import INTEGER, readable_fields
from sevtriage.engine.projection import OTHER, Projection
from sevtriage.policy.aliases import normalise_name
from sevtriage.policy.model import Policy
from sevtriage.resources import load_schema
from sevtriage.tickets.contract_check import compile_check
from sevtriage.tickets.prepare import PreparedTicket, is_rfc3339_or_not_string, parse_rfc3339, unknown_field_warnings

# Below 2**53 a float is an integer read exactly: never one of 19+ digits that orjson made a float.
EXACT = 2.0**53
# How a property's value is checked (kinds of ``_Entry``).
BOOL, ENUM, STRING, INTEGER_RANGE, DATE_TIME, OBJECT, OTHER_CHECK = range(7)
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "$comment", "examples"})

Fact = dict[str, Any]
Prepare = Callable[[Any], "tuple[PreparedTicket, Fact] | None"]


class _Entry:
    """One property of the contract: its check, where its value goes in ``values`` and the fact."""

    __slots__ = ("alias_memo", "aliases", "arg", "integral", "key", "kind", "path", "table", "vocab")

    def __init__(self, kind: int, arg: Any, path: str | None):
        self.kind = kind
        self.arg = arg                      # enum members, (min length), (low, high), a check
        self.path = path                    # the dotted name in ``values`` (None: not readable)
        self.integral = False               # an integer field: 2.0 is stored as 2
        self.key: str | None = None         # the engine key of the field's own value
        self.vocab: dict[Any, int] | None = None  # strings and enums: literal -> engine code
        self.aliases: tuple[tuple[str, frozenset[str]], ...] = ()
        # A string's alias keys, remembered: a batch repeats a few technology names many times.
        self.alias_memo: dict[str, tuple[tuple[str, bool], ...]] = {}
        self.table: dict[str, _Entry] = {}  # OBJECT: its properties


def _only(schema: dict[str, Any], *keys: str) -> bool:
    return set(schema) - _ANNOTATIONS <= set(keys)


def _entry(schema: dict[str, Any], path: str, readable: set[str]) -> _Entry:
    """The cheapest exact check for one property's schema (``OTHER_CHECK``: the compiled one)."""
    kind = schema.get("type")
    target = path if path in readable else None
    if kind == "boolean" and _only(schema, "type"):
        return _Entry(BOOL, None, target)
    if "enum" in schema and _only(schema, "enum") and all(isinstance(v, str) for v in schema["enum"]):
        return _Entry(ENUM, frozenset(schema["enum"]), target)
    if kind == "string" and _only(schema, "type", "minLength"):
        return _Entry(STRING, schema.get("minLength", 0), target)
    if kind == "string" and _only(schema, "type", "format") and schema.get("format") == "date-time":
        return _Entry(DATE_TIME, None, target)
    if (kind == "integer" and _only(schema, "type", "minimum", "maximum")
            and all(isinstance(schema.get(k, 0), int) for k in ("minimum", "maximum"))):
        return _Entry(INTEGER_RANGE, (schema.get("minimum"), schema.get("maximum")), target)
    if kind == "object" and _only(schema, "type", "properties"):
        entry = _Entry(OBJECT, None, None)
        entry.table = {name: _entry(sub, f"{path}.{name}", readable)
                       for name, sub in schema.get("properties", {}).items()}
        return entry
    check = compile_check(schema, {"date-time": is_rfc3339_or_not_string})
    if check is None:
        raise LookupError(path)
    return _Entry(OTHER_CHECK, check, target)


def _project(entry: _Entry, projection: Projection) -> None:
    """Attach the engine keys ``projection`` gives the entry's field (and its sub-fields)."""
    for sub in entry.table.values():
        _project(sub, projection)
    name = entry.path
    if name is None:
        return
    entry.integral = readable_fields()[name].kind == INTEGER
    if name in projection.base_keys:
        entry.key = projection.base_keys[name]
        if projection.kinds[name] not in ("boolean", INTEGER):
            entry.vocab = projection.vocab[name]
    entry.aliases = tuple((key, projection.alias_spellings[(field, alias)])
                          for (field, alias), key in projection.alias_keys.items() if field == name)


def _encode(entry: _Entry, value: Any, fact: Fact) -> None:
    """Put ``value``'s engine encoding into ``fact``, as ``Projection.fact`` does for one field.

    ``_walk`` holds a copy of these lines inlined (marked there): it runs for every key of
    every ticket, and a call per key cost more than the copy is worth. This function serves
    the field defaults, built once. tests/engine/test_ticket_facts.py checks that both
    agree with ``Projection.fact`` for every field and literal the policy reads.
    """
    if entry.key is not None:
        fact[entry.key] = value if entry.vocab is None else entry.vocab.get(value, OTHER)
    if entry.aliases:
        fact.update(_alias_keys(entry, value))


def build_ticket_facts(policy: Policy, projection: Projection) -> Prepare | None:
    """The one-pass preparer for ``policy``, or None when the ticket schema is beyond it."""
    schema = load_schema("ticket")
    if not _only(schema, "type", "required", "properties") or schema.get("type") != "object":
        return None
    if tuple(schema.get("required", ())) != ("id",):
        return None
    readable = set(readable_fields())
    try:
        table = {name: _entry(sub, name, readable) for name, sub in schema["properties"].items()}
    except LookupError:
        return None
    if (table.get("id") is None or table["id"].kind != STRING
            or table.get("created_at") is None or table["created_at"].kind != DATE_TIME):
        return None
    root = _Entry(OBJECT, None, None)
    root.table = table
    _project(root, projection)
    defaults = []
    for name, value in policy.field_defaults.items():
        fact: Fact = {}
        entry = _find(root, name)
        if entry is not None:
            _encode(entry, value, fact)
        defaults.append((name, value, tuple(fact.items())))
    return _preparer(table, tuple(defaults))


def _find(root: _Entry, name: str) -> _Entry | None:
    entry: _Entry | None = root
    for part in name.split("."):
        entry = entry.table.get(part) if entry is not None else None
    return entry


def _accepts(entry: _Entry, value: Any) -> bool:
    """The entry's check for the less common kinds; each mirrors jsonschema's rule for its keywords."""
    kind = entry.kind
    if kind == INTEGER_RANGE:
        if type(value) is not int and not (type(value) is float and value.is_integer() and abs(value) < EXACT):
            return False
        low, high = entry.arg
        return (low is None or value >= low) and (high is None or value <= high)
    if kind == DATE_TIME:
        return type(value) is str  # the format: parse_rfc3339 in ``prepare``
    if kind == OTHER_CHECK:  # only values that cannot hold a float read from a long integer
        return type(value) in (str, int, bool) and bool(entry.arg(value))
    return False


def _walk(items: dict[str, Any], entries: dict[str, _Entry], values: dict[str, Any], fact: Fact) -> bool | None:
    """Check and store each key of ``items``; None: not vouched for; True: an unknown key was met."""
    unknown = False
    for name, value in items.items():
        entry = entries.get(name)
        if entry is None:
            unknown = True
            continue
        kind = entry.kind
        if kind == STRING:
            if type(value) is not str or len(value) < entry.arg:
                return None
        elif kind == BOOL:
            if value is not True and value is not False:
                return None
        elif kind == ENUM:
            if type(value) is not str or value not in entry.arg:
                return None
        elif kind == OBJECT:
            if type(value) is not dict:
                return None
            inner = _walk(value, entry.table, values, fact)
            if inner is None:
                return None
            unknown = unknown or inner
            continue
        elif kind == DATE_TIME:
            if type(value) is not str:  # the format: parse_rfc3339 in ``prepare``
                return None
        elif not _accepts(entry, value):
            return None
        path = entry.path
        if path is not None:
            if entry.integral and type(value) is float:
                value = int(value)
            values[path] = value
            # _encode, inlined (the hot path: one call per key; see _encode's docstring)
            if entry.key is not None:
                fact[entry.key] = value if entry.vocab is None else entry.vocab.get(value, OTHER)
            if entry.aliases:
                fact.update(_alias_keys(entry, value))
    return unknown


ALIAS_MEMO_SIZE = 1024


def _alias_keys(entry: _Entry, value: Any) -> tuple[tuple[str, bool], ...]:
    """Each alias key of the entry and whether ``value`` is one of its spellings."""
    known = entry.alias_memo.get(value) if type(value) is str else None
    if known is None:
        spelled = normalise_name(value)
        known = tuple((key, spelled in spellings) for key, spellings in entry.aliases)
        if type(value) is str and len(entry.alias_memo) < ALIAS_MEMO_SIZE:
            entry.alias_memo[value] = known
    return known


def _preparer(table: dict[str, _Entry], defaults: tuple[tuple[str, Any, tuple[tuple[str, Any], ...]], ...]) -> Prepare:
    def prepare(ticket: Any) -> tuple[PreparedTicket, Fact] | None:
        if type(ticket) is not dict:
            return None
        ticket_id = ticket.get("id")
        if type(ticket_id) is not str or not ticket_id:
            return None
        values: dict[str, Any] = {}
        fact: Fact = {}
        unknown = _walk(ticket, table, values, fact)
        if unknown is None:
            return None
        created_text = ticket.get("created_at")
        created: datetime | None = None
        if created_text is not None:
            try:
                created = parse_rfc3339(created_text)  # the format check, and the value kept
            except ValueError:
                return None
        for name, value, encoded in defaults:
            if name not in values:
                values[name] = value
                fact.update(encoded)
        declared = ticket.get("declared_severity")
        prepared = PreparedTicket(
            ticket_id, values, int(declared) if type(declared) is float else declared,
            created, created_text, ticket.get("contact_available"),
            unknown_field_warnings(ticket) if unknown else [])
        return prepared, fact

    return prepare
