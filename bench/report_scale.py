"""Benchmark of ``sevtriage report`` over a large batch of results, against an I/O floor in the same run.

    python bench/report_scale.py                          # 1,000,000 results, 3 rounds
    python bench/report_scale.py --results 100000 --rounds 1

The results file is made once per size (and kept in ``--folder``): 5,000
synthetic tickets (bench/synthetic.py) are classified by ``sevtriage
classify``, and their results (about 1 in 40 an error record) are repeated
with new ids and deadlines spread over a week. Each round runs, interleaved,
as separate processes:

* ``sevtriage report FILE -o page.html --now ...``: the whole command;
* the I/O floor: reading the same file and parsing each line with orjson,
  nothing else (no report can be built faster than this).

Printed: wall and CPU seconds (medians), peak RSS of the process (``wait4``),
the page's size, and the targets: <= 10 s and <= 200 MB for 1,000,000 results.
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

import orjson

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import write_jsonl  # noqa: E402

SEVTRIAGE = str(Path(sys.executable).with_name("sevtriage"))
SAMPLE = 5_000
NOW = "2026-11-26T12:00:00Z"
FLOOR = ("import sys, orjson\n"
         "n = 0\n"
         "with open(sys.argv[1], 'rb') as f:\n"
         "    for line in f:\n"
         "        if line.strip():\n"
         "            orjson.loads(line); n += 1\n"
         "print(n)\n")


def results_file(folder: Path, count: int) -> Path:
    path = folder / f"results-{count}.jsonl"
    if path.exists():
        return path
    tickets = folder / "report-sample-tickets.jsonl"
    with tickets.open("w", encoding="utf-8") as out:
        write_jsonl(out, SAMPLE, 7)
    lines = tickets.read_bytes().splitlines()
    # a few broken tickets, so the report has error records to count
    broken = b"\n".join(line if n % 40 else b'{"id": "broken-%d", "symptoms": 1}' % n
                        for n, line in enumerate(lines)) + b"\n"
    done = subprocess.run([SEVTRIAGE, "classify", "-q", "--jobs", "1", "-"], input=broken,
                          stdout=subprocess.PIPE, check=False)
    sample = [orjson.loads(line) for line in done.stdout.splitlines()]
    hour = 3600
    with path.open("wb") as out:
        for n in range(count):
            record = dict(sample[n % len(sample)])
            record["id"] = f"R-{n}"
            if record.get("respond_by"):
                seconds = 1_795_000_000 + (n * 7919) % (7 * 24 * hour)
                record["respond_by"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
            out.write(orjson.dumps(record) + b"\n")
    return path


def run(command: list[str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak RSS KiB, exit status) of one process."""
    with open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, stderr=sink)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=None, help="Keep the generated files here.")
    options = parser.parse_args()
    folder = options.folder or Path(tempfile.mkdtemp(prefix="sevtriage-report-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    source = results_file(folder, options.results)
    page = folder / "report.html"
    variants = {
        "sevtriage report": [SEVTRIAGE, "report", str(source), "-o", str(page), "--now", NOW],
        "I/O floor (read + orjson.loads)": [sys.executable, "-c", FLOOR, str(source)],
    }
    measures: dict[str, list[tuple[float, float, int]]] = {name: [] for name in variants}
    for _ in range(options.rounds):
        for name, command in variants.items():
            wall, cpu, rss, status = run(command)
            if status != 0:
                raise SystemExit(f"{name} failed with status {status}")
            measures[name].append((wall, cpu, rss))
    print(f"{options.results:,} results ({source.stat().st_size / options.results:,.0f} bytes each), "
          f"{options.rounds} rounds, interleaved")
    for name, values in measures.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        rss = max(v[2] for v in values) / 1024
        print(f"  {name:<34} wall {wall:6.2f} s  CPU {cpu:6.2f} s  peak RSS {rss:6.1f} MB")
    report_wall = statistics.median(v[0] for v in measures["sevtriage report"])
    floor_wall = statistics.median(v[0] for v in measures["I/O floor (read + orjson.loads)"])
    report_rss = max(v[2] for v in measures["sevtriage report"]) / 1024
    print(f"  report / I/O floor (wall): {report_wall / floor_wall:.2f}x; page {page.stat().st_size / 1024:,.0f} KB")
    print(f"  targets for 1,000,000 results: wall <= 10 s ({'met' if report_wall <= 10 else 'MISSED'}), "
          f"peak RSS <= 200 MB ({'met' if report_rss <= 200 else 'MISSED'})")


if __name__ == "__main__":
    main()
