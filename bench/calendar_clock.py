"""Classify with a business-hours calendar against the same policy around the clock, in one run.

    python bench/calendar_clock.py                       # 50,000 tickets, 5 interleaved rounds
    python bench/calendar_clock.py --tickets 10000 --rounds 3        # shorter

Two variants of ``sevtriage classify -q --jobs 1`` read the same seeded synthetic
file (bench/synthetic.py; created_at spread over nine months of 2026):

- ``24x7``: examples/paris-office/rules with every ``clock:``, ``clocks:`` and the
  ``calendars`` section removed (the same rules and levels, wall-clock deadlines);
- ``paris-office``: the example as shipped (Levels 2-4 in Paris office hours with
  French public holidays, a closed date and a closure).

Rounds alternate the order of the variants so that a noisy neighbour slows both
alike. Reported: tickets per wall-second and per CPU-second (user + system of
the child, from ``getrusage(RUSAGE_CHILDREN)``), medians, and the ratio
calendar / 24x7 (target >= 0.8). Then, in this process: microseconds per
deadline of ``due_time`` (what each result uses) on the example calendar.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synthetic import write_jsonl  # noqa: E402

SEVTRIAGE = str(Path(sys.executable).with_name("sevtriage"))
EXAMPLE = ROOT / "examples" / "paris-office" / "rules"


def round_the_clock_copy(folder: Path) -> Path:
    """The example's rules with no calendar: same levels and rules, deadlines in wall-clock time."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in EXAMPLE.glob("*.yaml"):
        text = source.read_text(encoding="utf-8")
        if source.name == "policy.yaml":
            text = re.sub(r"\n    clocks:[^\n]*(\n      - [^\n]*)*", "", text)
            text = re.sub(r"\n    clock: [^\n]*", "", text)
            text = text.split("\ncalendars:", 1)[0] + "\n"
        (folder / source.name).write_text(text, encoding="utf-8")
    return folder


def run(rules: Path, tickets: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(os.devnull, "wb") as out:
        subprocess.run([SEVTRIAGE, "classify", "-q", "--jobs", "1", "--rules", str(rules), str(tickets)],
                       stdout=out, check=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def deadline_micros(count: int) -> float:
    from sevtriage.engine.business_time import due_time
    from sevtriage.policy.loader import load_policy

    calendar = load_policy(EXAMPLE).calendars["paris-office"]
    start = datetime.fromisoformat("2026-01-05T08:17:00+01:00")
    moments = [start + timedelta(minutes=17 * i) for i in range(count)]
    began = time.perf_counter()
    for moment in moments:
        due_time(calendar, moment, timedelta(hours=12))
    return (time.perf_counter() - began) / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tickets", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tickets = folder / "tickets.jsonl"
        with tickets.open("w", encoding="utf-8") as out:
            write_jsonl(out, args.tickets)
        variants = {"24x7": round_the_clock_copy(folder / "rules-24x7"), "paris-office": EXAMPLE}
        wall: dict[str, list[float]] = {name: [] for name in variants}
        cpu: dict[str, list[float]] = {name: [] for name in variants}
        for index in range(args.rounds):
            order = list(variants) if index % 2 == 0 else list(reversed(variants))
            for name in order:
                elapsed, used = run(variants[name], tickets)
                wall[name].append(args.tickets / elapsed)
                cpu[name].append(args.tickets / used)
    print(f"{args.tickets} tickets, {args.rounds} interleaved rounds, classify --jobs 1, medians")
    for name in variants:
        print(f"  {name:13s} {statistics.median(wall[name]):9,.0f} tickets/s wall "
              f"{statistics.median(cpu[name]):9,.0f} tickets/CPU-s")
    ratio_wall = statistics.median(wall["paris-office"]) / statistics.median(wall["24x7"])
    ratio_cpu = statistics.median(cpu["paris-office"]) / statistics.median(cpu["24x7"])
    verdict = "met" if min(ratio_wall, ratio_cpu) >= 0.8 else "MISSED"
    print(f"  calendar / 24x7: {ratio_wall:.2f}x wall, {ratio_cpu:.2f}x CPU (target >= 0.8x: {verdict})")
    print(f"  due_time, PT12H on paris-office, 20,000 starts over 236 days: {deadline_micros(20_000):.1f} us each")


if __name__ == "__main__":
    main()
