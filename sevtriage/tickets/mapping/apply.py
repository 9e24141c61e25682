"""Applying a mapping: source records in, contract tickets (or the reason why not) out.

Every failure names what the user must look at: a ``mapping_error`` names the
contract field and the expression that failed on the record; an
``invalid_field`` names the source value and the table it is missing from, or
the type the contract wanted. ``map_records`` keeps the batch rule: one input
record gives one output record per ticket it holds, an error in its place
when it holds none that can be read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from sevtriage.contract import BOOLEAN, ENUM, INTEGER
from sevtriage.tickets.cell_types import typed_cell
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.inputs import ReadStats
from sevtriage.tickets.json_codec import decode_json, dumps_inline
from sevtriage.tickets.mapping.dates import CONTRACT_FORM, RFC3339, DateError, to_rfc3339
from sevtriage.tickets.mapping.expressions import NO_DEFAULT, field_or_literal, is_false
from sevtriage.tickets.mapping.model import _PLAIN_KEY, DATE, FieldRule, Mapping, Step, table_key
from sevtriage.tickets.records import InputRecord
from sevtriage.wording import json_type


def _short(value: Any) -> str:
    text = dumps_inline(value)
    return text if len(text) <= 80 else text[:77] + "..."


def records_of(mapping: Mapping, document: Any) -> list[Any]:
    """The records of ``document``: the first ``records`` expression giving something non-null."""
    if not mapping.records:
        return [document]
    keys = mapping.record_keys
    if keys is not None and isinstance(document, dict):  # [tickets, ticket, "@"]: plain look-ups
        for key in keys:
            found = document if key is None else document.get(key)
            if isinstance(found, list):
                return found
            if isinstance(found, dict):
                return [found]
            if found is not None:
                break  # the general path below says what was found instead
    for expression in mapping.records:
        try:
            found = expression.search(document)
        except Exception as exc:  # JMESPathError, or a bug of jmespath's (TypeError): this record only
            raise TicketError("mapping_error", f"records: the expression `{expression.text}` "
                                              f"failed on this document: {exc}") from None
        if found is None:
            continue
        if isinstance(found, list):
            return found
        if isinstance(found, dict):
            return [found]
        raise TicketError("mapping_error", f"records: the expression `{expression.text}` gave "
                                           f"{json_type(found)}, not an array or an object of tickets")
    tried = ", ".join(f"`{e.text}`" for e in mapping.records)
    raise TicketError("mapping_error", f"records: no expression found tickets in this document (tried {tried})")


def ticket_id(mapping: Mapping, record: Any) -> str:
    """The record's id as the contract's non-empty string (a number is written in digits)."""
    try:
        value = mapping.id.search(record)
    except Exception as exc:  # JMESPathError, or a bug of jmespath's (TypeError): this record only
        raise TicketError("mapping_error", f"id: the expression `{mapping.id.text}` failed on this "
                                           f"record: {exc}", "/id") from None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    if value is None or value == "":
        raise TicketError("missing_id", f"the id expression `{mapping.id.text}` gives nothing for "
                                        "this record", "/id")
    raise TicketError("mapping_error", f"id: the expression `{mapping.id.text}` gave "
                                       f"{json_type(value)} {_short(value)}, not a string or an integer", "/id")


def _invalid(rule: FieldRule, raw: Any, why: str) -> TicketError:
    return TicketError("invalid_field", f"{rule.field}: the source value {_short(raw)} "
                                        f"(from `{rule.expression.text}`) {why}", rule.pointer)


def _typed(rule: FieldRule, mapping: Mapping, raw: Any, text_cells: bool) -> Any:
    """The contract value for one field's raw expression result (None: leave it missing)."""
    spec = rule.spec
    if raw is None:
        return None
    if (raw is True or (raw is False and not rule.false_as_missing)) and spec.kind == BOOLEAN \
            and rule.table is None:  # flags: the common case first
        return raw
    if rule.table is not None:
        if raw == "":
            return None
        key = table_key(raw)
        if key is None or key not in rule.table.values:
            raise _invalid(rule, raw, f"is not in the table {rule.table.name} "
                                      f"(it has {rule.table.describe()})")
        value = rule.table.values[key]
        return None if value is False and rule.false_as_missing else value
    if spec.kind == DATE:
        if raw == "":
            return None
        try:
            return to_rfc3339(raw, mapping.date_formats, mapping.timezone)
        except DateError as exc:
            raise _invalid(rule, raw, f"is not a date this mapping reads "
                                      f"(date_formats: {', '.join(mapping.date_formats)}): {exc}") from None
    if text_cells:
        raw = typed_cell(spec, raw)
    if spec.kind == BOOLEAN:
        if not isinstance(raw, bool):
            raise _invalid(rule, raw, f"is {json_type(raw)}, not a boolean (give the field a table)")
        return None if raw is False and rule.false_as_missing else raw
    if spec.kind == INTEGER:
        if raw == "":
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if not isinstance(raw, int) or isinstance(raw, bool):
            raise _invalid(rule, raw, f"is {json_type(raw)}, not {spec.describe()} (give the field a table)")
        if (spec.minimum is not None and raw < spec.minimum) or (spec.maximum is not None and raw > spec.maximum):
            raise _invalid(rule, raw, f"is not {spec.describe()} (give the field a table)")
        return raw
    if spec.kind == ENUM:
        if raw == "":
            return None
        if not isinstance(raw, str) or raw not in spec.values:
            raise _invalid(rule, raw, f"is not {spec.describe()} (give the field a table)")
        return raw
    if isinstance(raw, str):
        return html_to_text(raw) if rule.strip_html else raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return str(raw)
    raise _invalid(rule, raw, f"is {json_type(raw)}, not a string")


_TAG = re.compile(r"<[^<>]*>")
_SPACE = re.compile(r"\s+")


def html_to_text(text: str) -> str:
    """HTML (or HTML escaped once more, as GLPI stores it) as plain text, for the text detectors."""
    if "&" in text and "<" not in text:
        text = html.unescape(text)  # &#60;p&#62; -> <p>
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()


def apply_mapping(mapping: Mapping, record: Any, text_cells: bool = False,
                  trace: dict[str, Any] | None = None) -> dict[str, Any]:
    """The contract ticket for ``record``; TicketError naming the field when it cannot be made.

    Without ``trace``, each field is filled by its closure (``fillers``), the
    fast path; with it, each field's expression is evaluated and typed in the
    general way, and recorded (``tests/tickets/test_mapping_fillers.py``
    checks that both give the same ticket, or the same error).
    """
    if not isinstance(record, dict):
        raise TicketError("not_an_object", f"a ticket record must be a JSON object, not {json_type(record)}")
    if trace is None:
        return fast_ticket(mapping)(record, text_cells)
    ticket: dict[str, Any] = {"id": ticket_id(mapping, record)}
    mapping.forget()
    trace["id"] = {"expression": mapping.id.text, "value": ticket["id"]}
    symptoms: dict[str, Any] = {}
    for rule in mapping.fields:
        raw = _search(rule.expression.search, rule, record)
        if raw is not None:
            _set(mapping, rule, raw, text_cells, ticket, symptoms, trace)
    if symptoms:
        ticket["symptoms"] = symptoms
    return ticket


def _failed(rule: FieldRule, exc: Exception) -> TicketError:
    return TicketError("mapping_error", f"{rule.field}: the expression `{rule.expression.text}` "
                                        f"failed on this record: {exc}", rule.pointer)


def _search(search: Any, rule: FieldRule, record: Any) -> Any:
    try:
        return search(record)
    except Exception as exc:  # JMESPathError, or a bug of jmespath's (TypeError): this record only
        raise _failed(rule, exc) from None


def _set(mapping: Mapping, rule: FieldRule, raw: Any, text_cells: bool, ticket: dict[str, Any],
         symptoms: dict[str, Any], trace: dict[str, Any] | None) -> None:
    """Type one field's raw value and put it in the ticket (nothing when it is missing)."""
    if raw is None or (raw is False and rule.false_as_missing):
        return
    table = rule.table
    if type(raw) is str and raw and (table is not None or rule.plain_text) and trace is None:
        # the common cases without the general path: a text field, or a string looked up in a table
        if table is None:
            ticket[rule.field] = raw
            return
        if raw in table.values:
            value = table.values[raw]
            if value is not None and not (value is False and rule.false_as_missing):
                if rule.flag is not None:
                    symptoms[rule.flag] = value
                else:
                    ticket[rule.field] = value
            return
    value = _typed(rule, mapping, raw, text_cells)
    if value is None:
        return
    if rule.flag is not None:
        symptoms[rule.flag] = value
    else:
        ticket[rule.field] = value
    if trace is not None:
        step: dict[str, Any] = {"expression": rule.expression.text, "source": raw}
        if rule.table is not None:
            step["table"] = rule.table.name
        trace[rule.field] = step


def _partial_id(mapping: Mapping, record: Any) -> dict[str, Any] | None:
    """``{"id": ...}`` when the id can be read, so an error record still names its ticket."""
    try:
        return {"id": ticket_id(mapping, record)} if isinstance(record, dict) else None
    except TicketError:
        return None


def map_records(mapping: Mapping, records: Iterable[InputRecord],
                stats: ReadStats | None = None, traced: bool = False) -> Iterator[InputRecord]:
    """Source records to contract-ticket records, in order, errors in place.

    A payload whose list envelope is empty (``{"tickets": []}``) holds no
    ticket: it gives no record, and its place goes to ``stats.empty_payloads``
    for the command to say so. ``traced`` (for explanations): each ticket's
    record carries ``mapped``, the mapping and which expression gave each field.
    """
    for record, trace in traced_records(mapping, records, explain=traced, stats=stats):
        if trace is not None:
            record.mapped = (mapping, trace)
        yield record


def traced_records(mapping: Mapping, records: Iterable[InputRecord], explain: bool = True,
                   stats: ReadStats | None = None) -> Iterator[tuple[InputRecord, dict[str, Any] | None]]:
    """``map_records`` with, for each ticket made, which expression gave each field (``explain``)."""
    for record in records:
        if record.error is not None:
            if record.text_cells:  # a CSV row with an unreadable cell: named by the mapping's id if it can
                record = InputRecord(record.file, record.line, _partial_id(mapping, record.ticket), record.error,
                                     None, record.item)
            yield record, None
            continue
        document = record.ticket
        if record.raw is not None:  # as record.decoded(), without making a record to throw away
            try:
                document = decode_json(record.raw)
            except TicketError as error:
                yield InputRecord(record.file, record.line, error=error, item=record.item), None
                continue
        if record.text_cells:
            sources: list[Any] = [document]
        else:
            try:
                sources = records_of(mapping, document)
            except TicketError as error:
                yield InputRecord(record.file, record.line, error=error, item=record.item), None
                continue
        if not sources and stats is not None:
            stats.empty_payloads.append((record.file, record.line))
        several = len(sources) > 1
        for index, source in enumerate(sources, start=1):
            item = index if several else record.item
            trace: dict[str, Any] | None = {} if explain else None
            try:
                ticket = apply_mapping(mapping, source, record.text_cells, trace)
            except TicketError as error:
                yield InputRecord(record.file, record.line, _partial_id(mapping, source), error, None, item), None
            else:
                yield InputRecord(record.file, record.line, ticket, None, None, item), trace


# The fast path of ``apply_mapping``: one closure per step of ``Mapping.plan``, built once per
# mapping, each doing for its field what ``_set`` does, with the common cases (a string kept as
# it is, a string looked up in a table, a date already in the contract's form, tag flags read
# from one list) decided without the general typing; anything else goes to ``_set`` itself.
Fill = Callable[[dict[str, Any], dict[str, Any], dict[str, Any], bool], None]  # (record, ticket, symptoms, text_cells)
MakeTicket = Callable[[dict[str, Any], bool], dict[str, Any]]


Settle = Callable[[Mapping, FieldRule, Any, bool, dict[str, Any], dict[str, Any], None], None]


class Unsure(Exception):
    """The lean path (``fast_ticket(..., lean=True)``) does not map this record: it is not an
    object, or (``unscanned``) a value it would type is a float, which may have been an integer
    of 19+ digits in the JSON. The caller maps it the general way."""


def fast_ticket(mapping: Mapping, lean: bool = False, unscanned: bool = False) -> MakeTicket:
    """The mapping's fast ``apply`` for one record (built on first use, kept on the mapping).

    ``lean``: ``Unsure`` for a record that is not an object (``apply_mapping`` checks that
    first); ``unscanned``, for a record decoded without the long-integer scan: ``Unsure`` for
    a float value too (``lines.py``)."""
    name = "_fast" + ("_lean" if lean else "") + ("_unscanned" if unscanned else "")
    made: MakeTicket | None = mapping.__dict__.get(name)
    if made is None:
        made = _make_ticket(mapping, lean, unscanned)
        object.__setattr__(mapping, name, made)
    return made


def _set_exact(mapping: Mapping, rule: FieldRule, raw: Any, text_cells: bool, ticket: dict[str, Any],
               symptoms: dict[str, Any], trace: None) -> None:
    """``_set`` for a record decoded without the long-integer scan, where a float may stand
    for an integer of 19+ digits (every value the fast cases take is a string)."""
    if type(raw) is float:
        raise Unsure
    _set(mapping, rule, raw, text_cells, ticket, symptoms, trace)


Scan = tuple[str, str, str, dict[Any, tuple[int, ...]], tuple[int, ...]]  # (L, k, v, literal -> slots, all its slots)


def _scans(plan: list[Step]) -> tuple[list[Scan], dict[int, int], int]:
    """The custom-field look-ups of ``plan`` (``Expression.lookup``), grouped by the list, key and
    value they read, so that each list is read once per record: the groups, each look-up step's
    slot (by ``id(step)``), and the number of slots."""
    groups: dict[tuple[str, str, str], list[tuple[Any, int]]] = {}
    slot_of: dict[int, int] = {}
    for step in plan:
        lookup = step.rule.expression.lookup if step.subject is None and step.key is None else None
        if lookup is not None:
            base, name, wanted, constant = lookup
            slot_of[id(step)] = len(slot_of)
            groups.setdefault((base, name, wanted), []).append((constant, slot_of[id(step)]))
    scans: list[Scan] = []
    for (base, name, wanted), members in groups.items():
        slots: dict[Any, tuple[int, ...]] = {}
        for constant, slot in members:
            slots[constant] = (*slots.get(constant, ()), slot)
        scans.append((base, name, wanted, slots, tuple(slot for _, slot in members)))
    return scans, slot_of, len(slot_of)


def _make_ticket(mapping: Mapping, lean: bool = False, unscanned: bool = False) -> MakeTicket:
    scans, slot_of, count = _scans(mapping.plan)
    found: list[Any] = [None] * count  # this record's look-up values (one record at a time)
    settle: Settle = _set_exact if unscanned else _set
    fillers = [_filler(mapping, step, found, slot_of.get(id(step)), settle) for step in mapping.plan]
    forget = mapping.forget
    id_key = mapping.id.text if _PLAIN_KEY.fullmatch(mapping.id.text) else None

    def scan(record: dict[str, Any]) -> None:
        """Each look-up's value: the first object of the list whose key equals the literal and
        whose value is not null, as ``expressions._indexed`` (equal numbers and strings hash
        equally; an unhashable key equals no literal)."""
        for base, name, wanted, slots, own in scans:
            for slot in own:
                found[slot] = None
            items = record.get(base)
            if isinstance(items, list):
                for element in items:
                    if isinstance(element, dict):
                        value = element.get(wanted)
                        if value is not None:
                            try:
                                hit = slots.get(element.get(name))
                            except TypeError:  # a list or an object as the key
                                continue
                            if hit is not None:
                                for slot in hit:
                                    if found[slot] is None:
                                        found[slot] = value

    def make(record: dict[str, Any], text_cells: bool) -> dict[str, Any]:
        if lean and type(record) is not dict:
            raise Unsure
        raw = record.get(id_key) if id_key is not None else None
        if type(raw) is str and raw.strip():
            ticket: dict[str, Any] = {"id": raw}
        elif type(raw) is int:
            ticket = {"id": str(raw)}
        else:  # not a plain key, or not a usable id: the general reading gives the value or the error
            ticket = {"id": ticket_id(mapping, record)}
        forget()
        if scans:
            scan(record)
        symptoms: dict[str, Any] = {}
        for fill in fillers:
            fill(record, ticket, symptoms, text_cells)
        if symptoms:
            ticket["symptoms"] = symptoms
        return ticket
    return make


def _filler(mapping: Mapping, step: Step, found: list[Any], slot: int | None, settle: Settle) -> Fill:
    """One step's closure. Its raw value: ``record.get(key)`` for one key, ``found[slot]`` for a
    look-up (``_make_ticket``'s scan), else the compiled expression."""
    if step.subject is not None:
        return _group_filler(mapping, step, settle)
    rule, key, search = step.rule, step.key, step.search
    name = rule.flag if rule.flag is not None else rule.field
    into_symptoms = rule.flag is not None

    def read(record: dict[str, Any]) -> Any:
        if slot is not None:
            return found[slot]
        try:
            return search(record)
        except Exception as exc:  # JMESPathError, or a bug of jmespath's (TypeError): this record only
            raise _failed(rule, exc) from None

    if rule.plain_text:
        def fill_text(record: dict[str, Any], ticket: dict[str, Any], symptoms: dict[str, Any],
                      text_cells: bool) -> None:
            raw = record.get(key) if key is not None else read(record)
            if raw is None:
                return
            if type(raw) is str and raw:
                (symptoms if into_symptoms else ticket)[name] = raw
                return
            settle(mapping, rule, raw, text_cells, ticket, symptoms, None)
        return fill_text
    table = rule.table
    if table is not None:
        values = table.values
        false_as_missing = rule.false_as_missing

        def fill_table(record: dict[str, Any], ticket: dict[str, Any], symptoms: dict[str, Any],
                       text_cells: bool) -> None:
            raw = record.get(key) if key is not None else read(record)
            if raw is None:
                return
            if type(raw) is str and raw in values and raw:
                value = values[raw]
                if value is not None and not (value is False and false_as_missing):
                    (symptoms if into_symptoms else ticket)[name] = value
                return
            settle(mapping, rule, raw, text_cells, ticket, symptoms, None)
        return fill_table
    if rule.spec.kind == DATE:
        formats, zone = mapping.date_formats, mapping.timezone
        contract_form = CONTRACT_FORM.match if RFC3339 in formats else None
        from_iso = datetime.fromisoformat

        def fill_date(record: dict[str, Any], ticket: dict[str, Any], symptoms: dict[str, Any],
                      text_cells: bool) -> None:
            raw = record.get(key) if key is not None else read(record)
            if raw is None:
                return
            if type(raw) is str and raw and not rule.false_as_missing:
                if contract_form is not None and contract_form(raw):  # to_rfc3339's first case, inlined
                    try:
                        from_iso(raw)
                    except ValueError:
                        pass
                    else:
                        (symptoms if into_symptoms else ticket)[name] = raw
                        return
                try:
                    (symptoms if into_symptoms else ticket)[name] = to_rfc3339(raw, formats, zone)
                    return
                except DateError:
                    pass  # _set says why, naming the field and the formats
            settle(mapping, rule, raw, text_cells, ticket, symptoms, None)
        return fill_date

    def fill(record: dict[str, Any], ticket: dict[str, Any], symptoms: dict[str, Any], text_cells: bool) -> None:
        raw = record.get(key) if key is not None else read(record)
        if raw is not None:
            settle(mapping, rule, raw, text_cells, ticket, symptoms, None)
    return fill


def _group_filler(mapping: Mapping, step: Step, settle: Settle) -> Fill:
    """Tag flags over one list (``contains(tags || `[]`, 'sev_...')``): the list read once."""
    subject = step.subject
    assert subject is not None
    members = [(tag, rule.flag, not rule.false_as_missing) for tag, rule in step.members]
    choices = [(rule, rule.expression.choice[2]) for rule in step.choices]  # type: ignore[index]
    one_by_one = [member for _, member in step.members] + step.choices
    contains = step.rule.expression.contains
    assert contains is not None
    plain = field_or_literal(contains[0])  # ``tags`` or ``tags || `[]```: read without the closures
    key, default = plain if plain is not None else (None, NO_DEFAULT)
    # When no flag is kept false, the listed tags are looked up (tag -> positions in ``members``)
    # rather than every member searched for in the list: only a str equals a tag
    # (tests/tickets/test_mapping_fillers.py checks this path against the general one).
    flags = [flag for _, flag, _ in members]
    by_tag: dict[str, tuple[int, ...]] | None = None
    if not any(keep_false for _, _, keep_false in members):
        by_tag = {}
        for position, (tag, _, _) in enumerate(members):
            by_tag[tag] = (*by_tag.get(tag, ()), position)

    def fill_group(record: dict[str, Any], ticket: dict[str, Any], symptoms: dict[str, Any],
                   text_cells: bool) -> None:
        if key is not None:
            listed = record.get(key)
            if default is not NO_DEFAULT and not (type(listed) is list and listed) and is_false(listed):
                listed = default
        else:
            try:
                listed = subject(record)
            except Exception:  # each flag's own evaluation below names the failure
                listed = None
        if isinstance(listed, list):  # contains(list, 'tag') is exactly ``'tag' in list``
            if by_tag is not None and len(listed) < len(members):  # each listed tag looked up once
                hits: list[int] = []
                for element in listed:
                    if type(element) is str:  # no other value equals a tag
                        positions = by_tag.get(element)
                        if positions is not None:
                            hits += positions
                if len(hits) > 1:
                    hits.sort()  # the members' order, as the loop below writes them (a repeat changes nothing)
                for position in hits:
                    symptoms[flags[position]] = True  # type: ignore[index]
            else:
                for tag, flag, keep_false in members:
                    if tag in listed:
                        symptoms[flag] = True  # type: ignore[index]
                    elif keep_false:
                        symptoms[flag] = False  # type: ignore[index]
            for rule, choose in choices:
                value = choose(listed)
                if value is not None:
                    settle(mapping, rule, value, text_cells, ticket, symptoms, None)
            return
        for rule in one_by_one:
            settle(mapping, rule, _search(rule.expression.search, rule, record), text_cells, ticket, symptoms, None)
    return fill_group
