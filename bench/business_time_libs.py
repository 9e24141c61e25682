"""Compare sevtriage's interval walker with the workclock package on the same deadlines.

    pip install workclock                     # not a dependency of sevtriage: for this comparison only
    python bench/business_time_libs.py --count 20000

Each library gets the Paris office calendar (Mon-Fri 09:00-18:00, Europe/Paris, French
public holidays 2024-2028) and the same seeded ticket times, many of them in the weeks of
the daylight-saving changes, with targets of 2, 6, 12 and 24 hours. Reported: the
number of deadlines on which workclock disagrees with the walker (each disagreement, up to
20, is settled by a minute-by-minute brute force), and microseconds per deadline (best of
three passes, the walker's per-day memo warm as in a batch).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sevtriage.engine.business_time import add_open_time  # noqa: E402
from sevtriage.policy.calendars import Calendar, build_calendar  # noqa: E402
from sevtriage.policy.yaml_source import SourceDoc  # noqa: E402

HOURS = {day: ["09:00-18:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
RAW = {"time_zone": "Europe/Paris", "hours": HOURS, "holidays": {"country": "FR"}}


def moments(count: int, seed: int = 7) -> list[tuple[datetime, timedelta]]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        year = rng.randint(2024, 2027)
        month = rng.choice([3, 3, 10, 10, 12, 5, 8, 1])
        day = rng.randint(1, 28)
        moment = datetime(year, month, day, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 1439))
        offset = timezone(timedelta(hours=rng.choice([1, 2, 0, -5])))
        out.append((moment.astimezone(offset), timedelta(hours=rng.choice([2, 6, 12, 24]))))
    return out


def best_of_three(run: object, cases: list[tuple[datetime, timedelta]]) -> float:
    times = []
    for _ in range(3):
        began = time.perf_counter()
        for start, target in cases:
            run(start, target)  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return min(times) / len(cases) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=20_000)
    args = parser.parse_args()
    cases = moments(args.count)
    calendar = build_calendar("paris-office", RAW, SourceDoc("bench", None), ("calendars", "paris-office"))

    def walker(start: datetime, target: timedelta) -> datetime:
        return add_open_time(calendar, start, target).due

    expected = [walker(s, t) for s, t in cases]
    print(f"{args.count} Paris office deadlines (targets 2-24 h, DST weeks, FR holidays)")
    print(f"  sevtriage walker   {best_of_three(walker, cases):7.1f} us/deadline")
    try:
        import holidays
        import workclock
    except ImportError:
        print("  workclock          not installed (pip install workclock)")
        return
    from datetime import time as clock

    dates = list(holidays.country_holidays("FR", years=range(2023, 2030)))
    schedule = workclock.Schedule([workclock.WorkDay(clock(9), clock(18), range(5)), workclock.Holidays(dates)],
                                  time_zone="Europe/Paris")

    def other(start: datetime, target: timedelta) -> datetime:
        return schedule.add(start, target)

    got = [other(s, t) for s, t in cases]
    differ = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if a != b]
    for index in differ[:20]:
        start, target = cases[index]
        truth = brute(calendar, start, int(target.total_seconds() // 60))
        print(f"    {start.isoformat()} + {target}: walker {expected[index].isoformat()}, "
              f"workclock {got[index].isoformat()}, brute force {truth.isoformat()}")
    print(f"  workclock {workclock.__version__ if hasattr(workclock, '__version__') else ''}"
          f"   {best_of_three(other, cases):7.1f} us/deadline, {len(differ)} disagreements with the walker")


def brute(calendar: Calendar, start: datetime, minutes: int) -> datetime:
    """The calendar's definition, a minute at a time (start on a whole minute)."""
    assert calendar.zone is not None
    moment, counted = start, 0
    while True:
        wall = moment.astimezone(calendar.zone)
        open_now = (wall.weekday() < 5 and 9 <= wall.hour < 18
                    and calendar.closed_on(wall.date()) is None)
        if open_now:
            counted += 1
            if counted == minutes:
                return moment + timedelta(minutes=1)
        moment += timedelta(minutes=1)


if __name__ == "__main__":
    main()
