"""Business-time arithmetic against a brute-force minute-by-minute walker.

The walker reads the calendar's definition literally: a minute is open when
its local wall-clock time (``astimezone``) falls on a date that is not a
holiday or closed date, inside one of that weekday's intervals, and outside
every closure. It knows nothing of windows, offsets or bisection, so it checks
the interval walker over random calendars, zones with daylight saving (also at
midnight and by 30 minutes), holidays, closures, dates and targets.
40 examples by default, 400 under ``HYPOTHESIS_PROFILE=ci`` (tests/hypothesis_profiles.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from sevtriage.engine.business_time import BusinessTimeError, add_open_time, due_time
from sevtriage.policy.calendars import WEEKDAYS, Calendar, build_calendar
from sevtriage.policy.yaml_source import SourceDoc

MINUTE = timedelta(minutes=1)
ZONES = ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "America/Santiago",
         "America/Sao_Paulo", "Asia/Tehran", "Pacific/Chatham", "America/St_Johns", "Asia/Kolkata", "UTC"]
COUNTRIES = [None, None, ("FR", None), ("US", "CA"), ("BR", None), ("DE", "BY")]


def calendar(raw: dict[str, object], name: str = "cal") -> Calendar:
    return build_calendar(name, raw, SourceDoc("test.yaml", None), ("calendars", name))


def is_open(cal: Calendar, moment: datetime) -> bool:
    assert cal.zone is not None
    wall = moment.astimezone(cal.zone).replace(tzinfo=None)
    day = wall.date()
    if day in cal.closed_dates or day in cal.holidays_of(day.year):
        return False
    minute = wall.hour * 60 + wall.minute
    if not any(i.start <= minute < i.end for i in cal.weekly[day.weekday()]):
        return False
    return not any(c.start <= wall < c.end for c in cal.closures)


def brute_due(cal: Calendar, start: datetime, minutes: int) -> datetime:
    moment, counted = start, 0
    for _ in range(200_000):
        if is_open(cal, moment):
            if minutes == 0:
                return moment
            counted += 1
            if counted == minutes:
                return moment + MINUTE
        moment += MINUTE
    raise AssertionError("the brute force found no answer")


def _clock(minute: int) -> str:
    return "24:00" if minute == 1440 else f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def day_hours(draw: st.DrawFn) -> list[str]:
    cuts = sorted(draw(st.sets(st.integers(0, 1440), max_size=6)))
    pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    return [f"{_clock(a)}-{_clock(b)}" for a, b in pairs if a < b]


@st.composite
def moments(draw: st.DrawFn) -> datetime:
    """Local-ish instants, often in the weeks where clocks change."""
    year = draw(st.integers(2012, 2030))
    month = draw(st.sampled_from([3, 3, 4, 9, 10, 10, 11, 1, 6, 12]))
    day = draw(st.integers(1, 28))
    minute = draw(st.integers(0, 24 * 60 - 1))
    return datetime(year, month, day, tzinfo=UTC) + timedelta(minutes=minute)


@st.composite
def calendars(draw: st.DrawFn, around: datetime) -> Calendar:
    hours = {day: draw(day_hours()) for day in WEEKDAYS}
    if not any(hours.values()):
        hours["mon"] = ["09:00-17:00"]
    raw: dict[str, object] = {"time_zone": draw(st.sampled_from(ZONES)), "hours": hours}
    country = draw(st.sampled_from(COUNTRIES))
    if country:
        raw["holidays"] = {"country": country[0], **({"subdivision": country[1]} if country[1] else {})}
    base = around.date()
    raw["closed_dates"] = [str(base + timedelta(days=d)) for d in draw(st.sets(st.integers(-2, 20), max_size=3))]
    closures = []
    for _ in range(draw(st.integers(0, 2))):
        begin = datetime.combine(base, datetime.min.time()) + timedelta(minutes=draw(st.integers(-2880, 20 * 1440)))
        end = begin + timedelta(minutes=draw(st.integers(1, 4 * 1440)))
        closures.append({"from": begin.strftime("%Y-%m-%dT%H:%M"), "to": end.strftime("%Y-%m-%dT%H:%M")})
    raw["closures"] = closures
    return calendar(raw)


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_deadline_matches_the_minute_by_minute_walker(data: st.DataObject) -> None:
    start = data.draw(moments())
    cal = data.draw(calendars(start))
    weekly = cal.weekly_minutes()
    minutes = data.draw(st.integers(0, min(3000, 2 * weekly)))
    expected = brute_due(cal, start, minutes)
    got = add_open_time(cal, start, timedelta(minutes=minutes))
    assert got.due == expected, (cal.time_zone, start, minutes)
    assert due_time(cal, start, timedelta(minutes=minutes)) == got.due
    assert sum(((b - a) for a, b in got.counted), timedelta()) == timedelta(minutes=minutes)


PARIS = {"time_zone": "Europe/Paris", "hours": {d: ["09:00-18:00"] for d in WEEKDAYS[:5]},
         "holidays": {"country": "FR"}}


def due(raw: dict[str, object], created: str, **target: int) -> str:
    start = datetime.fromisoformat(created)
    return add_open_time(calendar(raw), start, timedelta(**target)).due.astimezone(start.tzinfo).isoformat()


def test_friday_evening_runs_into_monday() -> None:
    assert due(PARIS, "2026-11-27T17:30:00+01:00", hours=2) == "2026-11-30T10:30:00+01:00"


def test_created_outside_hours_starts_at_the_next_opening() -> None:
    assert due(PARIS, "2026-11-28T11:00:00+01:00", hours=0) == "2026-11-30T09:00:00+01:00"
    assert due(PARIS, "2026-11-30T07:00:00+01:00", hours=1) == "2026-11-30T10:00:00+01:00"


def test_target_ending_at_closing_time_is_due_at_closing_time() -> None:
    assert due(PARIS, "2026-11-30T09:00:00+01:00", hours=9) == "2026-11-30T18:00:00+01:00"


def test_public_holiday_is_skipped() -> None:
    # Friday 25 December 2026 (Noël) is closed: Thursday's last 30 min, then Monday.
    assert due(PARIS, "2026-12-24T17:30:00+01:00", hours=2) == "2026-12-28T10:30:00+01:00"


def test_spring_forward_gap_has_no_open_time() -> None:
    night = {"time_zone": "Europe/Paris", "hours": {"sun": ["01:00-04:00"]}}
    # Sunday 29 March 2026: 02:00-03:00 does not exist, so 01:00-04:00 holds 2 real hours.
    assert due(night, "2026-03-29T01:00:00+01:00", hours=2) == "2026-03-29T03:00:00+01:00"  # 04:00 CEST, in the ticket's offset


def test_repeated_fall_back_hour_counts_twice() -> None:
    night = {"time_zone": "Europe/Paris", "hours": {"sun": ["01:00-04:00"]}}
    # Sunday 25 October 2026: 02:00-03:00 happens twice, so 01:00-04:00 holds 4 real hours.
    assert due(night, "2026-10-25T01:00:00+02:00", hours=4) == "2026-10-25T05:00:00+02:00"  # 04:00 CET, in the ticket's offset


def test_far_future_and_huge_targets_answer_or_fail_quickly() -> None:
    with pytest.raises(BusinessTimeError, match="outside the years 1 to 9999"):
        due(PARIS, "9999-12-30T17:00:00+00:00", hours=12)
    with pytest.raises(BusinessTimeError, match=r"less than .* of open time in the 10 years"):
        due(PARIS, "2026-11-27T17:30:00+01:00", days=99_999)
    assert due(PARIS, "0001-01-03T10:00:00+00:00", hours=1).startswith("0001-01-03T")


def test_a_naive_start_is_refused() -> None:
    with pytest.raises(BusinessTimeError, match="needs a UTC offset"):
        add_open_time(calendar(PARIS), datetime(2026, 11, 27, 17, 30), timedelta(hours=2))


def test_closures_and_closed_dates() -> None:
    raw = {**PARIS, "closed_dates": ["2026-11-30"],
           "closures": [{"from": "2026-12-01T09:00", "to": "2026-12-01T12:00", "reason": "move"}]}
    assert due(raw, "2026-11-27T17:30:00+01:00", hours=2) == "2026-12-01T13:30:00+01:00"
    assert date(2026, 11, 30) in calendar(raw).closed_dates
