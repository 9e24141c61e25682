"""Benchmark of ``sevtriage classify`` against plain Python, measured in the same run.

    python bench/run.py --folder /tmp/bench                   # 100,000 tickets, 5 rounds, RSS at 10k and 1M
    python bench/run.py --tickets 20000 --rounds 3 --rss-at    # a short run while developing
    python bench/run.py --only one-ticket                      # start-up only
    python bench/run.py --only throughput --variants text map  # the cost of text flags and of a mapping only

Every variant is a separate process; the core ones read the same seeded synthetic file
(bench/synthetic.py) and writing its JSON Lines to a file; the rounds
interleave the variants so that a noisy neighbour slows all of them alike.

- ``classify --jobs 1`` / ``--jobs 2``: ``sevtriage classify`` end to end;
- ``plain, std json`` / ``plain, orjson``: a hand-written Python classifier
  of the bundled policy (bench/plain.py), not sevtriage's pipeline;
- ``I/O floor``: read, parse (orjson) and write back each line, nothing else;
- the text pair: ``classify`` with its detectors and with ``--no-text-flags`` on
  tickets made of real reports (bench/text_speed.py's generator; target >= 0.6x);
- the mapping pair: ``classify --map zendesk`` on Zendesk payloads and
  ``classify`` on the contract tickets ``sevtriage map zendesk`` makes of them
  (bench/mapping.py's generator; both ``--no-text-flags``; target >= 0.8x).

``--variants`` selects among core (the five above), text and map.

Each variant's figures are tickets per wall-second and tickets per CPU-second
(user + system time of the process and its workers, from
``getrusage(RUSAGE_CHILDREN)``): on a shared machine CPU time is the steadier
of the two, so the ratios are given in both. Then: peak RSS (largest single
process, from ``wait4``), one-ticket time, and the differential checks: the
classify outputs must equal the plain classifier's and the reference
evaluator's (sevtriage's pipeline with the pure-Python matcher), line for line,
and the mapped tickets' results the contract tickets'.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from synthetic import write_jsonl  # noqa: E402

SEVTRIAGE = str(Path(sys.executable).with_name("sevtriage"))
# Two --jobs 1 processes started together, each on half the file: what this machine gives two
# independent processes (shared caches and memory bandwidth, a busy host), the ceiling of --jobs 2.
HALVES = "2 x --jobs 1 at once, halves"
JOBS_1, JOBS_2, PLAIN, PLAIN_ORJSON, FLOOR = ("classify --jobs 1", "classify --jobs 2", "plain, std json",
                                              "plain, orjson", "I/O floor (orjson)")


def policy_identity() -> str:
    from sevtriage.policy.loader import load_policy
    from sevtriage.resources import bundled_policy_path

    return json.dumps(load_policy(bundled_policy_path()).identity())


SPLITS = {JOBS_1: "split-1.json", JOBS_2: "split-2.json"}  # where bench/cpu_split.py writes


def split_command(split: Path, *arguments: str) -> list[str]:
    """``sevtriage ARGUMENTS`` run through bench/cpu_split.py, which writes the CPU seconds of
    the reading process and of its workers to ``split``."""
    return [sys.executable, str(HERE / "cpu_split.py"), str(split), *arguments]


def variants_half(path: Path) -> list[str]:
    return [SEVTRIAGE, "classify", "-q", "--no-text-flags", "--jobs", "1", str(path)]


def variants(identity: str, folder: Path) -> dict[str, Callable[[str], list[str]]]:
    plain = str(HERE / "plain.py")
    return {
        # The engine's throughput against plain Python: without the text detectors, which the
        # plain classifier does not have (bench/text_speed.py measures the detectors' cost).
        JOBS_1: lambda f: split_command(folder / SPLITS[JOBS_1], "classify", "-q", "--no-text-flags", "--jobs", "1", f),
        JOBS_2: lambda f: split_command(folder / SPLITS[JOBS_2], "classify", "-q", "--no-text-flags", "--jobs", "2", f),
        PLAIN: lambda f: [sys.executable, plain, "json", identity, f],
        PLAIN_ORJSON: lambda f: [sys.executable, plain, "orjson", identity, f],
        FLOOR: lambda f: [sys.executable, str(HERE / "baselines.py"), "io-floor", f],
    }


def halves(source: Path) -> tuple[Path, Path]:
    """The first and second half of ``source``'s lines, as two files (made once)."""
    first, second = source.with_suffix(".half1.jsonl"), source.with_suffix(".half2.jsonl")
    if not second.exists():
        lines = source.read_bytes().splitlines(keepends=True)
        first.write_bytes(b"".join(lines[:len(lines) // 2]))
        second.write_bytes(b"".join(lines[len(lines) // 2:]))
    return first, second


def run_together(commands: list[list[str]], output: Path) -> tuple[float, float, int, int]:
    """``run`` for commands started together: wall seconds until the last ends, CPU seconds of all."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    outs = [open(output.with_suffix(f".{n}.jsonl"), "wb") for n in range(len(commands))]  # noqa: SIM115
    start = time.perf_counter()
    processes = [subprocess.Popen(command, stdout=out, env=ENVIRONMENT)
                 for command, out in zip(commands, outs, strict=True)]
    statuses = [os.waitstatus_to_exitcode(os.wait4(process.pid, 0)[1]) for process in processes]
    elapsed = time.perf_counter() - start
    for out in outs:
        out.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, max(statuses, key=abs), 0


def tickets_file(folder: Path, count: int, seed: int) -> Path:
    path = folder / f"tickets-{count}-{seed}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            write_jsonl(out, count, seed)
    return path


# As installed (pip compiles every module to bytecode): an environment that forbids writing
# bytecode would charge every run of every variant for compiling its modules again.
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], output: Path | None) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds of the process and its children, exit status, peak RSS KiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(output or os.devnull, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, env=ENVIRONMENT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, os.waitstatus_to_exitcode(status), usage.ru_maxrss


def disagreements(left_path: Path, right_path: Path) -> int:
    with left_path.open("rb") as left, right_path.open("rb") as right:
        count = sum(1 for a, b in zip(left, right, strict=False) if a != b)
    with left_path.open("rb") as left, right_path.open("rb") as right:
        return count + abs(sum(1 for _ in left) - sum(1 for _ in right))


def _ratio(name: str, a: float, b: float, target: str = "") -> None:
    print(f"  {name:<52} {a / b:5.2f}x {target}")


# The cost of text flags and of mappings, each a pair of variants measured in the same interleaved
# run as the others, with the targets of the issues that brought them (11 and 10).
TEXT_ON, TEXT_OFF = "text tickets, detectors on", "text tickets, --no-text-flags"
MAPPED, CONTRACT = "--map zendesk", "contract tickets"
GROUPS = ("core", "text", "map")


def pair_variants(folder: Path, groups: set[str], text_tickets: int, map_tickets: int, seed: int,
                  data: Path | None) -> dict[str, tuple[list[str], int]]:
    """name -> (command, tickets) of the text and mapping pairs, their inputs made by the
    generators of bench/text_speed.py and bench/mapping.py."""
    out: dict[str, tuple[list[str], int]] = {}
    if "text" in groups:
        from text_speed import DEFAULT_DATA, make_tickets  # imports sevtriage: only when asked for

        data = data or DEFAULT_DATA
        if not data.is_dir():
            print(f"  text pair skipped: no real reports in {data} (--data DIR)")
        else:
            source = folder / f"text-tickets-{text_tickets}-{seed}.jsonl"
            if not source.exists():
                source.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n"
                                          for t in make_tickets(data, text_tickets, seed)), encoding="utf-8")
            base = [SEVTRIAGE, "classify", "-q", "--jobs", "1"]
            out[TEXT_ON] = [*base, str(source)], text_tickets
            out[TEXT_OFF] = [*base, "--no-text-flags", str(source)], text_tickets
    if "map" in groups:
        from mapping import make_inputs  # mapping.py imports this module: imported here, not at the top

        payloads, contract = make_inputs(folder, map_tickets, seed)
        # Without the detectors, whose cost (the text pair's) would otherwise hide the mapping's.
        base = [SEVTRIAGE, "classify", "-q", "--jobs", "1", "--no-text-flags"]
        out[MAPPED] = [*base, "--map", "zendesk", str(payloads)], map_tickets
        out[CONTRACT] = [*base, str(contract)], map_tickets
    return out


def throughput(folder: Path, count: int, rounds: int, seed: int, groups: set[str],
               pairs: dict[str, tuple[list[str], int]]) -> None:
    source = tickets_file(folder, count, seed) if "core" in groups else None
    runs: dict[str, tuple[list[str], int]] = {}
    if source is not None:
        print(f"{count:,} synthetic tickets ({source.stat().st_size / count:,.0f} bytes each on average), "
              f"{rounds} rounds, interleaved")
        runs = {name: (command(str(source)), count) for name, command in variants(policy_identity(), folder).items()}
        runs[HALVES] = ([], count)
    for name, (_, tickets) in pairs.items():
        print(f"  and {name}: {tickets:,} tickets")
    runs.update(pairs)
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    outputs = {name: folder / f"out-{n}.jsonl" for n, name in enumerate(runs)}
    splits: dict[str, list[tuple[float, float, float]]] = {name: [] for name in SPLITS if name in runs}
    for _ in range(rounds):
        for name, (command, tickets) in runs.items():
            if name == HALVES and source is not None:
                elapsed, used, status, _ = run_together([variants_half(half) for half in halves(source)], outputs[name])
            else:
                elapsed, used, status, _ = run(command, outputs[name])
            if status != 0:  # every generated ticket is valid: anything else is a failure
                raise SystemExit(f"{name} failed with status {status}")
            wall[name].append(tickets / elapsed)
            cpu[name].append(tickets / used)
            if name in splits:
                split = json.loads((folder / SPLITS[name]).read_text(encoding="utf-8"))
                splits[name].append((elapsed, split["parent"], split["workers"]))
    w = {name: statistics.median(values) for name, values in wall.items()}
    c = {name: statistics.median(values) for name, values in cpu.items()}
    print(f"  {'variant':<30} {'tickets/wall-s':>15} {'tickets/CPU-s':>15}   (medians; CPU-s range)")
    for name in runs:
        print(f"  {name:<30} {w[name]:>15,.0f} {c[name]:>15,.0f}   "
              f"({min(cpu[name]):,.0f}..{max(cpu[name]):,.0f})")
    print("  ratios (CPU time; wall time in brackets):")
    if TEXT_ON in runs:
        print(f"  {'text flags: detectors on / --no-text-flags':<52} {c[TEXT_ON] / c[TEXT_OFF]:5.2f}x  "
              f"[{w[TEXT_ON] / w[TEXT_OFF]:.2f}x] (target >= 0.6x)")
    if MAPPED in runs:
        print(f"  {'mapping: --map zendesk / contract tickets':<52} {c[MAPPED] / c[CONTRACT]:5.2f}x  "
              f"[{w[MAPPED] / w[CONTRACT]:.2f}x] (target >= 0.8x)")
        print(f"  differential, --map zendesk: {disagreements(outputs[MAPPED], outputs[CONTRACT])} lines differ "
              f"from the contract tickets' (of {pairs[MAPPED][1]:,})")
    if source is None:
        return
    for other, target in ((PLAIN, "(target >= 0.8x)"), (PLAIN_ORJSON, ""), (FLOOR, "")):
        print(f"  {JOBS_1 + ' / ' + other:<52} {c[JOBS_1] / c[other]:5.2f}x  "
              f"[{w[JOBS_1] / w[other]:.2f}x] {target}")
    print(f"  {'classify --jobs 2 / --jobs 1, wall time':<52} {w[JOBS_2] / w[JOBS_1]:5.2f}x  "
          "(target >= 1.8x on an idle machine)")
    print(f"  {'CPU per ticket, --jobs 2 / --jobs 1':<52} {c[JOBS_1] / c[JOBS_2]:5.2f}x  (target <= 1.05x)")
    print(f"  {'ceiling: ' + HALVES + ' / --jobs 1, wall':<52} {w[HALVES] / w[JOBS_1]:5.2f}x  "
          f"(CPU per ticket {c[JOBS_1] / c[HALVES]:.2f}x, with start-up paid twice)")
    print(f"  {'plain orjson / plain std json':<52} {c[PLAIN_ORJSON] / c[PLAIN]:5.2f}x")
    print_splits(splits)
    reference = folder / "out-reference.jsonl"
    run([sys.executable, str(HERE / "baselines.py"), "reference", str(source)], reference)
    for name in (JOBS_1, JOBS_2):
        print(f"  differential, {name}: {disagreements(outputs[name], outputs[PLAIN])} lines differ from "
              f"the plain classifier, {disagreements(outputs[name], reference)} from the reference evaluator "
              f"(of {count:,})")


def print_splits(splits: dict[str, list[tuple[float, float, float]]]) -> None:
    """Where ``classify``'s time goes, per run (bench/cpu_split.py): wall seconds, CPU seconds of the
    reading process (with --jobs 2 it starts up, hands out byte ranges, checks duplicate ids and
    writes; the rest of its time it waits) and of its workers. With --jobs 2 on 2 CPUs, the wall
    time is at best the parent's start-up plus half the workers' CPU time: what the parent spends
    once the workers run competes with them for the CPUs."""
    print("  where the time goes, per run (medians; seconds): wall, parent CPU, workers' CPU")
    for name, values in splits.items():
        wall, parent, workers = (statistics.median(v[i] for v in values) for i in range(3))
        print(f"  {name:<30} wall {wall:6.3f}   parent {parent:6.3f}   workers {workers:6.3f}")


def peak_rss(folder: Path, counts: list[int], seed: int) -> None:
    for count in counts:
        source = tickets_file(folder, count, seed)
        for jobs in ("1", "2"):
            elapsed, used, _status, rss = run([SEVTRIAGE, "classify", "-q", "--no-text-flags", "--jobs", jobs,
                                               str(source)], None)
            print(f"  peak RSS, {count:>9,} tickets, --jobs {jobs}: {rss / 1024:6.1f} MB "
                  f"(largest process; {count / elapsed:,.0f} tickets/wall-s, {count / used:,.0f}/CPU-s)"
                  "   (target <= 100 MB at 1M)")


ONE_TICKET = {"id": "T-1", "symptoms": {"service_stopped": True}}
ONE_TICKET_WITH_TEXT = {"id": "T-2", "subject": "Production down",
                        "description": "Since this morning the server no longer responds and users cannot log in."}


def one_ticket(folder: Path, repeats: int = 7) -> None:
    """Start to result for one ticket, as a user runs it: the default options (text flags on)
    on the ticket the target was set on (flags, no text), then the same with a subject and a
    description (the detectors it needs are compiled), then with ``--no-text-flags``."""
    cases = (("one ticket, no text", ONE_TICKET, []), ("one ticket with text", ONE_TICKET_WITH_TEXT, []),
             ("one ticket, --no-text-flags", ONE_TICKET, ["--no-text-flags"]))
    for name, ticket, options in cases:
        path = folder / f"one-{ticket['id']}.json"
        path.write_text(json.dumps(ticket) + "\n", encoding="utf-8")
        runs = [run([SEVTRIAGE, "classify", "-q", *options, str(path)], None) for _ in range(repeats)]
        if any(r[2] != 0 for r in runs):
            raise SystemExit(f"{name} failed with status {runs[0][2]}")
        times = [r[0] for r in runs]
        print(f"  {name + ', start to result:':<45} {statistics.median(times):.3f} s median "
              f"(min {min(times):.3f}; CPU {statistics.median(r[1] for r in runs):.3f} s)   (target <= 0.08 s)")


PARTS = ("throughput", "one-ticket", "rss")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rss-at", type=int, nargs="*", default=[10_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--folder", type=Path, default=None, help="Keep the generated files here.")
    parser.add_argument("--only", choices=PARTS, action="append", default=None,
                        help="Run only this part (repeatable; default: all): e.g. --only one-ticket.")
    parser.add_argument("--repeats", type=int, default=7, help="Runs of each one-ticket case (median).")
    parser.add_argument("--variants", choices=GROUPS, nargs="+", default=list(GROUPS),
                        help="Throughput variants (default: all): core (classify against plain Python), text "
                             "(detectors on against --no-text-flags), map (--map zendesk against contract tickets).")
    parser.add_argument("--text-tickets", type=int, default=10_000,
                        help="Tickets of the text pair (fewer, and start-up weighs on --no-text-flags).")
    parser.add_argument("--map-tickets", type=int, default=20_000, help="Tickets of the mapping pair.")
    parser.add_argument("--data", type=Path, default=None,
                        help="The real reports the text tickets are made of (default: bench/text_speed.py's).")
    args = parser.parse_args()
    parts = set(args.only or PARTS)
    with tempfile.TemporaryDirectory(prefix="sevtriage-bench-") as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
              f"{os.getloadavg()[0]:.2f} at the start")
        if "throughput" in parts:
            groups = set(args.variants)
            pairs = pair_variants(folder, groups, args.text_tickets, args.map_tickets, args.seed, args.data)
            throughput(folder, args.tickets, args.rounds, args.seed, groups, pairs)
        if "one-ticket" in parts:
            one_ticket(folder, args.repeats)
        if "rss" in parts and args.rss_at:
            peak_rss(folder, args.rss_at, args.seed)


if __name__ == "__main__":
    main()
