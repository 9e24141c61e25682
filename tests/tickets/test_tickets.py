"""Tickets are validated against contract v1 before the engine sees them."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("ticket, code, path", [
    ([], "not_an_object", ""),
    ("T1", "not_an_object", ""),
    ({}, "missing_id", "/id"),
    ({"id": ""}, "invalid_field", "/id"),
    ({"id": 7}, "invalid_field", "/id"),
    ({"id": "T", "symptoms": {"data_loss": 1}}, "invalid_field", "/symptoms/data_loss"),
    ({"id": "T", "symptoms": {"data_loss": 1.0}}, "invalid_field", "/symptoms/data_loss"),
    ({"id": "T", "symptoms": {"data_loss": "true"}}, "invalid_field", "/symptoms/data_loss"),
    ({"id": "T", "symptoms": {"data_loss": None}}, "invalid_field", "/symptoms/data_loss"),
    ({"id": "T", "symptoms": []}, "invalid_field", "/symptoms"),
    ({"id": "T", "declared_severity": 5}, "invalid_field", "/declared_severity"),
    ({"id": "T", "declared_severity": True}, "invalid_field", "/declared_severity"),
    ({"id": "T", "environment": "prod"}, "invalid_field", "/environment"),
    ({"id": "T", "created_at": "2026-03-02T09:15:00"}, "invalid_field", "/created_at"),
    ({"id": "T", "created_at": "2026-02-30T09:15:00Z"}, "invalid_field", "/created_at"),
    ({"id": "T", "created_at": "yesterday"}, "invalid_field", "/created_at"),
    ({"id": "T", "contact_available": "no"}, "invalid_field", "/contact_available"),
])
def test_invalid_tickets_become_error_records_with_a_pointer(classifier, ticket, code, path):
    record = classifier.classify(ticket, line=7, file="in.jsonl")
    assert record["error"]["code"] == code
    assert record["error"]["path"] == path
    assert record["line"] == 7 and record["file"] == "in.jsonl"
    assert record["id"] == (ticket.get("id") if isinstance(ticket, dict) and isinstance(ticket.get("id"), str)
                            and ticket.get("id") else None)


def test_coerced_values_never_decide_a_level(classifier):
    # durable_rules would take 1, 1.0 and "true" for true: they must never reach it.
    for value in (1, 1.0, "true"):
        record = classifier.classify({"id": "T", "symptoms": {"crash_or_hang": value}})
        assert "severity" not in record and record["error"]["path"] == "/symptoms/crash_or_hang"


def test_declared_severity_written_as_a_float_integer_is_accepted_as_the_integer(classifier):
    result = classifier.classify({"id": "T", "declared_severity": 2.0})
    assert result["severity"] == 2 and result["basis"] == "declared"
