"""Every calendar is open for some time in a week.

A calendar with no opening hours would make every deadline on it unreachable
(the arithmetic would walk ten years and give up on every ticket).

.. rubric:: FAIL

::

    calendars:
      office: {time_zone: Europe/Paris, hours: {}}

.. rubric:: PASS

::

    calendars:
      office: {time_zone: Europe/Paris, hours: {mon: ["09:00-18:00"]}}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "calendar-never-open"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "a calendar has no open hour in a week"


def check(policy: Policy) -> Iterator[Problem]:
    for calendar in policy.calendars.values():
        if calendar.weekly_minutes() == 0:
            yield calendar.problem(("hours",), "never open (no weekday has opening hours)", ID)
