"""Names a level's clock and a calendar's week use, without the calendars themselves.

Kept apart from ``sevtriage.policy.calendars`` so that a policy without calendars (the
bundled one) never imports that module and its classes (start-up).
"""

from __future__ import annotations

ROUND_THE_CLOCK = "24x7"  # a level's clock when it names no calendar
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
