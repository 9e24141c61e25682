"""Every calendar is the clock of some level.

An unused calendar is dead configuration, or the sign of a level that forgot
its ``clock:`` and still counts around the clock.

.. rubric:: FAIL

::

    calendars:
      paris-office: {time_zone: Europe/Paris, hours: {mon: ["09:00-18:00"]}}
    levels: [{level: 1, name: critical, response_target: PT2H}]   # 24x7

.. rubric:: PASS

::

    calendars:
      paris-office: {time_zone: Europe/Paris, hours: {mon: ["09:00-18:00"]}}
    levels: [{level: 1, name: critical, response_target: PT2H, clock: paris-office}]
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.problems import WARNING, Problem

ID = "calendar-unused"
LEVEL = WARNING
SUMMARY = "a calendar that no level uses as its clock"


def check(analysis: Analysis) -> Iterator[Problem]:
    policy = analysis.policy
    used = {level.clock for level in policy.levels.values()}
    used |= {choice.clock for level in policy.levels.values() for choice in level.clock_choices}
    for calendar in policy.calendars.values():
        if calendar.name not in used:
            yield calendar.doc.problem(calendar.path, f"calendar {calendar.name} is not the clock of any level "
                                                      "(levels count their targets 24x7 unless they say clock: NAME)",
                                       ID, level=LEVEL, key=True)
