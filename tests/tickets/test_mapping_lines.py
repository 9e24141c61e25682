"""The lean per-line mapping (``mapping/lines.py``) gives exactly ``map_records``' records.

Compared record by record: file, line, item, the contract ticket (key order
included) or the error (code, message, path), and the empty payloads noted, on
every preset's sample payloads written as JSON Lines, on the shapes a line can
have (envelopes, empty pages, broken JSON, bad UTF-8, records that are not
objects, integers of 19+ digits, values outside a table, missing ids) and on
generated payloads.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sevtriage.resources import PRESET_NAMES
from sevtriage.tickets.inputs import ReadStats
from sevtriage.tickets.mapping import Mapping, load_mapping, load_mapping_text, map_records
from sevtriage.tickets.mapping.lines import line_mapper
from sevtriage.tickets.records import InputRecord

HELPDESKS = REPO / "fixtures" / "helpdesks"
# Records at a key that is not the first, an id read by an expression, a table, a text field.
OTHER = """\
name: other
records: [page.items, items, "@"]
id: key || number
fields:
  subject: title
  declared_severity: {from: prio, table: {P1: 1, P2: 2}}
  symptoms.data_loss: "contains(labels || `[]`, 'lost')"
"""


@cache
def _mapping(name: str) -> Mapping:
    return load_mapping_text(OTHER, "other.yaml") if name == "other" else load_mapping(name)


def _seen(record: InputRecord) -> tuple[Any, ...]:
    error = record.error
    return (record.file, record.line, record.item, json.dumps(record.ticket),
            None if error is None else (error.code, error.message, error.path))


def _same(mapping: Mapping, raw: bytes) -> list[tuple[Any, ...]]:
    lean_stats, general_stats = ReadStats(), ReadStats()
    lean = line_mapper(mapping)("p.jsonl", 7, raw, lean_stats)
    general = list(map_records(mapping, [InputRecord("p.jsonl", 7, raw=raw)], general_stats))
    assert [_seen(r) for r in lean] == [_seen(r) for r in general], raw
    assert lean_stats.empty_payloads == general_stats.empty_payloads
    return [_seen(r) for r in lean]


def _sample_lines(preset: str) -> list[bytes]:
    lines: list[bytes] = []
    for path in sorted((HELPDESKS / preset).glob("*.json*")):
        if ".expected." in path.name:
            continue
        text = path.read_text(encoding="utf-8")
        documents = [json.loads(line) for line in text.splitlines() if line.strip()] \
            if path.suffix == ".jsonl" else [json.loads(text)]
        for document in documents:
            lines.append(json.dumps(document).encode())
            for records in (document.get("tickets"), document.get("issues")) if isinstance(document, dict) else ():
                if isinstance(records, list):  # each ticket of an envelope alone, and a list of them
                    lines += [json.dumps(record).encode() for record in records]
                    lines.append(json.dumps(records).encode())
    return lines


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_same_records_on_the_sample_payloads(preset: str) -> None:
    mapping = _mapping(preset)
    lines = _sample_lines(preset)
    assert lines
    for raw in lines:
        _same(mapping, raw)


ZENDESK = json.loads((HELPDESKS / "zendesk" / "tickets.json").read_text(encoding="utf-8"))["tickets"]


@pytest.mark.parametrize("raw", [
    b'{"tickets": []}', b"[]", b'{"ticket": {}}', b'{"tickets": [1, {"id": 2}]}', b'{"tickets": "x"}',
    b'"just text"', b"7", b"{broken", b'{"id": "a", "subject": "\xff"}', b'{"id": NaN}',
    b'{"id": 12345678901234567890123}', b'{"id": "a", "priority": 123456789012345678901234567890}',
    b'{"id": "a", "custom_fields": [{"id": 360000000001, "value": 98765432109876543210987}]}',
    b'{"id": "a", "updated_at": 99999999999999999999999, "priority": "urgent"}',
    b'{"id": "a", "priority": "blazing"}', b'{"id": "a", "priority": 2}', b'{"priority": "high"}',
    b'{"id": "", "subject": "x"}', b'{"id": 12.5}', b'{"id": true}', b'{"id": "a", "created_at": "yesterday"}',
    b'{"id": "a", "subject": 5, "tags": "sev_data_loss"}', b'{"id": "a", "tags": [1e400]}',
    b'{"id": "a", "id": "b", "type": "question"}', b'{"ticket": {"id": "a"}, "tickets": [{"id": "b"}]}',
    b'{"detail": {"id": 5, "tags": ["sev_unstable"]}}', b'{"tickets": [{"id": "a"}, {"id": "b", "type": 3}]}',
    json.dumps({"tickets": ZENDESK}).encode(), json.dumps(ZENDESK).encode(),
])
def test_same_records_on_unusual_lines(raw: bytes) -> None:
    _same(_mapping("zendesk"), raw)


@pytest.mark.parametrize("raw", [
    b'{"page": {"items": [{"key": "a", "prio": "P1"}, {"number": 4, "labels": ["lost"]}]}}',
    b'{"page": {"items": []}, "items": [{"key": "b"}]}', b'{"items": {"key": "c", "title": "t"}}',
    b'{"key": "d", "prio": "P7"}', b'{"page": 3}', b'[{"number": 12345678901234567890123}]',
])
def test_same_records_with_a_mapping_of_other_shapes(raw: bytes) -> None:
    _same(_mapping("other"), raw)


def test_the_lean_path_maps_a_ticket_without_the_general_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The common case stays lean (else this module would be the general path with extra steps)."""
    import sevtriage.tickets.mapping.lines as lines

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("the general path ran")

    mapper = line_mapper(_mapping("zendesk"))
    monkeypatch.setattr(lines, "map_records", refuse)
    out = mapper(None, 1, json.dumps({"tickets": ZENDESK}).encode(), ReadStats())
    assert [record.item for record in out] == list(range(1, len(ZENDESK) + 1))


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                     st.sampled_from(["urgent", "high", "incident", "question", "env_production", "python",
                                      "sev_data_loss", "sev_performance_minor", "2026-03-02T09:15:00+01:00",
                                      "2026-02-30T10:00:00Z", "", " "]))
_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["id", "value", "tags", "priority", "type", "subject"]), inner, max_size=3)),
    max_leaves=10)
_records = st.dictionaries(
    st.sampled_from(["id", "created_at", "priority", "subject", "description", "type", "tags", "custom_fields",
                     "status", "url"]), _values, max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=st.one_of(_records, st.lists(_records, max_size=3), st.fixed_dictionaries({"tickets": st.lists(
    _records, max_size=3)}), st.fixed_dictionaries({"ticket": _values})))
def test_same_records_on_generated_payloads(payload: Any) -> None:
    _same(_mapping("zendesk"), json.dumps(payload).encode())


def _deep(depth: int, inner: str) -> bytes:
    return ('{"id": "deep", "priority": "high", "x": ' + "[" * depth + inner + "]" * depth + "}").encode()


@pytest.mark.parametrize("raw", [
    _deep(995, "12345678901234567890123"),  # the exact reader: "JSON nested too deeply"; orjson reads it
    _deep(995, '"1234567890123456789"'), _deep(995, "1"), _deep(400, "12345678901234567890123"),
    _deep(1100, "1"),
])
def test_same_records_on_deep_payloads(raw: bytes) -> None:
    """Deep nesting with a run of 19+ digits: the lean path scans it, as the general path does."""
    _same(_mapping("zendesk"), raw)


@pytest.mark.parametrize("value", ["12345678901234567890123", "-98765432109876543210", "18446744073709551616",
                                   "9223372036854775808", "1e25", "12.5"])
@pytest.mark.parametrize("where", ["id", "priority", "custom_fields", "tags", "subject", "unread"])
def test_same_records_with_long_integers(value: str, where: str) -> None:
    """An integer beyond 64 bits (a float when read without the scan) wherever the mapping reads."""
    fields = {"id": '"L"', "priority": '"high"', "subject": '"s"',
              "custom_fields": '[{"id": 360000000001, "value": "python"}]', "tags": '["sev_data_loss"]'}
    if where == "custom_fields":
        fields[where] = f'[{{"id": {value}, "value": "x"}}, {{"id": 360000000001, "value": {value}}}]'
    elif where == "tags":
        fields[where] = f'["sev_unstable", {value}]'
    elif where == "unread":
        fields["updated_at"] = value
    else:
        fields[where] = value
    raw = ("{" + ", ".join(f'"{key}": {text}' for key, text in fields.items()) + "}").encode()
    _same(_mapping("zendesk"), raw)
    _same(_mapping("other"), raw)


def test_which_mappings_skip_the_scan() -> None:
    from sevtriage.tickets.mapping.lines import safe_unscanned

    assert {name: safe_unscanned(_mapping(name)) for name in PRESET_NAMES} == {
        "zendesk": True, "freshdesk": True, "jira": True, "zammad": False, "glpi": True, "znuny": True}
    reading = ["a.b[0].c", "x[?k == `7`].v | [0]", "contains(tags || `[]`, 'x') && 'y' || `null`",
               "not_null(a, b)", "length(a) && type(a) == 'string' && a", "!a", "{x: a, y: [b, c]}"]
    computing = ["to_string(a)", "sort(a)[0]", "a == b", "contains(tags, a)", "x[?k == `12345678901234567890`].v",
                 "max(a)", "a[0:2]", "sum(a)", "x[?k > y].v"]
    for text in reading + computing:
        mapping = load_mapping_text(f"name: t\nid: id\nfields:\n  subject: {json.dumps(text)}\n", "t.yaml")
        assert safe_unscanned(mapping) is (text in reading), text


def test_an_ordinary_payload_is_not_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the lean path: no scan of a payload the mapping cannot misread without it."""
    import sevtriage.tickets.mapping.lines as lines

    scans: list[bytes] = []
    monkeypatch.setattr(lines, "has_long_digit_run", lambda raw: scans.append(raw) or False)
    mapper = line_mapper(_mapping("zendesk"))
    mapper(None, 1, json.dumps(ZENDESK[0]).encode(), ReadStats())
    assert scans == []
    mapper(None, 1, _deep(990, "1"), ReadStats())  # long enough to be deep: scanned
    assert len(scans) == 1
