"""Helpdesk dates to RFC 3339 with the offset the helpdesk meant."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from sevtriage.tickets.mapping.dates import DATE_FORMATS, DateError, to_rfc3339
from sevtriage.tickets.prepare import parse_rfc3339

ALL = DATE_FORMATS
PARIS = ZoneInfo("Europe/Paris")
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(("text", "zone", "expected"), [
    ("2026-11-26T10:30:00Z", UTC, "2026-11-26T10:30:00Z"),
    ("2026-11-26T10:30:00+01:00", UTC, "2026-11-26T10:30:00+01:00"),
    ("2026-11-26 10:30:00Z", UTC, "2026-11-26T10:30:00Z"),                 # space separator
    ("2018-01-11T13:08:03.317+0300", UTC, "2018-01-11T13:08:03.317+03:00"),  # Jira
    ("2022-07-25 08:10:40", PARIS, "2022-07-25T08:10:40+02:00"),             # GLPI, summer
    ("2022-01-25 08:10:40", PARIS, "2022-01-25T08:10:40+01:00"),             # winter
    ("2010-10-27 20:15:00", UTC, "2010-10-27T20:15:00Z"),                    # Znuny, UTC system zone
    ("2022-10-30 02:30:00", PARIS, "2022-10-30T02:30:00+02:00"),             # ambiguous: first occurrence
    (1764152100, PARIS, "2025-11-26T11:15:00+01:00"),                        # epoch seconds
])
def test_accepted_dates_keep_their_offset(text: object, zone: ZoneInfo, expected: str) -> None:
    out = to_rfc3339(text, ALL, zone)
    assert out == expected
    parse_rfc3339(out)  # the contract accepts it


def test_epoch_milliseconds_and_digit_strings() -> None:
    assert to_rfc3339(1764152100000, ("epoch-milliseconds",), UTC) == "2025-11-26T10:15:00Z"
    assert to_rfc3339("1764152100", ("epoch-seconds",), UTC) == "2025-11-26T10:15:00Z"


@pytest.mark.parametrize(("text", "formats"), [
    ("2022-07-25 08:10:40", ("rfc3339",)),             # no offset, local not accepted
    ("2018-01-11T13:08:03.317+0300", ("rfc3339",)),    # +0300 not accepted
    ("2026-11-26T10:30:00Z", ("local",)),              # rfc3339 not accepted
    (1764152100, ("rfc3339",)),                        # a number without an epoch format
    ("2026-13-01T00:00:00Z", ALL),                     # no month 13
    ("2026-11-26T10:30:00+25:00", ALL),                # no such offset
    ("yesterday", ALL),
    (True, ALL),
    (-5, ALL),                                          # before 1970: a wrong unit, not a date
])
def test_rejected_dates(text: object, formats: tuple[str, ...]) -> None:
    with pytest.raises(DateError):
        to_rfc3339(text, formats, UTC)
