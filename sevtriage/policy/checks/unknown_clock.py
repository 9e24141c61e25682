"""Every level's ``clock`` is ``24x7`` or a calendar the policy defines.

.. rubric:: FAIL

::

    levels: [{level: 1, name: critical, response_target: PT2H, clock: paris-ofice}]
    calendars:
      paris-office: {time_zone: Europe/Paris, hours: {mon: ["09:00-18:00"]}}

.. rubric:: PASS

::

    levels: [{level: 1, name: critical, response_target: PT2H, clock: paris-office}]
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sevtriage.policy.calendars import ROUND_THE_CLOCK
from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "unknown-clock"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "a level's clock is neither 24x7 nor a calendar of the policy"


def check(policy: Policy) -> Iterator[Problem]:
    names = sorted(policy.calendars)
    for doc in policy.docs:
        for index, raw in enumerate(doc.data.get("levels") or []):
            clock = raw.get("clock", ROUND_THE_CLOCK) if isinstance(raw, dict) else ROUND_THE_CLOCK
            if clock == ROUND_THE_CLOCK or clock in policy.calendars:
                continue
            close = difflib.get_close_matches(clock, names, n=1)
            hint = (f'; did you mean "{close[0]}"?' if close
                    else f" (calendars: {', '.join(names)})" if names else " (the policy defines no calendars)")
            yield doc.problem(("levels", index, "clock"), f'Level {raw.get("level")}: clock "{clock}" is not '
                                                           f"24x7 or a calendar{hint}", ID)
