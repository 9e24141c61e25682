"""Opening hours and closures are well-formed: each interval ends after it starts,
a weekday's intervals do not overlap, and every date exists.

Reversed hours (``18:00-09:00``) would silently count nothing, and overlapping
ones would count the shared time twice in a reader's head though not in the
arithmetic: both are typos. An overnight shift is written as two intervals,
``22:00-24:00`` on one day and ``00:00-06:00`` on the next.

.. rubric:: FAIL

::

    calendars:
      office:
        time_zone: Europe/Paris
        hours: {mon: ["09:00-12:30", "12:00-18:00"], tue: ["18:00-09:00"]}
        closures: [{from: "2026-08-14", to: "2026-08-10"}]

.. rubric:: PASS

::

    calendars:
      office:
        time_zone: Europe/Paris
        hours: {mon: ["09:00-12:30", "13:30-18:00"]}
        closures: [{from: "2026-08-10", to: "2026-08-15"}]
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from sevtriage.policy.clocks import WEEKDAYS
from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "calendar-intervals"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "a calendar's opening hours or closures are reversed, empty or overlapping, or a date does not exist"


def check(policy: Policy) -> Iterator[Problem]:
    for calendar in policy.calendars.values():
        for day, intervals in zip(WEEKDAYS, calendar.weekly, strict=True):
            for interval in intervals:
                if interval.end <= interval.start:
                    yield calendar.problem(("hours", day, interval.index),
                                           f'{day} "{interval.text}" ends before it starts (an overnight shift is '
                                           "two intervals: 22:00-24:00 and 00:00-06:00 on the next day)", ID)
            valid = sorted((i for i in intervals if i.end > i.start), key=lambda i: i.start)
            for first, second in pairwise(valid):
                if second.start < first.end:
                    yield calendar.problem(("hours", day, second.index),
                                           f'{day} "{second.text}" overlaps "{first.text}"', ID)
        for closure in calendar.closures:
            if closure.end <= closure.start:
                yield calendar.problem(("closures", closure.index),
                                       f"closure {closure.index + 1} ends ({closure.end.isoformat(timespec='minutes')})"
                                       f" before it starts ({closure.start.isoformat(timespec='minutes')})", ID)
        for where, message in calendar.bad_dates:
            yield calendar.problem(where, message, ID)
