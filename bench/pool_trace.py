"""Where ``classify --jobs N`` spends its time: a timeline of the reading process and its workers.

    python bench/pool_trace.py TICKETS.jsonl [--jobs 2] [--runs 1]

Runs ``sevtriage classify -q --no-text-flags --jobs N TICKETS.jsonl`` in a child of this
process (output to a temporary file, as bench/run.py writes it) with timers wrapped around the
pool's steps (nothing in sevtriage is changed on disk), and prints, per run:

- the reading process: wall time and CPU seconds at the start of the pool (its start-up, paid
  before any worker runs), CPU seconds spent afterwards and on what (waiting for and reading
  results, the duplicate-id check, writing), and at exit;
- each worker: when it got its first chunk, its chunks, CPU seconds, page faults, the wall
  seconds it spent classifying, sending results and waiting for a chunk (idle), and when its
  last chunk ended;
- the end: last result written, workers joined, exit.

Timers cost a few microseconds per chunk (~700 tickets), not per ticket. Figures are wall and
process CPU clocks of one run on a shared machine: read them as a breakdown of one run, and
measure ratios with bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

T0 = time.perf_counter()


def _now() -> tuple[float, float]:
    return time.perf_counter() - T0, time.process_time()


class Clock:
    """Wall and CPU seconds spent in wrapped functions, by name."""

    def __init__(self) -> None:
        self.spent: dict[str, list[float]] = {}

    def wrap(self, name: str, function: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = _now()
            try:
                return function(*args, **kwargs)
            finally:
                end_wall, end_cpu = _now()
                spent = self.spent.setdefault(name, [0.0, 0.0, 0])
                spent[0] += end_wall - wall
                spent[1] += end_cpu - cpu
                spent[2] += 1
        return timed


def instrument(report: Path) -> dict[str, Any]:
    """Wrap the pool's steps; each worker writes its figures to ``report``.<pid> when it ends."""
    from sevtriage.batch import seen_ids, workers, writer

    parent: dict[str, Any] = {"clock": Clock(), "events": {}}
    clock = parent["clock"]
    serve = workers._serve

    def traced_serve(setup: Any, work: Any, on_death: Any, inbox: Any, outbox: Any, foreign: Any) -> None:
        own = Clock()
        state: dict[str, Any] = {"start": _now()[0], "chunks": 0, "first": None, "last": None}
        workers._send_result = own.wrap("send", workers._send_result)
        workers._next_task = own.wrap("wait for a chunk", workers._next_task)

        def traced_work(classifier: Any, number: int, chunk: Any) -> Any:
            if state["first"] is None:
                state["first"] = _now()[0]
                state["first_faults"] = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            wall, cpu = _now()
            result = work(classifier, number, chunk)
            end_wall, end_cpu = _now()
            if state["chunks"] == 0:
                state["first_chunk"] = (end_wall - wall, end_cpu - cpu)
            state["chunks"] += 1
            state["last"] = end_wall
            return result

        try:
            serve(setup, own.wrap("classify", traced_work), on_death, inbox, outbox, foreign)
        finally:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            state.update(end=_now()[0], cpu=usage.ru_utime + usage.ru_stime, faults=usage.ru_minflt,
                         spent=own.spent)
            Path(f"{report}.{os.getpid()}").write_text(json.dumps(state), encoding="utf-8")

    workers._serve = traced_serve
    start = workers.WorkerPool.map

    def traced_map(self: Any, chunks: Any) -> Any:
        parent["events"]["pool start"] = _now()
        yield from start(self, chunks)
        parent["events"]["last result yielded"] = _now()

    workers.WorkerPool.map = traced_map
    workers.WorkerPool._collect = clock.wrap("wait for and read results", workers.WorkerPool._collect)
    workers.WorkerPool.close = clock.wrap("end and join the workers", workers.WorkerPool.close)
    seen_ids.SeenIds.add_digests = clock.wrap("duplicate-id check", seen_ids.SeenIds.add_digests)
    writer.OrderedWriter._write_bytes = clock.wrap("write the output", writer.OrderedWriter._write_bytes)
    return parent


def run_once(tickets: Path, jobs: int) -> None:
    """One run in a child process (a fresh interpreter state each time), which prints its report."""
    report = Path(tempfile.mkdtemp(prefix="pool-trace-")) / "worker"
    child = os.fork()
    if child == 0:
        code = 0
        try:
            sys.stdout.flush()
            output = os.open(report.parent / "out.jsonl", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            saved = os.dup(1)
            os.dup2(output, 1)
            parent = instrument(report)
            from sevtriage.cli.main import main

            sys.argv = ["sevtriage", "classify", "-q", "--no-text-flags", "--jobs", str(jobs), str(tickets)]
            try:
                main()
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            sys.stdout.flush()
            os.dup2(saved, 1)
            parent["events"]["exit"] = _now()
            _print(parent, report)
        finally:
            sys.stdout.flush()
            os._exit(code)
    os.waitpid(child, 0)


def _print(parent: dict[str, Any], report: Path) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    events = parent["events"]
    print(f"reading process: CPU {usage.ru_utime + usage.ru_stime:.3f} s, {usage.ru_minflt:,} page faults")
    for name in ("pool start", "last result yielded", "exit"):
        if name in events:
            wall, cpu = events[name]
            print(f"  {name:<34} at wall {wall:6.3f} s, CPU {cpu:6.3f} s")
    for name, (wall, cpu, calls) in parent["clock"].spent.items():
        print(f"  {name:<34} wall {wall:6.3f} s, CPU {cpu:6.3f} s, {calls} calls")
    for path in sorted(report.parent.glob("worker.*")):
        state = json.loads(path.read_text(encoding="utf-8"))
        print(f"  worker {path.suffix[1:]}: forked at {state['start']:.3f} s, first chunk at {state['first']:.3f} s, "
              f"last chunk ended at {state['last']:.3f} s, exited at {state['end']:.3f} s")
        first_wall, first_cpu = state["first_chunk"]
        print(f"    {state['chunks']} chunks, CPU {state['cpu']:.3f} s, {state['faults']:,} page faults "
              f"({state['first_faults']:,} before its first chunk); first chunk wall {first_wall:.3f} s, "
              f"CPU {first_cpu:.3f} s")
        for name, (wall, cpu, calls) in state["spent"].items():
            print(f"    {name:<32} wall {wall:6.3f} s, CPU {cpu:6.3f} s, {calls} calls")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("tickets", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    for number in range(args.runs):
        print(f"run {number + 1}: classify --jobs {args.jobs} {args.tickets}")
        run_once(args.tickets, args.jobs)


if __name__ == "__main__":
    main()
