"""CPU time per ticket of ``explain``: the counterfactual search bounded and unbounded.

    python bench/explain.py                      # 40 tickets, 3 interleaved rounds
    python bench/explain.py --tickets 10 --rounds 1

Two policies: the bundled one, and 40 generated rules each any of three
conditions, each condition all of three symptom flags (the shape on which the
exact search took about 170 ms a ticket: ``any_of_three_policy``, also used by
tests/explain/test_explain_budget.py). For each policy, the same seeded tickets
are explained in one process with the search bounded (the default budget,
``sevtriage.explain.counterfactuals.SEARCH_BUDGET``) and unbounded, the two
variants interleaved round by round; the figures are process CPU time of the
counterfactual search per ticket, on average and for the slowest ticket
(median of the rounds), with the ratio, how many level searches were cut, and
how much larger the changes shown are than the exact ones when they were cut.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

FLAGS = ("service_stopped", "users_blocked", "customer_can_resolve", "workaround_available", "crash_or_hang",
         "data_loss", "data_corruption", "essential_function_unavailable", "important_feature_unavailable",
         "function_unavailable", "unstable", "restart_required", "error_message", "incorrect_behavior",
         "operations_affected")


def any_of_three_policy(folder: Path, seed: int = 1, rules: int = 40) -> Path:
    """The bundled policy's levels, defaults and ceilings, with ``rules`` generated rules instead of its own."""
    from sevtriage.resources import bundled_policy_path

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("policy.yaml", "ceilings.yaml"):
        shutil.copy(Path(bundled_policy_path()) / name, folder / name)
    rng = random.Random(seed)
    generated = [{"id": f"R{n:02d}", "level": rng.randint(1, 4), "source": "generated",
                  "when": {"any": [{"all": [{"field": f"symptoms.{flag}", "is": True}
                                            for flag in rng.sample(FLAGS, 3)]} for _ in range(3)]}}
                 for n in range(rules)]
    (folder / "generated.yaml").write_text(yaml.safe_dump({"rules": generated}, sort_keys=False), encoding="utf-8")
    return folder


def tickets(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [{"id": f"B{n}", "environment": rng.choice(["production", "staging"]),
             "symptoms": {flag: rng.random() < 0.5 for flag in rng.sample(FLAGS, rng.randint(0, 4))}}
            for n in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    from sevtriage.engine.classifier import Classifier
    from sevtriage.explain.counterfactuals import SEARCH_BUDGET, Counterfactuals
    from sevtriage.policy.loader import load_policy
    from sevtriage.resources import bundled_policy_path

    sample = tickets(args.tickets, args.seed)
    with tempfile.TemporaryDirectory(prefix="sevtriage-explain-") as scratch:
        policies = {"bundled": Path(bundled_policy_path()),
                    "40 any-of-three": any_of_three_policy(Path(scratch) / "rules")}
        print(f"{args.tickets} tickets, {args.rounds} interleaved rounds, counterfactual search budget "
              f"{SEARCH_BUDGET} steps per level; CPU ms per ticket (counterfactuals only; median of rounds)")
        for name, path in policies.items():
            classifier = Classifier(load_policy(path), text_flags=False)
            variants = {"bounded": Counterfactuals(classifier), "unbounded": Counterfactuals(classifier, budget=None)}
            levels = [(t, classifier.classify(t)["severity"]) for t in sample]
            times: dict[str, list[float]] = {v: [] for v in variants}
            worst: dict[str, list[float]] = {v: [] for v in variants}
            shown: dict[str, list[list[dict[str, Any]]]] = {}
            for _ in range(args.rounds):
                for variant, counterfactuals in variants.items():
                    shown[variant], each = [], []
                    for ticket, level in levels:
                        start = time.process_time()
                        shown[variant].append(counterfactuals.for_ticket(ticket, level))
                        each.append((time.process_time() - start) * 1000)
                    times[variant].append(statistics.fmean(each))
                    worst[variant].append(max(each))
            bounded, unbounded = (statistics.median(times[v]) for v in variants)
            worst_b, worst_u = (statistics.median(worst[v]) for v in variants)
            pairs = [(b, u) for bs, us in zip(shown["bounded"], shown["unbounded"], strict=True)
                     for b, u in zip(bs, us, strict=True)]
            cut = [(b, u) for b, u in pairs if b.get("search_cut")]
            extra = [len(b["changes"] or []) - len(u["changes"] or []) for b, u in cut if b["changes"] is not None]
            print(f"  {name:16} mean: bounded {bounded:6.1f}  unbounded {unbounded:6.1f}  "
                  f"ratio {bounded / unbounded:4.2f};  worst ticket: bounded {worst_b:6.1f}  "
                  f"unbounded {worst_u:6.1f};  cut {len(cut)} of {len(pairs)} level searches"
                  + (f" (changes shown: {sum(e == 0 for e in extra)} as small as the exact ones, "
                     f"{sum(e > 0 for e in extra)} larger, by {max(extra, default=0)} at most; "
                     f"{sum(b['changes'] is None for b, _ in cut)} none found)" if cut else ""))


if __name__ == "__main__":
    sys.exit(main())
