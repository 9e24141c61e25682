"""Every level's ``clock`` (and each ``clocks:`` entry's) is ``24x7`` or a calendar the policy defines.

.. rubric:: FAIL

::

    levels: [{level: 1, name: critical, response_target: PT2H, clock: paris-ofice}]
    calendars:
      paris-office: {time_zone: Europe/Paris, hours: {mon: ["09:00-18:00"]}}

.. rubric:: PASS

::

    levels: [{level: 1, name: critical, response_target: PT2H, clock: paris-office}]
    calendars:
      paris-office: {time_zone: Europe/Paris, hours: {mon: ["09:00-18:00"]}}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sevtriage.policy.clocks import ROUND_THE_CLOCK
from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "unknown-clock"
LEVEL = ERROR
STAGE = "load"
SUMMARY = "a level's clock is neither 24x7 nor a calendar of the policy"


def _message(level: object, clock: str, names: list[str]) -> str:
    close = difflib.get_close_matches(clock, names, n=1)
    hint = (f'; did you mean "{close[0]}"?' if close
            else f" (calendars: {', '.join(names)})" if names else " (the policy defines no calendars)")
    return f'Level {level}: clock "{clock}" is not 24x7 or a calendar{hint}'


def check(policy: Policy) -> Iterator[Problem]:
    names = sorted(policy.calendars)
    for doc in policy.docs:
        for index, raw in enumerate(doc.data.get("levels") or []):
            if not isinstance(raw, dict):
                continue
            clock = raw.get("clock", ROUND_THE_CLOCK)
            if clock != ROUND_THE_CLOCK and clock not in policy.calendars:
                yield doc.problem(("levels", index, "clock"), _message(raw.get("level"), clock, names), ID)
            for number, choice in enumerate(raw.get("clocks") or []):
                clock = choice["clock"]
                if clock != ROUND_THE_CLOCK and clock not in policy.calendars:
                    yield doc.problem(("levels", index, "clocks", number, "clock"),
                                      _message(raw.get("level"), clock, names), ID)
