"""Peak memory of ``sevtriage classify`` on every input shape, at 1,000,000 tickets.

    python bench/memory.py                         # 1,000,000 tickets, --jobs 2, three shapes
    python bench/memory.py --tickets 100000 --jobs 1 --folder /tmp/bench

The same seeded synthetic tickets (bench/synthetic.py) are written as JSON Lines,
as one JSON array on one line, and as concatenated pretty-printed documents (as
``jq`` writes them); each file is classified once to /dev/null and the peak RSS
of the largest process of the run (``wait4``) is printed with the number of
output records, which must equal the number of tickets. Target: <= 100 MB.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import SEVTRIAGE, run  # noqa: E402
from synthetic import tickets  # noqa: E402

TARGET_MB = 100.0


def _jsonl(out: TextIO, items: Any) -> None:
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")


def _array(out: TextIO, items: Any) -> None:
    out.write("[")
    for number, item in enumerate(items):
        out.write(("," if number else "") + json.dumps(item, ensure_ascii=False))
    out.write("]\n")


def _pretty(out: TextIO, items: Any) -> None:
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False, indent=2) + "\n")


SHAPES: dict[str, tuple[str, Callable[[TextIO, Any], None]]] = {
    "JSON Lines": ("jsonl", _jsonl),
    "one JSON array": ("json", _array),
    "concatenated pretty-printed documents": ("pretty.json", _pretty),
}


def shape_file(folder: Path, shape: str, count: int, seed: int) -> Path:
    suffix, write = SHAPES[shape]
    path = folder / f"tickets-{count}-{seed}.{suffix}"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            write(out, tickets(count, seed))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--jobs", default="2")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--folder", type=Path, default=None, help="Keep the generated files here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        worst = 0.0
        for shape in SHAPES:
            source = shape_file(folder, shape, args.tickets, args.seed)
            output = folder / "memory-output.jsonl"
            elapsed, status, rss = run([SEVTRIAGE, "classify", "-q", "--jobs", args.jobs, str(source)], output)
            with output.open("rb") as results:
                records = sum(1 for _ in results)
            output.unlink()
            worst = max(worst, rss / 1024)
            print(f"{shape:>38}: peak RSS {rss / 1024:6.1f} MB, {records:,} records "
                  f"for {args.tickets:,} tickets, {elapsed:.1f} s, exit {status}", flush=True)
            if records != args.tickets:
                sys.exit(f"{shape}: {records} records for {args.tickets} tickets")
        print(f"largest peak RSS {worst:.1f} MB (target <= {TARGET_MB:.0f} MB): "
              f"{'met' if worst <= TARGET_MB else 'MISSED'}")


if __name__ == "__main__":
    main()
