"""created_at: what RFC 3339 allows, decided and documented (issue 9, item 9)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from sevtriage.tickets.prepare import parse_rfc3339


@pytest.mark.parametrize("text", ["2026-01-01T10:00:00Z\n", "2026-01-01T10:00:00+01:00\n", "2026-01-01T10:00:00Z ",
                                  "2016-12-31T23:58:60Z"])
def test_anything_after_the_offset_or_a_second_60_not_at_59_is_refused(text):
    with pytest.raises(ValueError):
        parse_rfc3339(text)


def test_a_leap_second_is_the_instant_it_ends():
    assert parse_rfc3339("2016-12-31T23:59:60Z") == datetime(2017, 1, 1, tzinfo=UTC)
    local = parse_rfc3339("2017-01-01T00:59:60+01:00")
    assert local == datetime(2017, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=1)))


def test_z_keeps_its_spelling_in_respond_by(classifier):
    result = classifier.classify({"id": "a", "created_at": "2026-01-01T10:00:00Z"})
    assert result["respond_by"] == "2026-01-01T22:00:00Z"
    error = classifier.classify({"id": "a", "created_at": "2026-01-01T10:00:00Z\n"})
    assert error["error"]["code"] == "invalid_field"
