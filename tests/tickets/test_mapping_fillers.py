"""The fast path of ``apply_mapping`` (one closure per field) gives what the general, traced path gives.

The traced path evaluates every field's expression and types its value the
general way (``_set`` without its shortcuts); the fast path decides the common
cases in closures. Both must give the same ticket, or the same error (code,
message, pointer), on the presets' sample payloads and on generated records
built from the names, tags and table keys each preset reads.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sevtriage.resources import PRESET_NAMES
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.mapping import Mapping, load_mapping, load_mapping_text
from sevtriage.tickets.mapping.apply import apply_mapping

HELPDESKS = REPO / "fixtures" / "helpdesks"
# The cases no preset has: a flag table with a false value left missing, a table, a date and a
# text read by expressions that are not one key, a tag group with a member that keeps false, an
# HTML text, an id read from an object.
EDGES = """\
name: edges
id: meta.key || id
timezone: Europe/Paris
date_formats: [rfc3339, local, offset-hhmm, epoch-seconds]
tables:
  prio: {P1: 1, P2: 2, "3": 3, low: 4}
fields:
  created_at: dates[0] || opened
  declared_severity: {from: "fields.prio || prio", table: prio}
  subject: title
  description: {from: body, strip_html: true}
  technology: "fields.tech || tech"
  environment: {from: env, table: {prod: production, test: staging, none: null}}
  symptoms.data_loss: {from: lost, table: {"yes": true, "no": false, "x": null}, false_as_missing: true}
  symptoms.unstable: {from: "contains(tags || `[]`, 'flaky')", false_as_missing: true}
  symptoms.crash_or_hang: "contains(tags || `[]`, 'crash')"
  symptoms.performance: "contains(tags || `[]`, 'slow') && 'severe' || `null`"
  symptoms.service_stopped: {from: stopped, false_as_missing: true}
  contact_available: reachable
"""
_mapping = cache(lambda name: load_mapping_text(EDGES, "edges.yaml") if name == "edges" else load_mapping(name))


def _outcome(mapping: Mapping, record: Any, text_cells: bool, traced: bool) -> Any:
    try:
        return apply_mapping(mapping, record, text_cells, {} if traced else None)
    except TicketError as error:
        return (error.code, error.message, error.path)


def _same(mapping: Mapping, record: Any, text_cells: bool = False) -> None:
    fast = _outcome(mapping, record, text_cells, traced=False)
    general = _outcome(mapping, record, text_cells, traced=True)
    assert json.dumps(fast) == json.dumps(general), record  # key order included


def _payload_records(path: Path, mapping: Mapping) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    documents = [json.loads(line) for line in text.splitlines() if line.strip()] if path.suffix == ".jsonl" \
        else [json.loads(text)]
    return [record for document in documents for record in mapping.records_of(document)]


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_same_on_the_sample_payloads(preset: str) -> None:
    mapping = load_mapping(preset)
    records = [r for p in sorted((HELPDESKS / preset).glob("*.json*")) if ".expected." not in p.name
               for r in _payload_records(p, mapping)]
    assert records
    for record in records:
        _same(mapping, record)


def _words(mapping: Mapping) -> tuple[list[str], list[Any]]:
    """The names a preset's expressions read, and the literals and table keys it compares with."""
    texts = [mapping.id.text] + [rule.expression.text for rule in mapping.fields]
    names = sorted({w for t in texts for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", t)})
    literals: list[Any] = [s for t in texts for s in re.findall(r"'([^']*)'", t)]
    literals += [json.loads(s) for t in texts for s in re.findall(r"`([^`]*)`", t)]
    for rule in mapping.fields:
        if rule.table is not None:
            literals += list(rule.table.values)
            literals += [int(k) for k in rule.table.values if k.isdigit()]
    return names, literals


def _records(mapping: Mapping) -> st.SearchStrategy[Any]:
    names, literals = _words(mapping)
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 6), st.sampled_from(literals or [""]),
                        st.sampled_from(["", " ", "2026-03-02T09:15:00+01:00", "2026-03-02 09:15:00",
                                         "2018-01-11T13:08:03.317+0300", "2026-02-30T10:00:00Z", "<p>a&amp;b</p>",
                                         "1700000000", "x"]),
                        st.floats(allow_nan=False, allow_infinity=False, width=32))
    values = st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(names), inner, max_size=4)), max_leaves=12)
    return st.dictionaries(st.sampled_from(names), st.one_of(scalars, values), max_size=10)


@pytest.mark.parametrize("preset", [*PRESET_NAMES, "edges"])
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_same_on_generated_records(preset: str, data: st.DataObject) -> None:
    mapping = _mapping(preset)
    record = data.draw(_records(mapping))
    _same(mapping, record)
    try:  # and the records inside it, when it is an envelope
        inner = mapping.records_of(record)
    except TicketError:
        inner = []
    for one in inner:
        _same(mapping, one)


@settings(max_examples=150, deadline=None)
@given(row=st.dictionaries(st.sampled_from(["id", "created_at", "priority", "subject", "type", "tags", "status"]),
                           st.sampled_from(["", "7", "urgent", "URGENT", "incident", "2026-03-02T09:15:00Z",
                                            "2026-03-02 09:15", "true", "sev_data_loss"]), max_size=7))
def test_same_on_csv_rows(row: dict[str, str]) -> None:
    _same(_mapping("zendesk"), row, text_cells=True)
    _same(_mapping("edges"), {"reachable": "true", "lost": "no", **row}, text_cells=True)


@pytest.mark.parametrize("record", [
    {"id": True}, {"id": 7.0}, {"id": " "}, {"id": 12, "lost": "no"}, {"id": "a", "lost": "yes", "stopped": False},
    {"id": "a", "prio": 3}, {"id": "a", "prio": "3"}, {"id": "a", "prio": "P9"}, {"id": "a", "opened": "2026-03-02 09:15:00"},
    {"id": "a", "opened": "2026-02-30T09:15:00Z"}, {"id": "a", "opened": ""}, {"id": "a", "title": 5},
    {"id": "a", "tags": ["crash", "slow"]}, {"id": "a", "tags": "crash"}, {"id": "a", "env": "none"},
    {"id": "a", "prio": ["P1"]}, {"id": "a", "env": {"prod": 1}}, {"id": "a", "lost": False, "stopped": "no"},
    {"meta": {"key": "K"}, "body": "<p>a&amp;b</p>", "reachable": "yes"}])
def test_same_on_edge_records(record: dict[str, Any]) -> None:
    _same(_mapping("edges"), record)


# Look-ups of custom fields by id (``Expression.lookup``), read in one pass per list: two lists,
# interleaved in the plan, the same id read twice, another value key, an id given as a number
# (1, 7.0 and "7" are other keys or the same one, as jmespath's == says).
LOOKUPS = """\
name: lookups
id: id
tables:
  env: {prod: production, test: staging}
fields:
  technology: "cf[?id==`7`].value | [0]"
  environment: {from: "meta[?name=='env'].value | [0]", table: env}
  language: "cf[?id==`8`].value | [0]"
  server_role: {from: "meta[?name=='role'].value | [0]", table: {p: primary, s: secondary}}
  subject: "cf[?id==`7`].value | [0]"
  description: "cf[?id==`7`].text | [0]"
  declared_severity: "cf[?id==`9`].value | [0]"
  symptoms.data_loss: "meta[?name=='lost'].value | [0]"
"""
_lookups = cache(lambda: load_mapping_text(LOOKUPS, "lookups.yaml"))
_lookup_values = st.one_of(st.none(), st.booleans(), st.integers(1, 4), st.sampled_from(
    ["python", "", "prod", "test", "p", "s", "x"]), st.lists(st.just("a"), max_size=1))
_cf = st.one_of(st.fixed_dictionaries({"id": st.sampled_from([7, 8, 9, 7.0, "7", True, 1, None, [7]])}, optional={
    "value": _lookup_values, "text": _lookup_values}), st.sampled_from([None, 7, "7", []]))
_meta = st.one_of(st.fixed_dictionaries({"name": st.sampled_from(["env", "role", "lost", "x", 5, None])},
                                        optional={"value": _lookup_values}), st.just("env"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=st.fixed_dictionaries({"id": st.just("L-1")}, optional={
    "cf": st.one_of(st.lists(_cf, max_size=6), _lookup_values), "meta": st.one_of(st.lists(_meta, max_size=5),
                                                                                 _lookup_values)}))
def test_same_on_custom_field_lookups(record: dict[str, Any]) -> None:
    mapping = _lookups()  # one mapping for every record: nothing may be left from the one before
    assert sum(rule.expression.lookup is not None for rule in mapping.fields) == 8  # all read in one pass
    _same(mapping, record)


@pytest.mark.parametrize("record", [
    {"id": "a", "cf": [{"id": 7, "value": None}, {"id": 7, "value": "second"}, {"id": 7.0, "value": "third"}]},
    {"id": "a", "cf": [{"id": "7", "value": "text id"}, {"id": True, "value": 1}, {"id": [7], "value": "list"}]},
    {"id": "a", "cf": [{"id": 9, "value": 2}, {"id": 8, "value": "fr"}], "meta": [{"name": "env", "value": "prod"},
                                                                                {"name": "role", "value": "s"}]},
    {"id": "a", "cf": "not a list", "meta": [{"name": "lost", "value": True}, {"name": "lost", "value": False}]},
    {"id": "a", "cf": [{"id": 9, "value": "high"}]}, {"id": "a", "meta": [{"name": "env", "value": "nowhere"}]},
])
def test_same_on_lookup_edges(record: dict[str, Any]) -> None:
    _same(_lookups(), record)


_ZENDESK_TAGS = [rule.expression.contains[2] for rule in load_mapping("zendesk").fields
                 if rule.expression.contains is not None]


@pytest.mark.parametrize("tags", [
    list(reversed(_ZENDESK_TAGS)), _ZENDESK_TAGS[::3] + _ZENDESK_TAGS[::3], ["sev_unstable", 1, None, ["sev_data_loss"]],
    [True, {"sev_data_loss": 1}, "sev_data_loss", "sev_data_loss"], ["x"] * 20 + ["sev_crash_or_hang"],
    ["sev_restart_required", "sev_users_blocked", "sev_crash_or_hang"], [],
])
def test_same_tag_flags_in_the_same_order(tags: list[Any]) -> None:
    """Flags found by looking the listed tags up, written in the mapping's order (key order compared)."""
    _same(_mapping("zendesk"), {"id": "T", "tags": tags})
