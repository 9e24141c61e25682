"""Speed of the text detectors: alone, and inside ``sevtriage classify``, in the same run.

    python bench/text_speed.py                          # 3,000 tickets, 3 rounds
    python bench/text_speed.py --tickets 5000 --rounds 5 --data DIR

Tickets of 300-2,000 characters are made from the real reports of the data
folder (``../shared/data/realdata`` from the repo root; Hadoop Jira and the
French issues), each a subject and a description clipped or joined to a
length drawn uniformly from 300-2,000 characters (seeded). Measured, rounds
interleaved so that a noisy neighbour slows every variant alike:

- ``detectors alone``: ``TextFlags.apply`` on every decoded ticket, in this
  process, tickets per CPU-second (``time.process_time``) and per wall-second
  (target: >= 20,000 tickets/s on one core);
- ``without prefilter``: the same with the anchor prefilter off (every
  pattern runs on every ticket); its derived flags must be identical;
- ``classify`` and ``classify --no-text-flags``: ``sevtriage classify --jobs 1``
  end to end in a subprocess (CPU from ``getrusage`` of the child); the ratio
  of their throughputs (target: >= 0.6x).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from sevtriage.policy.loader import load_policy  # noqa: E402
from sevtriage.resources import bundled_policy_path  # noqa: E402
from sevtriage.tickets.textflags import TextFlags  # noqa: E402

SEVTRIAGE = str(Path(sys.executable).with_name("sevtriage"))
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "realdata"
MIN_CHARS, MAX_CHARS = 300, 2000


def make_tickets(data: Path, count: int, seed: int) -> list[dict[str, Any]]:
    reports = []
    for name in ("hadoop_jira_dev.jsonl", "vscode_issues_fr.jsonl"):
        with open(data / name, encoding="utf-8") as handle:
            reports += [json.loads(line) for line in handle if line.strip()]
    rng = random.Random(seed)
    out = []
    for number in range(count):
        size = rng.randint(MIN_CHARS, MAX_CHARS)
        first = rng.choice(reports)
        text = first.get("text") or ""
        while len(text) < size:
            text += "\n\n" + (rng.choice(reports).get("text") or "")
        out.append({"id": f"S-{number}", "subject": first.get("title") or "", "description": text[:size],
                    "created_at": "2026-03-02T09:15:00+01:00"})
    return out


def time_detectors(text_flags: TextFlags, tickets: list[dict[str, Any]]) -> tuple[float, float, list[Any]]:
    cpu0, wall0 = time.process_time(), time.perf_counter()
    found = [text_flags.apply(t)[1] for t in tickets]
    return time.process_time() - cpu0, time.perf_counter() - wall0, found


def run(command: list[str], output: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(output, "wb") as out:
        start = time.perf_counter()
        status = subprocess.call(command, stdout=out)
        elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if status not in (0,):
        raise SystemExit(f"{command} failed with status {status}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--tickets", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    tickets = make_tickets(args.data, args.tickets, args.seed)
    mean_chars = statistics.mean(len(t["subject"]) + len(t["description"]) for t in tickets)
    print(f"{len(tickets):,} tickets of {MIN_CHARS}-{MAX_CHARS} characters (mean {mean_chars:,.0f}), "
          f"{args.rounds} rounds, interleaved")
    policy = load_policy(bundled_policy_path())
    assert policy.text is not None
    with_prefilter = TextFlags(policy.text)
    without_prefilter = TextFlags(policy.text)
    without_prefilter.matcher.use_prefilter = False
    results: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "tickets.jsonl"
        source.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tickets), encoding="utf-8")
        commands = {
            "classify --jobs 1": [SEVTRIAGE, "classify", "-q", "--jobs", "1", str(source)],
            "classify --jobs 1 --no-text-flags": [SEVTRIAGE, "classify", "-q", "--jobs", "1", "--no-text-flags",
                                                  str(source)],
        }
        identical = True
        for _ in range(args.rounds):
            cpu, wall, fast = time_detectors(with_prefilter, tickets)
            results.setdefault("detectors alone", []).append((cpu, wall))
            cpu, wall, slow = time_detectors(without_prefilter, tickets)
            results.setdefault("detectors alone, no prefilter", []).append((cpu, wall))
            identical &= fast == slow
            for name, command in commands.items():
                wall, cpu = run(command, Path(folder) / f"out-{len(name)}.jsonl")
                results.setdefault(name, []).append((cpu, wall))
    count = len(tickets)
    rate = {name: (statistics.median(count / c for c, _ in v), statistics.median(count / w for _, w in v))
            for name, v in results.items()}
    print(f"  {'variant':<36} {'tickets/CPU-s':>14} {'tickets/wall-s':>15}   (medians)")
    for name, (cpu, wall) in rate.items():
        print(f"  {name:<36} {cpu:>14,.0f} {wall:>15,.0f}")
    with_text, without = rate["classify --jobs 1"], rate["classify --jobs 1 --no-text-flags"]
    print(f"  classify with detectors / --no-text-flags: {with_text[0] / without[0]:.2f}x CPU "
          f"({with_text[1] / without[1]:.2f}x wall)   target >= 0.6x")
    print(f"  detectors alone: {rate['detectors alone'][0]:,.0f} tickets per CPU-second   target >= 20,000")
    print(f"  prefilter pays: {rate['detectors alone'][0] / rate['detectors alone, no prefilter'][0]:.2f}x; "
          f"derived flags identical without it: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
