"""Ticket contract errors quote values as JSON, not as Python reprs (issue 9 follow-up, item 3)."""

from __future__ import annotations

import pytest

from sevtriage.tickets.json_codec import decode_json
from sevtriage.tickets.mapping import load_mapping_text, map_records
from sevtriage.tickets.records import InputRecord


@pytest.mark.parametrize(("raw", "message"), [
    (b'{"id": "a", "symptoms": {"data_loss": "yes"}}', '/symptoms/data_loss: "yes" is not of type "boolean"'),
    (b'{"id": "a", "symptoms": {"data_loss": null}}', '/symptoms/data_loss: null is not of type "boolean"'),
    (b'{"id": "a", "declared_severity": true}', '/declared_severity: true is not of type "integer"'),
    (b'{"id": "a", "symptoms": [false, {"x": null}]}',
     '/symptoms: [false, {"x": null}] is not of type "object"'),
    (b'{"id": "a", "environment": "prod"}',
     '/environment: "prod" is not one of ["production", "staging", "development"]'),
    (b'{"id": "a", "declared_severity": 0}', "/declared_severity: 0 is less than the minimum of 1"),
    (b'{"id": ""}', '/id: "" should be non-empty'),
    (b'{"id": null}', '/id: null is not of type "string"'),
    (b'{"id": "a", "created_at": "yesterday"}', '/created_at: not an RFC 3339 date-time with an offset '
                                                '(e.g. 2026-03-02T09:15:00+01:00): "yesterday"'),
])
def test_contract_errors_are_worded_in_json_terms(classifier, raw: bytes, message: str) -> None:
    result = classifier.classify(decode_json(raw))
    assert result["error"]["code"] == "invalid_field", result
    assert result["error"]["message"] == message
    for python in ("None", "True", "False", "'"):
        assert python not in result["error"]["message"]


@pytest.mark.parametrize(("value", "words"), [
    ([1], "an array"), ("x", "a string"), (True, "a boolean"), (2.5, "a number"), (None, "null"),
])
def test_a_ticket_and_a_mapped_record_that_are_not_objects_name_their_type_alike(classifier, value, words):
    """One helper words a JSON type (wording.json_type), for the contract and for mappings."""
    result = classifier.classify(value)
    assert result["error"]["code"] == "not_an_object"
    assert result["error"]["message"] == f"a ticket must be a JSON object, not {words}"
    mapping = load_mapping_text("name: m\nrecords: ['items']\nid: key\nfields:\n  technology: tech\n", "m.yaml")
    [mapped] = map_records(mapping, [InputRecord("f.json", 1, ticket={"items": [value]})])
    assert mapped.error is not None and mapped.error.code == "not_an_object"
    assert mapped.error.message == f"a ticket record must be a JSON object, not {words}"
