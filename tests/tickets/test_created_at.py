"""created_at: what RFC 3339 allows, decided and documented (issue 9, item 9)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def _general(text: str) -> datetime:
    """parse_rfc3339 without its shortcut for the usual spelling: the pattern, then fromisoformat."""
    from sevtriage.tickets.prepare import _RFC3339
    match = _RFC3339.match(text)
    if not match:
        raise ValueError(text)
    if match.group(6) == "60":
        if match.group(5) != "59":
            raise ValueError(text)
        return _general(text[:match.start(6)] + "59" + text[match.end(6):]) + timedelta(seconds=1)
    fraction = (match.group(7) + "00000")[:7] if match.group(7) else ""
    offset = "+00:00" if match.group(8) in ("Z", "z") else match.group(8)
    return datetime.fromisoformat("{}-{}-{}T{}:{}:{}".format(*match.groups()[:6]) + fraction + offset)


def _outcome(parse, text):
    try:
        moment = parse(text)
    except ValueError:
        return None
    return moment, moment.utcoffset()


@given(st.lists(st.tuples(st.integers(0, 26), st.sampled_from("0123456789-:T+tZz .\n\u0663"),
                          st.sampled_from(["set", "insert", "delete"])), max_size=3))
def test_the_usual_spelling_shortcut_gives_what_the_general_parse_gives(edits):
    text = list("2026-06-14T16:51:00+01:00")
    for position, char, how in edits:
        position = min(position, len(text) - 1)
        if how == "set" and text:
            text[position] = char
        elif how == "insert":
            text.insert(position, char)
        elif text:
            del text[position]
    spelled = "".join(text)
    assert _outcome(parse_rfc3339, spelled) == _outcome(_general, spelled)
