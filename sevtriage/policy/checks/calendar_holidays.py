"""Every calendar's holiday country (and subdivision) is one the ``holidays`` package knows.

Otherwise the calendar would quietly have no public holidays at all.

.. rubric:: FAIL

::

    calendars:
      office: {time_zone: Europe/Paris, hours: {mon: ["09:00-18:00"]}, holidays: {country: FX}}

.. rubric:: PASS

::

    calendars:
      office: {time_zone: Europe/Paris, hours: {mon: ["09:00-18:00"]}, holidays: {country: FR}}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "calendar-holidays"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "a calendar's holiday country or subdivision is unknown to the holidays package"


def check(policy: Policy) -> Iterator[Problem]:
    for calendar in policy.calendars.values():
        if calendar.holiday_error is not None:
            key = "subdivision" if "subdivision" in calendar.holiday_error else "country"
            yield calendar.problem(("holidays", key), calendar.holiday_error, ID)
