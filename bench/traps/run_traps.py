#!/usr/bin/env python3
"""Run the text-flag trap tickets through a sevtriage checkout and score the results.

usage: run_traps.py SEVTRIAGE_EXE [--traps traps.jsonl] [--checkout DIR] [--json OUT]
                    [--only ID_PREFIX] [--quiet-failures] [-- EXTRA CLASSIFY ARGS]

SEVTRIAGE_EXE is a venv's `sevtriage` executable (e.g. /work/venv/bin/sevtriage or
/work/wt/issue-11/.venv/bin/sevtriage). The command runs in --checkout (default: the folder
holding the venv when it is a `.venv` inside a checkout, else the current folder) so that the
checkout's own policy (and text detectors) are used; the policy line of classify's summary
is printed.

Each trap's `expect` is stripped before classifying. Scoring, per language:
  level accuracy and mean absolute error against expect.level;
  flag recall: each expected flag (expect.flags) and each expect.any_of group counts one
    item, hit when some derived_flags entry with status "affirmed" has that flag and value;
  flag precision: affirmed entries (deduplicated by flag and value) that are expected count
    as true positives; entries of an `optional` flag, and entries of a forbidden flag with a
    value other than the forbidden one (e.g. data_loss=false for "no data loss"), are not
    counted; every other affirmed entry is a false positive;
  forbidden violations: an affirmed entry whose flag/value is listed in expect.not.
A result without `derived_flags` is reported (flags then count as all missed).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

MSSQL = {"mssql", "ms-sql", "ms sql", "sql server", "sqlserver", "microsoft sql server"}
DOTNET = {"dotnet", ".net", ".net core", ".net framework", "asp.net", "c#"}


def norm_flag(flag) -> str:
    """derived_flags may name a symptom with its contract path (symptoms.data_loss)."""
    flag = str(flag)
    return flag[len("symptoms."):] if flag.startswith("symptoms.") else flag


# values that restate a contract default: neutral unless the trap says otherwise
DEFAULT_VALUES = {("environment", "production"), ("request_type", "incident")}


def norm_value(flag: str, value):
    if isinstance(value, str):
        v = value.strip().lower()
        if flag == "technology":
            if v in MSSQL or "sql server" in v or "mssql" in v or "ms-sql" in v or "ms sql" in v:
                return "mssql"
            if v in DOTNET or ".net" in v or "dotnet" in v or v == "c#":
                return ".net"
        return v
    return value


def values(v) -> list:
    return v if isinstance(v, list) else [v]


def snippet(t: dict, n: int = 150) -> str:
    s = (t.get("subject") or "") + " | " + (t.get("description") or "")
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def fmt_entry(e: dict) -> str:
    bits = [f"{e.get('flag')}={json.dumps(e.get('value'), ensure_ascii=False)}",
            f"[{e.get('status')}]"]
    if e.get("text") is not None:
        bits.append(f"text={json.dumps(e.get('text'), ensure_ascii=False)}")
    if e.get("cue"):
        bits.append(f"cue={json.dumps(e.get('cue'), ensure_ascii=False)}")
    if e.get("detector"):
        bits.append(f"detector={e.get('detector')}")
    if e.get("field"):
        bits.append(f"field={e.get('field')}")
    return " ".join(bits)


def default_checkout(exe: Path) -> Path | None:
    # .../<checkout>/.venv/bin/sevtriage -> <checkout>
    if exe.parent.name == "bin" and exe.parent.parent.name == ".venv":
        return exe.parent.parent.parent
    return None


def run_classify(exe: Path, tickets: list[dict], cwd: Path | None, extra: list[str]):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False,
                                     encoding="utf-8") as fh:
        for t in tickets:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")
        path = fh.name
    try:
        cmd = [str(exe), "classify", "--format", "jsonl", *extra, path]
        # read-only use of a checkout: no __pycache__ written into it
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=900,
                              env=env)
    finally:
        os.unlink(path)
    results = []
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line:
            results.append(json.loads(line))
    return proc, results


def score_ticket(trap: dict, res: dict) -> dict:
    e = trap["expect"]
    out = {"id": trap["id"], "language": trap["language"], "tags": e.get("tags", []),
           "snippet": snippet(trap), "expected_level": e["level"], "why": e["why"],
           "problems": [], "tp": 0, "fp": 0, "items": 0, "hits": 0, "violations": 0}
    if res is None or "error" in res:
        out["error"] = (res or {}).get("error", "no result")
        out["level"] = None
        out["problems"].append(f"error record: {out['error']}")
        out["items"] = len(e["flags"]) + len(e["any_of"])
        out["derived_present"] = False
        return out
    out["level"] = res.get("severity")
    out["matched_rules"] = res.get("matched_rules", [])
    out["applied_caps"] = res.get("applied_caps", [])
    if out["level"] != e["level"]:
        out["problems"].append(
            f"level {out['level']} (expected {e['level']}: {e['why']}); rules "
            f"{out['matched_rules'] or '-'}; caps {out['applied_caps'] or '-'}; "
            f"basis {res.get('basis')}")
    derived = res.get("derived_flags")
    out["derived_present"] = derived is not None
    if derived is None:
        derived = []
        out["problems"].append("result has no derived_flags")
    affirmed: dict[tuple, dict] = {}
    other: dict[str, list] = collections.defaultdict(list)
    for d in derived:
        flag = norm_flag(d.get("flag"))
        key = (flag, norm_value(flag, d.get("value")))
        if d.get("status") == "affirmed":
            affirmed.setdefault(key, d)
        else:
            other[flag].append(d)
    exp_pairs = {(k, norm_value(k, v)) for k, vs in e["flags"].items() for v in values(vs)}
    group_pairs = [{(k, norm_value(k, v)) for k, vs in g.items() for v in values(vs)}
                   for g in e["any_of"]]
    forb_pairs = {(k, norm_value(k, v)) for k, vs in e["not"].items() for v in values(vs)}
    ok_pairs = exp_pairs.union(*group_pairs) if group_pairs else set(exp_pairs)

    def near(flag):
        hints = [fmt_entry(d) for d in other.get(flag, [])]
        hints += [fmt_entry(d) for (f, _v), d in affirmed.items() if f == flag]
        return ("; seen: " + " | ".join(hints)) if hints else ""

    # recall
    for k, vs in e["flags"].items():
        out["items"] += 1
        want = {(k, norm_value(k, v)) for v in values(vs)}
        if want & affirmed.keys():
            out["hits"] += 1
        else:
            out["problems"].append(
                f"missed {k}={json.dumps(vs, ensure_ascii=False)}{near(k)}")
    for g, pairs in zip(e["any_of"], group_pairs, strict=True):
        out["items"] += 1
        if pairs & affirmed.keys():
            out["hits"] += 1
        else:
            seen = "".join(near(f) for f in g)
            out["problems"].append(
                f"missed one of {json.dumps(g, ensure_ascii=False)}{seen}")
    # precision and forbidden
    optional = set(e.get("optional", []))
    for key, d in affirmed.items():
        flag, _value = key
        if key in ok_pairs:
            out["tp"] += 1
        elif key in forb_pairs:
            out["fp"] += 1
            out["violations"] += 1
            out["problems"].append(f"FORBIDDEN affirmed: {fmt_entry(d)}")
        elif flag in optional:
            continue
        elif key in DEFAULT_VALUES and flag not in e["flags"]:
            continue  # e.g. environment=production: the contract's default, consistent
        elif flag in e["not"]:
            continue  # a value other than the forbidden one: consistent with the text
        else:
            out["fp"] += 1
            out["problems"].append(f"unexpected affirmed: {fmt_entry(d)}")
    return out


def summarize(rows: list[dict], label: str) -> dict:
    n = len(rows)
    classified = [r for r in rows if r.get("level") is not None]
    correct = sum(1 for r in classified if r["level"] == r["expected_level"])
    mae = (sum(abs(r["level"] - r["expected_level"]) for r in classified) / len(classified)
           if classified else float("nan"))
    under = sum(1 for r in classified if r["level"] > r["expected_level"])  # less severe
    over = sum(1 for r in classified if r["level"] < r["expected_level"])   # more severe
    tp = sum(r["tp"] for r in rows)
    fp = sum(r["fp"] for r in rows)
    items = sum(r["items"] for r in rows)
    hits = sum(r["hits"] for r in rows)
    viol = sum(r["violations"] for r in rows)
    tickets_viol = sum(1 for r in rows if r["violations"])
    no_derived = sum(1 for r in rows if not r.get("derived_present"))
    s = {"label": label, "tickets": n, "classified": len(classified), "level_correct": correct,
         "level_accuracy": correct / len(classified) if classified else float("nan"),
         "mae": mae, "under_triaged": under, "over_triaged": over,
         "flag_precision": tp / (tp + fp) if tp + fp else float("nan"),
         "flag_recall": hits / items if items else float("nan"),
         "tp": tp, "fp": fp, "expected_items": items, "hits": hits,
         "forbidden_violations": viol, "tickets_with_violation": tickets_viol,
         "results_without_derived_flags": no_derived}
    return s


def print_summary(s: dict) -> None:
    print(f"== {s['label']}: {s['tickets']} tickets ({s['classified']} classified)")
    print(f"   level accuracy {s['level_correct']}/{s['classified']} = "
          f"{s['level_accuracy']:.1%}   MAE {s['mae']:.3f}   "
          f"less severe than expected {s['under_triaged']}, more severe {s['over_triaged']}")
    print(f"   flag precision {s['tp']}/{s['tp'] + s['fp']} = {s['flag_precision']:.1%}   "
          f"flag recall {s['hits']}/{s['expected_items']} = {s['flag_recall']:.1%}   "
          f"forbidden violations {s['forbidden_violations']} "
          f"(in {s['tickets_with_violation']} tickets)")
    if s["results_without_derived_flags"]:
        print(f"   !! {s['results_without_derived_flags']} results have NO derived_flags")


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sevtriage", type=Path)
    ap.add_argument("--traps", type=Path, default=HERE / "traps.jsonl")
    ap.add_argument("--checkout", type=Path, default=None,
                    help="run classify in this folder (its policy and detectors)")
    ap.add_argument("--json", type=Path, default=None, help="write per-ticket scores here")
    ap.add_argument("--only", default=None, help="only traps whose id starts with this")
    ap.add_argument("--quiet-failures", action="store_true")
    ap.add_argument("--drop-subject", action="store_true",
                    help="ablation: blank the subject of tickets that have a description "
                         "(shows what the description alone yields)")
    args = ap.parse_args(argv)

    exe = args.sevtriage
    if not exe.exists():
        print(f"no such executable: {exe}", file=sys.stderr)
        return 2
    cwd = args.checkout or default_checkout(exe)
    traps = [json.loads(line) for line in args.traps.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    if args.only:
        traps = [t for t in traps if t["id"].startswith(args.only)]
    tickets = [{k: v for k, v in t.items() if k != "expect"} for t in traps]
    if args.drop_subject:
        for t in tickets:
            if (t.get("description") or "").strip():
                t["subject"] = ""

    proc, results = run_classify(exe, tickets, cwd, extra)
    print(f"sevtriage: {exe}  (cwd {cwd or os.getcwd()}; exit {proc.returncode})")
    policy_lines = [line for line in proc.stderr.splitlines() if "polic" in line.lower()]
    for line in policy_lines[:3]:
        print(f"   {line.strip()}")
    if proc.returncode not in (0, 1) or not results:
        print("classify failed:", proc.stderr[-2000:], file=sys.stderr)
        return 2
    if results and results[0].get("policy"):
        print(f"   result policy: {json.dumps(results[0]['policy'])}")
    extra_keys = sorted({k for r in results for k in r if k not in (
        "id", "severity", "level_name", "response_target", "respond_by", "matched_rules",
        "applied_caps", "basis", "declared_severity", "notes", "warnings", "policy",
        "derived_flags")})
    if extra_keys:
        print(f"   other result fields: {extra_keys}")

    by_id: dict[str, dict] = {}
    for r in results:
        if r.get("id") is not None:
            by_id.setdefault(r["id"], r)
    if len(results) != len(traps):
        print(f"!! {len(results)} results for {len(traps)} tickets")
    rows = [score_ticket(t, by_id.get(t["id"])) for t in traps]

    no_derived = sum(1 for r in rows if not r.get("derived_present"))
    if no_derived == len(rows):
        print("!! NO result carries derived_flags: text flags are not wired into classify "
              "in this build (levels are then policy defaults; flag scores are all misses)")
    elif no_derived:
        print(f"!! {no_derived} results carry no derived_flags")

    summaries = {}
    for lang in ("en", "fr"):
        summaries[lang] = summarize([r for r in rows if r["language"] == lang], lang)
    summaries["all"] = summarize(rows, "all")
    print()
    for k in ("en", "fr", "all"):
        print_summary(summaries[k])

    # per tag
    print("\n== level accuracy and violations per tag (all languages)")
    tags = sorted({t for r in rows for t in r["tags"]})
    for tag in tags:
        rr = [r for r in rows if tag in r["tags"]]
        s = summarize(rr, tag)
        print(f"   {tag:24s} n={s['tickets']:3d}  level {s['level_correct']:3d}/{s['classified']:<3d}"
              f"  recall {s['flag_recall']:6.1%}  precision {s['flag_precision']:6.1%}"
              f"  forbidden {s['forbidden_violations']}")

    # confusion
    print("\n== expected level (rows) x suggested level (columns)")
    for lang in ("en", "fr"):
        m = collections.Counter((r["expected_level"], r["level"]) for r in rows
                                if r["language"] == lang)
        print(f"   {lang}      1    2    3    4  err")
        for a in (1, 2, 3, 4):
            cells = "".join(f"{m.get((a, b), 0):5d}" for b in (1, 2, 3, 4, None))
            print(f"   {a}  {cells}")

    if not args.quiet_failures:
        print("\n== failures")
        for r in rows:
            if not r["problems"]:
                continue
            print(f"\n-- {r['id']} [{r['language']}] tags={','.join(r['tags'])}  "
                  f"level {r['level']} / expected {r['expected_level']}")
            print(f"   text: {r['snippet']}")
            for p in r["problems"]:
                if p == "result has no derived_flags" and no_derived == len(rows):
                    continue
                print(f"   - {p}")
    if args.json:
        args.json.write_text(json.dumps({"summaries": summaries, "tickets": rows,
                                         "results": results}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
