"""Quality of the text flags on real reports with human severity labels.

    python bench/text_quality.py                       # ../shared/data/realdata from the repo root
    python bench/text_quality.py --data DIR --no-text-flags
    python bench/text_quality.py --french-only         # only the French issues' flags and evidence

Reads ``hadoop_jira_dev.jsonl`` (labelled, ``level_mapped``) and
``vscode_issues_fr.jsonl`` (47 French issues) from the data folder, classifies
each report as it comes (subject = title, description = text, no flags) with
the bundled policy, and prints:

- Level 1 precision, recall and F1; macro-F1 over Levels 1-4; the mean absolute
  error of the level; the same for "always Level 3" (the baseline to beat);
- the flags set per language (affirmed mentions that set a flag), and how many
  negated and hedged mentions were kept as evidence without setting a flag
  true;
- every flag set on a French issue, with its evidence, and every negated or
  hedged mention on a French issue, so a reader can check them by eye.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from sevtriage.engine.classifier import Classifier  # noqa: E402
from sevtriage.policy.loader import load_policy  # noqa: E402
from sevtriage.resources import bundled_policy_path  # noqa: E402

DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "realdata"
LABELLED = "hadoop_jira_dev.jsonl"
FRENCH = "vscode_issues_fr.jsonl"
LEVELS = (1, 2, 3, 4)


def read_reports(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def as_ticket(report: dict[str, Any]) -> dict[str, Any]:
    """A report as a helpdesk would send it: words only, no flags."""
    return {"id": str(report["id"]), "subject": report.get("title") or "",
            "description": report.get("text") or "", "language": report.get("lang") or "en"}


def prf(truth: list[int], predicted: list[int], level: int) -> tuple[float, float, float]:
    tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == level and p == level)
    fp = sum(1 for t, p in zip(truth, predicted, strict=True) if t != level and p == level)
    fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == level and p != level)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def scores(truth: list[int], predicted: list[int]) -> dict[str, float]:
    p1, r1, f1 = prf(truth, predicted, 1)
    macro = sum(prf(truth, predicted, level)[2] for level in LEVELS) / len(LEVELS)
    mae = sum(abs(t - p) for t, p in zip(truth, predicted, strict=True)) / len(truth)
    return {"p1": p1, "r1": r1, "f1": f1, "macro_f1": macro, "mae": mae}


def line(name: str, s: dict[str, float]) -> str:
    return (f"{name:<22} Level 1 P/R/F1 {s['p1']:.2f}/{s['r1']:.2f}/{s['f1']:.2f}   "
            f"macro-F1 {s['macro_f1']:.2f}   MAE {s['mae']:.2f}")


def evidence(entry: dict[str, Any]) -> str:
    cue = f" (cue {entry['cue']!r})" if entry.get("cue") else ""
    return (f"{entry['flag']}={json.dumps(entry['value'])} {entry['status']}{cue}: "
            f"{entry['field']}[{entry['start']}:{entry['end']}] {entry['text']!r} ({entry['detector']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of the real reports")
    parser.add_argument("--rules", type=Path, default=None, help="policy folder (default: the bundled one)")
    parser.add_argument("--no-text-flags", action="store_true", help="classify without the detectors")
    parser.add_argument("--french-only", action="store_true", help="only the French issues' report")
    args = parser.parse_args(argv)
    policy = load_policy(args.rules or bundled_policy_path())
    classifier = Classifier(policy, text_flags=not args.no_text_flags)
    fired: dict[str, Counter[str]] = {}
    kept: dict[str, Counter[str]] = {}

    def run(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
        results = [classifier.classify(as_ticket(r), n + 1) for n, r in enumerate(reports)]
        for report, result in zip(reports, results, strict=True):
            lang = report.get("lang") or "?"
            for entry in result.get("derived_flags") or []:
                if entry["used"]:
                    fired.setdefault(lang, Counter())[f"{entry['flag']}={json.dumps(entry['value'])}"] += 1
                elif entry["status"] != "affirmed":
                    kept.setdefault(lang, Counter())[entry["status"]] += 1
        return results

    french = read_reports(args.data / FRENCH)
    french_results = run(french)
    if not args.french_only:
        labelled = [r for r in read_reports(args.data / LABELLED) if r.get("level_mapped")]
        results = run(labelled)
        truth = [int(r["level_mapped"]) for r in labelled]
        predicted = [int(res.get("severity", 3)) for res in results]
        print(f"{LABELLED}: {len(labelled)} labelled reports "
              f"(Level 1: {truth.count(1)}, 2: {truth.count(2)}, 3: {truth.count(3)}, 4: {truth.count(4)})")
        print(line("sevtriage" + (" (no text)" if args.no_text_flags else ""), scores(truth, predicted)))
        print(line("always Level 3", scores(truth, [3] * len(truth))))
        print("predicted levels: " + ", ".join(f"{lvl}: {predicted.count(lvl)}" for lvl in LEVELS))
        print()
    print("flags set, per language (affirmed mentions that set the flag):")
    for lang in sorted(fired):
        print(f"  {lang}: " + ", ".join(f"{k} {v}" for k, v in fired[lang].most_common()))
    for lang in sorted(kept):
        print(f"  {lang}: negated/hedged mentions kept as evidence: " + ", ".join(
            f"{k} {v}" for k, v in sorted(kept[lang].items())))
    print()
    print(f"{FRENCH}: {len(french)} issues, levels "
          + ", ".join(f"{lvl}: {sum(1 for r in french_results if r.get('severity') == lvl)}" for lvl in LEVELS))
    for report, result in zip(french, french_results, strict=True):
        entries = result.get("derived_flags") or []
        if not entries:
            continue
        decided = ", ".join(result.get("matched_rules", [])) or result.get("basis")
        print(f"- {report['id']} -> Level {result.get('severity')} ({decided})")
        for entry in entries:
            mark = "SET " if entry["used"] else "    "
            print(f"    {mark}{evidence(entry)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
