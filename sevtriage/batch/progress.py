"""What a long batch tells the person waiting: a progress line, then a summary.

Both go to standard error, so standard output stays pure results. The
progress line is drawn only when standard error is a terminal (a log file or
a CI console should not fill with carriage returns), at most ten times a
second; the summary is printed in every case, unless ``--quiet``.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

from sevtriage.wording import counted

REDRAW_SECONDS = 0.1


@dataclass
class Tally:
    """Counts for the summary, updated as records are written."""

    tickets: int = 0
    errors: int = 0
    duplicates: int = 0
    blank_lines: int = 0
    empty_payloads: int = 0  # payloads holding no ticket ([], {"tickets": []}): no record
    input_bytes: int = 0   # of the records written: the progress line's fraction
    levels: Counter[int] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else 0.0


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """One self-overwriting line: count, rate, and time left when the input size is known."""

    def __init__(self, stream: TextIO, total_bytes: int | None, enabled: bool):
        self.stream = stream
        self.total_bytes = total_bytes or None
        self.enabled = enabled
        self._last = 0.0
        self._drawn = False

    def update(self, tally: Tally, bytes_read: int, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < REDRAW_SECONDS:
            return
        self._last = now
        elapsed = tally.elapsed()
        text = f"{counted(tally.tickets, 'ticket')}  {_rate(tally.tickets, elapsed):,.0f}/s"
        if self.total_bytes:
            fraction = min(bytes_read / self.total_bytes, 1.0)
            text += f"  {fraction:6.1%}"
            if 0 < fraction < 1:
                text += f"  {_clock(elapsed / fraction - elapsed)} left"
        self.stream.write("\r" + text + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False


def summary(tally: Tally, level_names: dict[int, str], interrupted: bool = False) -> str:
    """The end-of-run report, e.g. ``20,000 tickets in 1.2 s (16,400 tickets/s): ...``."""
    elapsed = tally.elapsed()
    head = "interrupted after" if interrupted else "classified"
    lines = [f"sevtriage: {head} {counted(tally.tickets, 'ticket')} in {elapsed:.1f} s "
             f"({_rate(tally.tickets, elapsed):,.0f} tickets/s): "
             f"{counted(tally.tickets - tally.errors, 'result')}, {counted(tally.errors, 'error')}, "
             f"{counted(tally.blank_lines, 'blank line')} skipped"
             + (f", {counted(tally.duplicates, 'duplicate id')}" if tally.duplicates else "")
             + (f", {counted(tally.empty_payloads, 'empty payload')} (no ticket)" if tally.empty_payloads else "")]
    if tally.levels:
        lines.append("  " + "  ".join(f"Level {level} {level_names.get(level, '')}: {tally.levels[level]:,}"
                                      for level in sorted(tally.levels)))
    return "\n".join(lines) + "\n"
