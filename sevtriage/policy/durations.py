"""ISO 8601 durations of days, hours, minutes and seconds (``PT2H``, ``P1D``).

Years and months are left out on purpose: their length depends on the
calendar, and a response target must be an exact span of wall-clock time.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sevtriage.wording import json_term

_DURATION = re.compile(r"^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


def parse_duration(text: str) -> timedelta:
    """``PT2H`` -> 2 hours; raises ValueError on anything else."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"not an ISO 8601 duration of days/hours/minutes/seconds: {json_term(text)}")
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
