"""Two checkouts of sevtriage against the plain classifier, in one interleaved run (CPU time).

    python bench/versions.py --before /tmp/old-checkout --tickets 100000 --rounds 3

``bench/run.py`` measures one version against plain Python; on a shared machine its
ratio moves by ±0.05 from run to run, more than a change of a few per cent. This runs
``classify --jobs 1 --no-text-flags`` of another checkout (``--before``: a git worktree of
an older commit, imported through ``PYTHONPATH``) and of this one, and the plain std-json
classifier, one after the other in each round, on the same synthetic tickets, and prints
each one's CPU seconds (from ``getrusage(RUSAGE_CHILDREN)``) and its ratio to plain.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import ENVIRONMENT, policy_identity, tickets_file  # noqa: E402


def cpu_seconds(command: list[str], environment: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="Another checkout (its folder holding sevtriage/).")
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--folder", type=Path, default=None, help="Keep the generated file here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sevtriage-versions-") as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        source = str(tickets_file(folder, args.tickets, args.seed))
        # ``python -m sevtriage``, not this venv's console script: the script names this checkout's
        # entry point (sevtriage.cli.entry since 32feefe), which an older checkout may not have.
        classify = [sys.executable, "-m", "sevtriage", "classify", "-q", "--jobs", "1", "--no-text-flags", source]
        variants = {
            f"before ({args.before})": (classify, {**ENVIRONMENT, "PYTHONPATH": str(args.before.resolve())}),
            "this checkout": (classify, ENVIRONMENT),
            "plain, std json": ([sys.executable, str(HERE / "plain.py"), "json", policy_identity(), source],
                                ENVIRONMENT),
        }
        print(f"python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f} at the start; "
              f"{args.tickets:,} tickets, {args.rounds} rounds, interleaved")
        cpu: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.rounds):
            for name, (command, environment) in variants.items():
                cpu[name].append(cpu_seconds(command, environment))
    plain = statistics.median(cpu["plain, std json"])
    for name, values in cpu.items():
        median = statistics.median(values)
        print(f"  {name:<40} {args.tickets / median:>9,.0f} tickets/CPU-s  "
              f"({', '.join(f'{value:.2f}' for value in values)} CPU-s)  {plain / median:.2f}x plain")


if __name__ == "__main__":
    main()
