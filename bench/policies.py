"""Large policies: load, validate and classify time at 24, 100, 300 and 1,000 rules.

    python bench/policies.py --folder /tmp/bench-policies              # 20,000 tickets, 3 rounds
    python bench/policies.py --tickets 5000 --rounds 1 --sizes 100 1000   # a short run
    python bench/policies.py --only-validate --rounds 3                   # load and validate only

The 24-rule policy is the bundled one (21 rules, 3 ceilings). The larger ones
keep its levels, aliases, defaults and ceilings and add generated rules, in two
kinds:

- **sparse**: each rule needs three symptom flags together (or two and a
  technology or environment), so on the benchmark's tickets a rule rarely
  matches (the realistic case: many specific rules);
- **dense**: each rule is one or two common conditions (a declared level, a
  request type, a flag that is often set), so most tickets match many rules.

For each policy: the time to load it (YAML, schema, checks, compile, create
the rulesets, in one process: best of 3), ``sevtriage validate`` (process CPU
time), how many rulesets it was split into, and ``classify --jobs 1``
throughput on the same synthetic tickets as bench/run.py, the policies
interleaved round by round; tickets per CPU-second and the ratio against the
24-rule policy. With ``--only-validate`` the classify runs are skipped and
``validate`` is timed ``--rounds`` times (its median is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import ENVIRONMENT, SEVTRIAGE, run, tickets_file  # noqa: E402

FLAGS = ("service_stopped", "users_blocked", "customer_can_resolve", "workaround_available", "crash_or_hang",
         "data_loss", "data_corruption", "essential_function_unavailable", "important_feature_unavailable",
         "function_unavailable", "unstable", "restart_required", "error_message", "incorrect_behavior",
         "operations_affected")
COMMON: list[dict[str, Any]] = [
    *({"field": "declared_severity", op: n} for op in ("gte", "lte") for n in (1, 2, 3, 4)),
    *({"field": "request_type", "equals": v} for v in ("incident", "question", "documentation")),
    *({"field": "symptoms." + flag, "is": True} for flag in ("error_message", "incorrect_behavior",
                                                             "function_unavailable", "operations_affected")),
    {"field": "environment", "equals": "production"}, {"field": "contact_available", "is": True},
    {"field": "technology", "alias_of": "mssql"}, {"field": "technology", "alias_of": "dotnet"},
    {"field": "phase", "missing": True}, {"field": "server_role", "missing": True},
    {"not": {"field": "symptoms.workaround_available", "is": True}},
]


def _sparse(rng: random.Random) -> dict[str, Any]:
    flags = rng.sample(FLAGS, 3)
    predicates: list[dict[str, Any]] = [{"field": f"symptoms.{flag}", "is": True} for flag in flags]
    if rng.random() < 0.3:
        predicates[2] = rng.choice([{"field": "technology", "alias_of": "mssql"},
                                    {"field": "environment", "equals": "staging"},
                                    {"field": "server_role", "equals": "secondary"}])
    return {"all": predicates}


def _dense(rng: random.Random) -> dict[str, Any]:
    if rng.random() < 0.5:
        return dict(rng.choice(COMMON))
    return {"any": rng.sample(COMMON, 2)}


def write_policy(folder: Path, bundled: Path, size: int, kind: str, seed: int = 12) -> Path:
    """The bundled policy's files, with ``size - 24`` generated rules added in ``generated.yaml``."""
    target = folder / f"policy-{size}-{kind}"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(bundled, target)
    extra = size - 24
    if extra > 0:
        rng = random.Random(seed)
        make = _sparse if kind == "sparse" else _dense
        rules = [{"id": f"G{kind[0]}-{n:04d}", "level": rng.randint(1, 4), "source": "generated",
                  "when": make(rng)} for n in range(extra)]
        (target / "generated.yaml").write_text(yaml.safe_dump({"rules": rules}, sort_keys=False), encoding="utf-8")
    return target


def load_seconds(path: Path) -> tuple[float, int]:
    """Best of 3: load, check, compile and create the rulesets; and how many rulesets."""
    from sevtriage.engine.compiler import compile_policy
    from sevtriage.engine.durable_matcher import DurableMatcher
    from sevtriage.policy.loader import load_policy

    times = []
    shards = 0
    for _ in range(3):
        start = time.process_time()
        compiled = compile_policy(load_policy(str(path)))
        DurableMatcher(compiled)
        times.append(time.process_time() - start)
        shards = len(compiled.shards())
    return min(times), shards


def validate_seconds(path: Path, limit: float) -> str:
    """CPU seconds of ``sevtriage validate`` (given up after ``limit`` wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        subprocess.run([SEVTRIAGE, "validate", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False, env=ENVIRONMENT, timeout=limit)
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} wall"
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return f"{(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime):.2f}"


def _validate_only(policies: dict[str, Path], rounds: int, limit: float) -> None:
    """Load time (best of 3) and ``validate`` CPU seconds (median of ``rounds``, interleaved) per policy."""
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
          f"validate only, {rounds} rounds, interleaved")
    times: dict[str, list[str]] = {name: [] for name in policies}
    for _ in range(rounds):
        for name, path in policies.items():
            times[name].append(validate_seconds(path, limit))
    print(f"  {'policy (rules)':<16} {'load s':>7} {'validate s':>10}  all rounds")
    for name, path in policies.items():
        loaded, _ = load_seconds(path)
        numbers = [float(t) for t in times[name] if not t.startswith(">")]
        middle = f"{statistics.median(numbers):.2f}" if len(numbers) == len(times[name]) else times[name][0]
        print(f"  {name:<16} {loaded:>7.3f} {middle:>10}  {' '.join(times[name])}")
    print("  target: validate < 2 s at 1,000 rules")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 300, 1000])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--folder", type=Path, default=None, help="Keep the generated files here.")
    parser.add_argument("--validate-limit", type=float, default=60.0,
                        help="Give up timing validate after this many seconds.")
    parser.add_argument("--only-validate", action="store_true",
                        help="Time load and validate only (validate --rounds times, the median), no classify.")
    args = parser.parse_args()
    from sevtriage.resources import bundled_policy_path

    bundled = Path(bundled_policy_path())
    with tempfile.TemporaryDirectory(prefix="sevtriage-policies-") as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        policies = {"24 (bundled)": bundled}
        for size in args.sizes:
            for kind in ("sparse", "dense"):
                policies[f"{size} {kind}"] = write_policy(folder, bundled, size, kind)
        if args.only_validate:
            _validate_only(policies, args.rounds, args.validate_limit)
            return
        source = tickets_file(folder, args.tickets, args.seed)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
              f"{args.tickets:,} synthetic tickets, {args.rounds} rounds, interleaved")
        cpu: dict[str, list[float]] = {name: [] for name in policies}
        matches: dict[str, float] = {}
        for _ in range(args.rounds):
            for name, path in policies.items():
                output = folder / "out.jsonl"
                # The rule engine's throughput, as in bench/run.py: without the text detectors, whose
                # cost on these word-salad tickets would hide the policy size (bench/text_speed.py).
                _, used, status, _ = run([SEVTRIAGE, "classify", "-q", "--jobs", "1", "--no-text-flags",
                                          "--rules", str(path), str(source)], output)
                if status != 0:
                    raise SystemExit(f"{name}: classify failed with status {status}")
                cpu[name].append(args.tickets / used)
                with output.open("rb") as results:
                    matches[name] = sum(len(json.loads(line)["matched_rules"]) for line in results) / args.tickets
        base = statistics.median(cpu["24 (bundled)"])
        print(f"  {'policy (rules)':<16} {'load s':>7} {'validate s':>10} {'rulesets':>8} "
              f"{'tickets/CPU-s':>14} {'vs 24':>6}  rules matched/ticket")
        for name, path in policies.items():
            loaded, shards = load_seconds(path)
            checked = validate_seconds(path, args.validate_limit)
            rate = statistics.median(cpu[name])
            print(f"  {name:<16} {loaded:>7.3f} {checked:>10} {shards:>8} {rate:>14,.0f} {rate / base:>5.2f}x"
                  f"  {matches[name]:.1f}")
        print("  targets: 1,000-rule sparse >= 0.5x the 24-rule policy; validate < 2 s at 1,000 rules")


if __name__ == "__main__":
    main()
