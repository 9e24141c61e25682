"""Result lines written from cached parts are the lines of the result records, byte for byte."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from differential_helpers import random_ticket
from hypothesis import given, settings
from hypothesis import strategies as st

from sevtriage.engine.classifier import Classifier
from sevtriage.policy.loader import load_policy
from sevtriage.regression.fixtures import fixture_files, load_fixtures
from sevtriage.tickets.json_codec import LineTemplate, decode_json, jsonl_line
from sevtriage.tickets.records import InputRecord

REPO = Path(__file__).resolve().parents[2]

keys = st.text(max_size=6)
leaves = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**64 - 1),
                   st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=10))
json_values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(keys, inner, max_size=3), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, json_values, max_size=6), st.data())
def test_a_line_template_filled_is_the_records_line(record, data):
    names = list(record)
    open_members = tuple(data.draw(st.lists(st.sampled_from(names), unique=True))) if names else ()
    template = LineTemplate(record, open_members)
    values = {name: data.draw(json_values) for name in open_members}
    filled = {name: values.get(name, value) for name, value in record.items()}
    assert template.fill(*(values[name] for name in template.open)) == jsonl_line(filled)


def _tickets(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        ticket = random_ticket(rng, n, present=rng.choice([0.2, 0.5, 0.8]))
        if rng.random() < 0.5:
            ticket["created_at"] = rng.choice(["2026-03-02T09:15:00+01:00", "2026-03-02T23:30:00Z",
                                               "2026-03-06T17:59:59.123456789-05:00", "2026-03-02T09:15:00-00:00",
                                               "9999-12-31T20:00:00+00:00", "2026-12-31T23:59:60Z",
                                               "2017-01-01T00:59:60+01:00", "2026-03-02t09:15:00+01:00",
                                               "9999-12-31T22:10:00-01:00", "2026-02-28T23:00:00+14:00"])
        if rng.random() < 0.1:
            ticket["declared_severity"] = rng.choice([0, 5, 2.0, "2", True])
        if rng.random() < 0.2:
            ticket["subject"] = rng.choice(["Production down, all users blocked", "Question about the API",
                                            "Typo in the docs", "Le serveur plante depuis la mise à jour"])
        out.append(ticket)
    return out


def _records(tickets: list[dict]) -> list[InputRecord]:
    return [InputRecord("t.jsonl", n, ticket=ticket) for n, ticket in enumerate(tickets, 1)]


def _same_lines(classifier: Classifier, records: list) -> None:
    expected = [jsonl_line(record) for record in classifier.classify_records(records)]
    for _ in range(2):  # the second time, every combination is already known
        lines, severities, ids = classifier.result_lines(records)
        assert lines == expected
        for line, severity, ticket_id in zip(lines, severities, ids, strict=True):
            record = decode_json(line.encode())
            assert severity == record.get("severity")
            assert ticket_id == record["id"]


@pytest.mark.parametrize("text_flags", [False, True])
def test_result_lines_equal_the_lines_of_the_records(policy, text_flags):
    classifier = Classifier(policy, text_flags=text_flags)
    _same_lines(classifier, _records(_tickets(1, 400)))


def test_result_lines_with_calendars_and_clocks_equal_the_lines_of_the_records():
    classifier = Classifier(load_policy(REPO / "examples" / "paris-office" / "rules"))
    assert classifier.policy.calendars
    _same_lines(classifier, _records(_tickets(2, 400)))


def test_result_lines_of_every_fixture_ticket_equal_the_lines_of_the_records(classifier, plain_classifier):
    fixtures = load_fixtures(fixture_files([REPO / "fixtures"]))
    records = _records([fixture.ticket for fixture in fixtures])
    for one in (classifier, plain_classifier):
        _same_lines(one, records)


def test_raw_lines_and_records_mixed_give_the_same_lines_and_errors_in_place(plain_classifier):
    raws = [b'{"id": "R1", "symptoms": {"service_stopped": true}}', b'{"id": "R2", broken',
            b'[1, 2]', b'{"id": "R3", "declared_severity": 9}', b'{"id": "R4", "n": 12345678901234567890123}',
            b'{"id": "R5", "created_at": "9999-12-31T23:00:00Z"}', b'\xff\xfe',
            b'{"id": "R6", "declared_severity": 40000000000000000000001}',
            b'{"id": "R7", "symptoms": {"data_loss": 12345678901234567890123}}', b'{"id": "R8", "x": 1e400}',
            b'{"id": "R10", "declared_severity": 4.0, "y": 18446744073709551616}']
    sources = [("in.jsonl", n, raw) for n, raw in enumerate(raws, 1)]
    sources.insert(3, InputRecord("in.jsonl", 99, raw=b'{"id": "R9"}'))
    records = [InputRecord(*source[:2], raw=source[2]) if isinstance(source, tuple) else source
               for source in sources]
    expected = [jsonl_line(record) for record in plain_classifier.classify_records(records)]
    assert plain_classifier.result_lines(sources).lines == expected
    assert [decode_json(line.encode()).get("error", {}).get("code") for line in expected] == [
        None, "invalid_json", "not_an_object", None, "invalid_field", None, "invalid_field", "invalid_utf8",
        "invalid_field", "invalid_field", "invalid_json", None]
    messages = [decode_json(line.encode()).get("error", {}).get("message", "") for line in expected]
    assert "40000000000000000000001" in messages[8] and "12345678901234567890123" in messages[9]
    assert '"unknown field \\"y\\"' in expected[11]
