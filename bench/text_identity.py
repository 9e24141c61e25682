"""Dump the derived flags of a fixed set of texts, to compare two versions of the detector code.

    python bench/text_identity.py --out new.jsonl
    python bench/text_identity.py --code OLD_CHECKOUT --out old.jsonl   # the other code, same rules
    cmp old.jsonl new.jsonl

A speed change to the matcher must not change one derived flag. This writes, one JSON line
per text, the ``derived_flags`` of: the bench's tickets (``bench/text_speed.py``, 2,000 by
default), every real report of the data folder whole (Hadoop dev half, French issues), the
trap tickets (``--traps``, when the file exists), the texts of the text fixtures, and a
seeded word salad of the policy's own pattern and cue words with elisions, case changes,
typographic apostrophes, quotes, code fences and log lines (most words are mentions or cues),
including a few long texts. ``--code`` imports ``sevtriage`` from another checkout (for
example ``git archive OLD sevtriage | tar -x -C DIR``); the rules are always ``--rules``
(this checkout's by default), so only the code differs. Prints a digest per corpus.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT / ".." / "shared" / "data" / "realdata"
DEFAULT_TRAPS = Path("/work/coord/traps/traps.jsonl")

SALAD_GLUE = ["the", "le", "la", "ne", "pas", "not", "no", "but", "mais", "never", "jamais", ".", ",", "!", "?",
              ";", "\n", "\n\n", "n'", "l'", "d'", "qu'", "s'", "j'", "`", '"', "> ", "```", "{code}", "server",
              "serveur", "très", "Arrêté", "don\u2019t", "n\u2019a", "l\u2019erreur", "ERROR:",
              "at org.x.Y(", "« ", " »",
              "2013-01-01 12:00:00", "if", "si", "could", "pourrait", "…", "œuvre"]


def salad(words: list[str], seed: int, count: int) -> list[str]:
    """Seeded texts of pattern and cue words: ``count`` of 5-400 words, and a few long ones."""
    rng = random.Random(seed)
    pool = words + SALAD_GLUE * 3
    sizes = [rng.randint(5, 400) for _ in range(count)] + [3000, 12000, 30000]
    out = []
    for size in sizes:
        parts = []
        for _ in range(size):
            word = rng.choice(pool)
            roll = rng.random()
            if roll < 0.08:
                word = word.upper()
            elif roll < 0.13:
                word = word.capitalize()
            elif roll < 0.16:
                word = word.replace("'", "\u2019")
            parts.append(word)
        sep = rng.choice([" ", " ", "  ", ", ", " \n"])
        out.append(sep.join(parts).replace(" ' ", "'").replace("' ", "'"))
    return out


def policy_words(text_policy: Any) -> list[str]:
    words: set[str] = set()
    for detector in text_policy.detectors:
        for pattern in detector.patterns:
            if not pattern.compiled.text.startswith("re:"):
                words.update(w.strip("()[]|*?.") for w in pattern.compiled.text.replace("|", " ").split())
    for cue in text_policy.cues:
        if not cue.compiled.text.startswith("re:"):
            words.update(w.strip("()[]|*?.") for w in cue.compiled.text.replace("|", " ").split())
    return sorted(w for w in words if w and not w.startswith("..."))


def corpora(args: argparse.Namespace, text_policy: Any) -> dict[str, list[dict[str, Any]]]:
    import yaml

    sys.path.insert(0, str(HERE))
    from text_speed import make_tickets  # type: ignore[import-not-found]

    out: dict[str, list[dict[str, Any]]] = {"bench": make_tickets(args.data, args.tickets, 11)}
    reports = []
    for name in ("hadoop_jira_dev.jsonl", "vscode_issues_fr.jsonl"):
        with open(args.data / name, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    reports.append({"subject": record.get("title") or "", "description": record.get("text") or ""})
    out["realdata"] = reports
    if args.traps.exists():
        with open(args.traps, encoding="utf-8") as handle:
            out["traps"] = [json.loads(line) for line in handle if line.strip()]
    fixtures = []
    for path in sorted((ROOT / "fixtures").glob("*.yaml")):
        for case in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("fixtures") or []:
            ticket = case.get("ticket") if isinstance(case, dict) else None
            if isinstance(ticket, dict):
                fixtures.append({f: ticket[f] for f in ("subject", "description") if isinstance(ticket.get(f), str)})
    out["fixtures"] = fixtures
    words = policy_words(text_policy)
    out["salad"] = [{"subject": t[:80], "description": t} for t in salad(words, args.seed, args.salad)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose sevtriage code runs")
    parser.add_argument("--rules", type=Path, default=ROOT / "rules", help="policy folder (with text/)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--traps", type=Path, default=DEFAULT_TRAPS)
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--salad", type=int, default=600)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve()))
    import sevtriage
    from sevtriage.policy.loader import load_policy
    from sevtriage.tickets.textflags import TextFlags

    print(f"code: {Path(sevtriage.__file__).parent}", file=sys.stderr)
    policy = load_policy(args.rules)
    assert policy.text is not None, "the policy has no text/ detectors"
    flags = TextFlags(policy.text)
    with open(args.out, "w", encoding="utf-8") as out:
        for name, tickets in corpora(args, policy.text).items():
            digest = hashlib.sha256()
            cpu = time.process_time()
            mentions = 0
            for ticket in tickets:
                entries = flags.apply(ticket)[1]
                mentions += len(entries)
                line = json.dumps({"corpus": name, "derived_flags": entries}, ensure_ascii=False, sort_keys=True)
                digest.update(line.encode("utf-8"))
                out.write(line + "\n")
            print(f"{name:<10} {len(tickets):>5} texts {mentions:>7} entries  {digest.hexdigest()[:16]}  "
                  f"{time.process_time() - cpu:.2f} CPU-s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
