"""How a deadline on a calendar clock was reached, in words a support agent checks by hand.

"created Fri 27 Nov 17:30 Paris; 30 min counted Fri 27 Nov; resumes Mon 30 Nov 09:00;
due Mon 30 Nov 10:30 (PT2H in paris-office hours)". The stretches come from the same
``add_open_time`` that computed ``respond_by``, so the words cannot disagree with it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sevtriage.engine.business_time import Deadline, add_open_time, target_text
from sevtriage.policy.calendars import Calendar
from sevtriage.policy.model import Level

MAX_SKIPPED_NAMED = 3
MAX_GAP_DAYS_READ = 60


def calendar_deadline(calendar: Calendar, level: Level, created: datetime) -> dict[str, Any]:
    """The ``respond_by`` explanation fields of a level on a calendar clock."""
    deadline = add_open_time(calendar, created, level.response_delta)
    offset = created.tzinfo
    counted = _merged(deadline)
    return {
        "clock": calendar.name,
        "counted": [{"from": a.astimezone(offset).isoformat(), "to": b.astimezone(offset).isoformat(),
                     "minutes": round((b - a).total_seconds() / 60, 2)} for a, b in counted],
        "calculation": _words(calendar, level, created, deadline, counted),
    }


def _merged(deadline: Deadline) -> list[tuple[datetime, datetime]]:
    """Counted stretches with touching ends joined (the walker splits them at UTC midnight)."""
    out: list[tuple[datetime, datetime]] = []
    for a, b in deadline.counted:
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _words(calendar: Calendar, level: Level, created: datetime, deadline: Deadline,
           counted: list[tuple[datetime, datetime]]) -> str:
    assert calendar.zone is not None
    zone = calendar.zone
    place = calendar.time_zone.rsplit("/", 1)[-1].replace("_", " ")

    def when(moment: datetime) -> str:
        local = moment.astimezone(zone)
        return local.strftime("%a %d %b %H:%M") + (f" {local.year}" if local.year != created.year else "")

    parts = [f"created {when(created)} {place}"]
    groups: list[list[tuple[datetime, datetime]]] = []  # counted stretches by the local date they start on
    for a, b in counted:
        if groups and groups[-1][0][0].astimezone(zone).date() == a.astimezone(zone).date():
            groups[-1].append((a, b))
        else:
            groups.append([(a, b)])
    if not groups and deadline.due > created:
        parts.append(f"clock starts {when(deadline.due)}{_skipped(calendar, created, deadline.due)}")
    for index, group in enumerate(groups):
        begin = group[0][0]
        if index == 0 and begin > created:
            parts.append(f"clock starts {when(begin)}{_skipped(calendar, created, begin)}")
        elif index > 0:
            parts.append(f"resumes {when(begin)}{_skipped(calendar, groups[index - 1][-1][1], begin)}")
        if index < len(groups) - 1:
            total = sum((b - a for a, b in group), timedelta())
            parts.append(f"{target_text(total)} counted {begin.astimezone(zone).strftime('%a %d %b')}")
    parts.append(f"due {when(deadline.due)} ({level.response_target} in {calendar.name} hours)")
    return "; ".join(parts)


def _skipped(calendar: Calendar, low: datetime, high: datetime) -> str:
    """The holidays, closed dates and closures passed over between two moments, named."""
    assert calendar.zone is not None
    start, end = low.astimezone(calendar.zone), high.astimezone(calendar.zone)
    names: list[str] = []
    day = start.date()
    for _ in range(MAX_GAP_DAYS_READ):
        if day > end.date():
            break
        reason = calendar.closed_on(day)
        if reason is not None and calendar.weekly[day.weekday()]:
            names.append(f"{day.strftime('%a %d %b')}: {reason}")
        day += timedelta(days=1)
    naive_start, naive_end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    for closure in calendar.closures:
        if closure.start < naive_end and closure.end > naive_start:
            names.append(f"closure: {closure.reason}" if closure.reason else "a closure")
    if not names:
        return ""
    more = len(names) - MAX_SKIPPED_NAMED
    return " (closed " + "; ".join(names[:MAX_SKIPPED_NAMED]) + (f"; {more} more" if more > 0 else "") + ")"
