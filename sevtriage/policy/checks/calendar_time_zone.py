"""Every calendar's time zone is one the IANA database (``zoneinfo``) knows.

A misspelt zone would otherwise fail on the first ticket, or worse, a fixed
offset typed by hand would ignore daylight saving.

.. rubric:: FAIL

::

    calendars:
      paris-office: {time_zone: Europe/Pariss, hours: {mon: ["09:00-18:00"]}}

.. rubric:: PASS

::

    calendars:
      paris-office: {time_zone: Europe/Paris, hours: {mon: ["09:00-18:00"]}}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import lru_cache

from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "calendar-time-zone"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "a calendar's time zone is not an IANA time zone (e.g. Europe/Paris)"


@lru_cache(maxsize=1)
def _known() -> list[str]:
    import zoneinfo  # only to suggest a name (start-up: a policy load need not import it)
    return sorted(zoneinfo.available_timezones())


def check(policy: Policy) -> Iterator[Problem]:
    for calendar in policy.calendars.values():
        if calendar.zone is None:
            close = difflib.get_close_matches(calendar.time_zone, _known(), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else " (IANA names such as Europe/Paris)"
            yield calendar.problem(("time_zone",), f'unknown time zone "{calendar.time_zone}"{hint}', ID)
