"""Business-hours calendars of a policy: when the response clock runs.

A calendar is data (the ``calendars`` section of the policy format): an IANA
time zone, weekly opening hours per weekday (split shifts allowed), public
holidays from the ``holidays`` package (country, optional subdivision), extra
closed dates and one-off closures. Everything is read in the calendar's *local
wall-clock time*: a moment is open when its local date is not closed and its
local time falls in one of that weekday's intervals. That one sentence is the
whole definition; the arithmetic (``sevtriage.engine.business_time``) and the
brute-force walker of the tests both follow it, which settles daylight-saving
days without special cases: in the spring-forward gap no wall time exists (so
nothing is open), and the repeated fall-back hour is open twice if its wall
time is in an interval.

Building a calendar never raises: a time zone or holiday country that does
not exist leaves ``zone``/``holiday_error`` set for the load checks
(``calendar-*``) to report with the YAML position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sevtriage.policy.clocks import WEEKDAYS
from sevtriage.policy.yaml_source import Path, SourceDoc
from sevtriage.problems import Problem

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60
_INTERVAL = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class Interval:
    """Opening hours of one weekday, in minutes after local midnight: ``[start, end)``."""

    start: int
    end: int
    text: str
    index: int  # position in the weekday's list, for error positions

    def label(self) -> str:
        return self.text


@dataclass(frozen=True)
class Closure:
    """A one-off closure, in local wall-clock time: ``[start, end)``."""

    start: datetime
    end: datetime
    reason: str | None
    index: int


@dataclass
class Calendar:
    """Business hours: a time zone, weekly opening hours, holidays and closures."""

    name: str
    time_zone: str
    zone: ZoneInfo | None
    weekly: tuple[tuple[Interval, ...], ...]  # Monday first, as date.weekday()
    holiday_country: str | None
    holiday_subdivision: str | None
    closed_dates: frozenset[date]
    closures: tuple[Closure, ...]
    doc: SourceDoc = field(compare=False, repr=False)
    path: Path = ()
    holiday_error: str | None = None
    bad_dates: tuple[tuple[Path, str], ...] = ()  # (path inside the calendar, message): a date that does not exist
    _holidays: dict[int, frozenset[date]] = field(default_factory=dict, repr=False, compare=False)
    _holiday_names: dict[date, str] = field(default_factory=dict, repr=False, compare=False)
    # The engine's memo of open time per UTC day (sevtriage.engine.business_time); a policy is
    # never modified after loading, so what was computed for a day stays true.
    span_cache: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict, repr=False, compare=False)

    def holidays_of(self, year: int) -> frozenset[date]:
        """The public holidays of ``year`` (cached: the ``holidays`` package builds a year in ~1 ms)."""
        cached = self._holidays.get(year)
        if cached is None:
            cached = frozenset()
            if self.holiday_country and self.holiday_error is None:
                found = _country_holidays(self.holiday_country, self.holiday_subdivision, year)
                self._holiday_names.update(found)
                cached = frozenset(found)
            self._holidays[year] = cached
        return cached

    def closed_on(self, day: date) -> str | None:
        """Why the whole local date is closed (a holiday's name, "closed date"), else None."""
        if day in self.closed_dates:
            return "closed date"
        if day in self.holidays_of(day.year):
            return self._holiday_names.get(day, "public holiday")
        return None

    def problem(self, where: Path, message: str, check_id: str) -> Problem:
        """A load check's problem at ``where`` inside this calendar's YAML (``("hours", "mon", 0)``),
        its message led by the calendar's name: the one way the ``calendar-*`` checks report."""
        return self.doc.problem(self.path + where, f"calendar {self.name}: {message}", check_id)

    def weekly_minutes(self) -> int:
        return sum(i.end - i.start for day in self.weekly for i in day if i.end > i.start)


def _country_holidays(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    import holidays  # imported on first use: the package is large and 24x7 policies never need it

    try:
        table = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except (NotImplementedError, KeyError, ValueError):
        return {}  # reported at load time by calendar-holidays; years the package rejects have none
    return {day: str(name) for day, name in table.items()}


def holiday_problem(country: str, subdivision: str | None) -> str | None:
    """Why ``holidays`` cannot give this country/subdivision's holidays, or None."""
    import holidays

    try:  # the cheap test first: listing every supported country costs ~0.2 s of start-up
        holidays.country_holidays(country, subdiv=subdivision)
        return None
    except NotImplementedError:
        pass
    supported = holidays.list_supported_countries()
    if country not in supported:
        return f'the holidays package does not know the country "{country}" (ISO 3166-1 alpha-2, e.g. FR, DE, US)'
    if subdivision is not None and subdivision not in supported[country]:
        known = ", ".join(supported[country][:12]) + (", ..." if len(supported[country]) > 12 else "")
        return (f'the holidays package does not know the subdivision "{subdivision}" of {country}'
                + (f" (one of {known})" if known else f" ({country} has no subdivisions)"))
    return None


def _minutes(hours: str, minutes: str) -> int:
    return int(hours) * 60 + int(minutes)


def parse_interval(text: str, index: int) -> Interval:
    """``"09:00-18:00"`` (the schema has checked the shape; ``24:00`` ends a day)."""
    match = _INTERVAL.match(text)
    if match is None:  # the schema rejects it first; keep the model total anyway
        return Interval(0, 0, text, index)
    h1, m1, h2, m2 = match.groups()
    return Interval(_minutes(h1, m1), _minutes(h2, m2), text, index)


def _local(text: str) -> datetime:
    """``YYYY-MM-DD`` (midnight) or ``YYYY-MM-DDTHH:MM``; ValueError for a date that does not exist."""
    return datetime.fromisoformat(text) if "T" in text else datetime.combine(date.fromisoformat(text), time())


def _zone(name: str) -> ZoneInfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only for a policy with calendars (start-up)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def build_calendar(name: str, raw: dict[str, Any], doc: SourceDoc, path: Path) -> Calendar:
    """One schema-valid ``calendars.<name>`` entry as a Calendar (never raises: a date
    that does not exist, such as 2026-02-30, is left out and kept in ``bad_dates``)."""
    hours = raw.get("hours") or {}
    weekly = tuple(tuple(parse_interval(text, i) for i, text in enumerate(hours.get(day) or []))
                   for day in WEEKDAYS)
    holidays_raw = raw.get("holidays") or {}
    country = holidays_raw.get("country")
    subdivision = holidays_raw.get("subdivision")
    bad: list[tuple[Path, str]] = []
    closed: set[date] = set()
    for index, text in enumerate(raw.get("closed_dates") or []):
        try:
            closed.add(date.fromisoformat(str(text)))
        except ValueError:
            bad.append((("closed_dates", index), f'"{text}" is not a date'))
    closures: list[Closure] = []
    for index, item in enumerate(raw.get("closures") or []):
        try:
            closures.append(Closure(_local(str(item["from"])), _local(str(item["to"])), item.get("reason"), index))
        except ValueError:
            bad.append((("closures", index), f'"{item["from"]}" or "{item["to"]}" is not a date'))
    return Calendar(
        name=name,
        time_zone=raw["time_zone"],
        zone=_zone(raw["time_zone"]),
        weekly=weekly,
        holiday_country=country,
        holiday_subdivision=subdivision,
        closed_dates=frozenset(closed),
        closures=tuple(closures),
        doc=doc,
        path=path,
        holiday_error=holiday_problem(country, subdivision) if country else None,
        bad_dates=tuple(bad),
    )
