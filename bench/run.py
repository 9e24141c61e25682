"""Benchmark of ``sevtriage classify`` against its baselines, measured in the same run.

    python bench/run.py                      # 100,000 tickets, 5 rounds, RSS at 10k and 1M
    python bench/run.py --tickets 20000 --rounds 3 --rss-at 10000

Every variant is a separate process reading the same seeded synthetic file
(bench/synthetic.py) and writing its JSONL to a file; the rounds interleave the
variants so that a noisy neighbour slows all of them alike. Printed: tickets/s
medians, the ratios against the pure-Python reference evaluator and the I/O
floor, 2 jobs against 1, peak RSS (the largest single process of the run, from
``wait4``), the time of a one-ticket classify, and the differential check:
the engine's output must equal the reference evaluator's, line for line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import write_jsonl  # noqa: E402

SEVTRIAGE = str(Path(sys.executable).with_name("sevtriage"))
VARIANTS = {
    "classify --jobs 1": lambda f: [SEVTRIAGE, "classify", "-q", "--jobs", "1", f],
    "classify --jobs 2": lambda f: [SEVTRIAGE, "classify", "-q", "--jobs", "2", f],
    "reference evaluator": lambda f: [sys.executable, str(HERE / "baselines.py"), "reference", f],
    "I/O floor": lambda f: [sys.executable, str(HERE / "baselines.py"), "io-floor", f],
}


def tickets_file(folder: Path, count: int, seed: int) -> Path:
    path = folder / f"tickets-{count}-{seed}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            write_jsonl(out, count, seed)
    return path


def run(command: list[str], output: Path | None) -> tuple[float, int, int]:
    """(wall seconds, exit status, peak RSS in KiB of the process tree's largest process)."""
    with open(output or os.devnull, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, process.returncode, usage.ru_maxrss


def disagreements(engine: Path, reference: Path) -> int:
    with engine.open("rb") as left, reference.open("rb") as right:
        count = sum(1 for a, b in zip(left, right, strict=False) if a != b)
    with engine.open("rb") as left, reference.open("rb") as right:
        return count + abs(sum(1 for _ in left) - sum(1 for _ in right))


def throughput(folder: Path, count: int, rounds: int, seed: int) -> None:
    source = tickets_file(folder, count, seed)
    print(f"{count:,} synthetic tickets ({source.stat().st_size / count:,.0f} bytes each on average), "
          f"{rounds} rounds, interleaved")
    rates: dict[str, list[float]] = {name: [] for name in VARIANTS}
    outputs = {name: folder / f"out-{n}.jsonl" for n, name in enumerate(VARIANTS)}
    for _ in range(rounds):
        for name, command in VARIANTS.items():
            elapsed, status, _ = run(command(str(source)), outputs[name])
            if status != 0:  # every synthetic ticket is valid: anything else is a failure
                raise SystemExit(f"{name} failed with status {status}")
            rates[name].append(count / elapsed)
    median = {name: statistics.median(values) for name, values in rates.items()}
    for name, value in median.items():
        spread = f"{min(rates[name]):,.0f}..{max(rates[name]):,.0f}"
        print(f"  {name:<22} {value:>9,.0f} tickets/s  (median; range {spread})")
    single, double = median["classify --jobs 1"], median["classify --jobs 2"]
    print(f"  (a)/(b) classify --jobs 1 / reference evaluator: {single / median['reference evaluator']:.2f}x"
          f"   (target >= 0.5x)")
    print(f"  (a)/(c) classify --jobs 1 / I/O floor:           {single / median['I/O floor']:.2f}x")
    print(f"  (a)/(c) classify --jobs 2 / I/O floor:           {double / median['I/O floor']:.2f}x")
    print(f"  2 jobs / 1 job:                                  {double / single:.2f}x   (target >= 1.7x)")
    wrong = disagreements(outputs["classify --jobs 1"], outputs["reference evaluator"])
    wrong_2 = disagreements(outputs["classify --jobs 2"], outputs["reference evaluator"])
    print(f"  differential, engine vs reference evaluator: {wrong} disagreements with 1 job, "
          f"{wrong_2} with 2 jobs, over {count:,} tickets")


def peak_rss(folder: Path, counts: list[int], seed: int) -> None:
    for count in counts:
        source = tickets_file(folder, count, seed)
        for jobs in ("1", "2"):
            elapsed, _status, rss = run([SEVTRIAGE, "classify", "-q", "--jobs", jobs, str(source)], None)
            print(f"  peak RSS, {count:>9,} tickets, --jobs {jobs}: {rss / 1024:6.1f} MB "
                  f"(largest process; {count / elapsed:,.0f} tickets/s)   (target <= 100 MB at 1M)")


def one_ticket(folder: Path, repeats: int = 7) -> None:
    path = folder / "one.json"
    path.write_text('{"id": "T-1", "symptoms": {"service_stopped": true}}\n', encoding="utf-8")
    times = [run([SEVTRIAGE, "classify", "-q", str(path)], None)[0] for _ in range(repeats)]
    print(f"  one-ticket classify, start to result: {statistics.median(times):.3f} s median "
          f"(min {min(times):.3f})   (target <= 0.3 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rss-at", type=int, nargs="*", default=[10_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--folder", type=Path, default=None, help="Keep the generated files here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sevtriage-bench-") as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        throughput(folder, args.tickets, args.rounds, args.seed)
        one_ticket(folder)
        if args.rss_at:
            peak_rss(folder, args.rss_at, args.seed)


if __name__ == "__main__":
    main()
