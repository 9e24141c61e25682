"""Business-time arithmetic: a response target counted in a calendar's open time.

An interval walker on ``zoneinfo`` and ``holidays`` (see docs/calendars.md for
why not a business-time package). It walks real time (UTC) in windows of at
most one day in which the zone's UTC offset is constant; inside such a window
wall-clock time is real time plus that offset, so the open wall-clock intervals
of the window (weekly hours, less holidays, closed dates and closures) map back
to real time exactly. A daylight-saving change splits a window at the change
(found by bisection), which gives the spring-forward gap no open time and the
repeated fall-back hour its two real hours, as the calendar's definition says
(``sevtriage.policy.calendars``).

A walk never runs longer than ``HORIZON`` of real time from its start: a target
that a calendar cannot fit in ten years, or that ends past year 9999, is a
``BusinessTimeError`` with a message, never a hang.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # a policy without calendars never imports them (start-up)
    from sevtriage.policy.calendars import Calendar

HORIZON = timedelta(days=3660)  # ten years of real time: the longest walk
_WINDOW = timedelta(days=1)
_SECOND = timedelta(seconds=1)


class BusinessTimeError(ValueError):
    """The deadline cannot be computed (out of datetime's range, or beyond the horizon)."""


class Deadline(NamedTuple):
    """When the target is used up (in the start's own tzinfo), and the stretches of open time
    that were counted (microseconds since 1970 UTC, turned into datetimes only on demand)."""

    due: datetime
    spans: tuple[tuple[int, int], ...]

    @property
    def counted(self) -> tuple[tuple[datetime, datetime], ...]:
        """The counted stretches as UTC datetimes, in order."""
        return tuple((_moment(a), _moment(b)) for a, b in self.spans)


def add_open_time(calendar: Calendar, start: datetime, target: timedelta) -> Deadline:
    """The earliest moment by which ``target`` of open time has passed since ``start``, with
    the stretches counted (for explain; ``due_time`` is the same walk without them).

    ``start`` must be aware (a ticket's ``created_at``); the answer is in its tzinfo.
    Outside opening hours the clock starts at the next opening; a zero target
    gives that opening (or ``start`` itself when open)."""
    spans: list[tuple[int, int]] = []
    return Deadline(_walk(calendar, start, target, spans), tuple(spans))


def due_time(calendar: Calendar, start: datetime, target: timedelta) -> datetime:
    """``add_open_time(...).due``: what every result needs, without recording the stretches."""
    return _walk(calendar, start, target, None)


def _walk(calendar: Calendar, start: datetime, target: timedelta, counted: list[tuple[int, int]] | None) -> datetime:
    offset = start.utcoffset()
    if offset is None:
        raise BusinessTimeError("a naive date-time has no place on a calendar: it needs a UTC offset")
    try:
        # Plain integers from here on: datetime arithmetic per step cost a third of a classification.
        # From the fields: exact for any year, and twice as fast as timestamp() or subtraction.
        begin = (((start.toordinal() - _EPOCH_ORDINAL) * 86_400 + start.hour * 3_600 + start.minute * 60
                  + start.second - offset.days * 86_400 - offset.seconds) * 1_000_000
                 + start.microsecond - offset.microseconds)
        remaining = (target.days * 86_400 + target.seconds) * 1_000_000 + target.microseconds
        first_day = begin // _DAY
        cache = calendar.span_cache
        for day in range(first_day, first_day + HORIZON.days):
            spans = cache.get(day)
            if spans is None:
                spans = _day_spans(calendar, day)
            for low, high in spans:
                if high <= begin:
                    continue
                if low < begin:
                    low = begin
                if high - low >= remaining:
                    if remaining and counted is not None:
                        counted.append((low, low + remaining))
                    # A fixed-offset start (a ticket's created_at) keeps its offset; any other tzinfo
                    # gets the instant converted, so that wall-clock arithmetic never sneaks in.
                    if isinstance(start.tzinfo, timezone):
                        seconds, micros = divmod(low + remaining - begin, 1_000_000)
                        return start + timedelta(0, seconds, micros)
                    return _moment(low + remaining).astimezone(start.tzinfo)
                remaining -= high - low
                if counted is not None:
                    counted.append((low, high))
    except OverflowError:
        raise BusinessTimeError(f"{target_text(target)} in {calendar.name} hours from {start.isoformat()} "
                                "ends outside the years 1 to 9999") from None
    raise BusinessTimeError(f"{calendar.name} has less than {target_text(target)} of open time in the "
                            f"{HORIZON.days // 366} years after {start.isoformat()}")


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)
_EPOCH_ORDINAL = _NAIVE_EPOCH.toordinal()
_MICRO = timedelta(microseconds=1)
_DAY = 86_400_000_000
_CACHE_DAYS = 20_000


def _micros(moment: datetime) -> int:
    """Microseconds since 1970 of an aware datetime, or of a naive one read as UTC."""
    delta = moment - (_EPOCH if moment.tzinfo is not None else _NAIVE_EPOCH)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _moment(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def _day_spans(calendar: Calendar, day: int) -> tuple[tuple[int, int], ...]:
    """Open time within UTC day number ``day`` (microseconds since 1970), memoised per calendar:
    a batch's tickets fall on the same few weeks, so each day is worked out once."""
    spans = calendar.span_cache.get(day)
    if spans is None:
        low = _moment(day * _DAY)
        high = low + timedelta(days=1)
        spans = tuple((_micros(a), _micros(b)) for a, b in open_spans(calendar, low, high))
        if len(calendar.span_cache) >= _CACHE_DAYS:
            calendar.span_cache.clear()
        calendar.span_cache[day] = spans
    return spans


def open_spans(calendar: Calendar, start: datetime, until: datetime) -> Iterator[tuple[datetime, datetime]]:
    """The open stretches of real time (UTC) from ``start`` to ``until``, in order."""
    zone = calendar.zone
    if zone is None:  # the load check calendar-time-zone rejects such a policy first
        raise BusinessTimeError(f'calendar {calendar.name}: unknown time zone "{calendar.time_zone}"')
    moment = start
    while moment < until:
        offset = _offset(moment, calendar)
        end = min(moment + _WINDOW, until)
        if _offset(end, calendar) != offset:
            end = _next_change(moment, end, offset, calendar)
        wall_start, wall_end = (moment + offset).replace(tzinfo=None), (end + offset).replace(tzinfo=None)
        for open_start, open_end in _open_wall(calendar, wall_start, wall_end):
            yield (open_start - offset).replace(tzinfo=UTC), (open_end - offset).replace(tzinfo=UTC)
        moment = end


def _offset(moment: datetime, calendar: Calendar) -> timedelta:
    offset = moment.astimezone(calendar.zone).utcoffset()
    assert offset is not None
    return offset


def _next_change(low: datetime, high: datetime, offset: timedelta, calendar: Calendar) -> datetime:
    """The first whole second in ``(low, high]`` whose offset differs (zone changes fall on seconds)."""
    base = low.replace(microsecond=0)
    lo, hi = 0, int((high - base) / _SECOND) + 1
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _offset(base + mid * _SECOND, calendar) == offset:
            lo = mid
        else:
            hi = mid
    return min(base + hi * _SECOND, high)


def _open_wall(calendar: Calendar, wall_start: datetime, wall_end: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Open wall-clock intervals (naive local time) clipped to ``[wall_start, wall_end)``."""
    day = wall_start.date()
    while True:
        midnight = datetime(day.year, day.month, day.day)
        if midnight >= wall_end:
            return
        if calendar.closed_on(day) is None:
            for interval in calendar.weekly[day.weekday()]:
                low = max(midnight + timedelta(minutes=interval.start), wall_start)
                high = min(midnight + timedelta(minutes=interval.end), wall_end)
                if low < high:
                    yield from _less_closures(calendar, low, high)
        if day == date.max:
            return
        day += timedelta(days=1)


def _less_closures(calendar: Calendar, low: datetime, high: datetime) -> Iterator[tuple[datetime, datetime]]:
    pieces = [(low, high)]
    for closure in calendar.closures:
        if closure.end <= low or closure.start >= high:
            continue
        cut: list[tuple[datetime, datetime]] = []
        for a, b in pieces:
            if closure.start > a:
                cut.append((a, min(b, closure.start)))
            if closure.end < b:
                cut.append((max(a, closure.end), b))
        pieces = [(a, b) for a, b in cut if a < b]
    yield from pieces


def target_text(target: timedelta) -> str:
    """``timedelta(hours=2, minutes=30)`` as ``2 h 30 min`` for messages and explanations."""
    minutes, seconds = divmod(int(target.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "", f"{seconds} s" if seconds else ""]
    return " ".join(p for p in parts if p) or "0 min"
