"""When responses are due: ``respond_by`` counted per time bucket and level, in bounded memory.

Deadlines are counted per UTC hour; should a batch spread over more distinct
hours than ``MAX_KEYS`` (years of deadlines), the counts are folded into days
so memory stays bounded whatever the input. The page then picks the smallest
bucket (1 h, 3 h, 6 h, 12 h, 1 day, 1 week, 30 days, 365 days) that shows the
whole span, "now" included, in at most ``MAX_BARS`` bars.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

HOUR, DAY = 3600, 86400
BUCKETS = (HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 7 * DAY, 30 * DAY, 365 * DAY)
MAX_KEYS = 20_000
MAX_BARS = 96
MONDAY = 4 * DAY  # 1970-01-05, the first Monday after the epoch
# Windows for "due within the next ...", in seconds after now (the policy's targets are 2, 6, 12 and 24 h).
WINDOWS = (("overdue", 0), ("within 2 h", 2 * HOUR), ("within 6 h", 6 * HOUR),
           ("within 24 h", 24 * HOUR), ("later", None))


def epoch_seconds(stamp: str) -> int:
    """Seconds since the epoch of an RFC 3339 time; a time without offset is read as UTC."""
    moment = datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


@dataclass
class Histogram:
    """Counts keyed by (bucket start in epoch seconds, level), at hour or (after folding) day grain."""

    grain: int = HOUR
    counts: Counter[tuple[int, int]] = field(default_factory=Counter)
    _starts: set[int] = field(default_factory=set)

    def add(self, seconds: int, level: int) -> None:
        start = seconds - seconds % self.grain
        self.counts[(start, level)] += 1
        if start not in self._starts:
            self._starts.add(start)
            if len(self._starts) > MAX_KEYS and self.grain < DAY:
                self._fold()

    def _fold(self) -> None:
        folded: Counter[tuple[int, int]] = Counter()
        for (start, level), count in self.counts.items():
            folded[(start - start % DAY, level)] += count
        self.grain, self.counts = DAY, folded
        self._starts = {start for start, _ in folded}

    def bars(self, now: int | None) -> tuple[int, list[int], dict[tuple[int, int], int]]:
        """(bucket seconds, bucket starts, counts per (start, level)) for at most MAX_BARS bars."""
        starts = [start for start in self._starts] + ([now] if now is not None else [])
        if not starts:
            return self.grain, [], {}
        low, high = min(starts), max(starts)
        size = next((b for b in BUCKETS if b >= self.grain and (high // b - low // b) < MAX_BARS),
                    DAY * (-(-(high - low) // (DAY * (MAX_BARS - 1))) + 1))
        origin = MONDAY if size == 7 * DAY else 0  # weeks start on Monday (the epoch was a Thursday)
        first, last = low - (low - origin) % size, high - (high - origin) % size
        bars: Counter[tuple[int, int]] = Counter()
        for (start, level), count in self.counts.items():
            bars[(start - (start - origin) % size, level)] += count
        count = (last - first) // size + 1
        return size, [first + i * size for i in range(count)], dict(bars)


_LIMITS = [limit for _, limit in WINDOWS if limit is not None]
_NAMES = [name for name, _ in WINDOWS]


def window_of(seconds: int, now: int) -> str:
    """Which "due within" window a deadline falls in, seen from ``now``."""
    return _NAMES[bisect.bisect_right(_LIMITS, seconds - now)]
