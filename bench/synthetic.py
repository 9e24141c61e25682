"""Seeded synthetic tickets for the benchmark and the scale tests.

The mix is meant to look like a helpdesk export, not like a worst case: most
tickets are incidents with one to three symptom flags (sparse, some of them
explicitly false), a minority are questions, documentation or enhancement
requests, and each carries 300-2,000 characters of free text that the engine
never sees but the reader must still parse.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any, TextIO

FLAGS = ("service_stopped", "users_blocked", "customer_can_resolve", "workaround_available",
         "crash_or_hang", "data_loss", "data_corruption", "essential_function_unavailable",
         "important_feature_unavailable", "function_unavailable", "unstable", "restart_required",
         "error_message", "incorrect_behavior", "operations_affected")
# Rarer flags are the Level 1 ones: a realistic mix is mostly Level 2-4.
FLAG_WEIGHTS = (2, 2, 4, 6, 2, 1, 1, 2, 5, 7, 4, 4, 10, 8, 6)
TECHNOLOGIES = ("php", "java", "mysql", "mssql", "SQL Server", ".NET", "dotnet", "python", "oracle")
REQUEST_TYPES = ("incident",) * 14 + ("question", "question", "documentation", "release_notes",
                                      "advice", "enhancement")
WORDS = ("the", "server", "database", "after", "update", "error", "users", "cannot", "login", "slow",
         "report", "job", "failed", "since", "yesterday", "production", "queue", "timeout", "backup",
         "connexion", "impossible", "depuis", "la", "mise", "à", "jour", "données", "écran", "bloqué")


def _text(rng: random.Random, low: int, high: int) -> str:
    target = rng.randint(low, high)
    words: list[str] = []
    size = 0
    while size < target:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:target]


def ticket(rng: random.Random, number: int) -> dict[str, Any]:
    """One plausible ticket; the same seed and number always give the same ticket."""
    out: dict[str, Any] = {"id": f"T-{number:08d}",
                           "created_at": f"2026-0{rng.randint(1, 9)}-{rng.randint(10, 28)}T"
                                         f"{rng.randint(10, 23)}:{rng.randint(10, 59)}:00+01:00"}
    if rng.random() < 0.6:
        out["declared_severity"] = rng.randint(1, 4)
    if rng.random() < 0.8:
        out["technology"] = rng.choice(TECHNOLOGIES)
    if rng.random() < 0.3:
        out["environment"] = rng.choice(("production", "staging", "development"))
    if rng.random() < 0.2:
        out["server_role"] = rng.choice(("primary", "secondary"))
    request_type = rng.choice(REQUEST_TYPES)
    if request_type != "incident" or rng.random() < 0.3:
        out["request_type"] = request_type
    if rng.random() < 0.2:
        out["phase"] = rng.choice(("implementation", "operation"))
    if rng.random() < 0.5:
        out["contact_available"] = rng.random() < 0.8
    out["language"] = rng.choice(("en", "fr", "de"))
    out["subject"] = _text(rng, 20, 80)
    out["description"] = _text(rng, 300, 2000)
    symptoms: dict[str, Any] = {}
    if request_type == "incident":
        for flag in rng.choices(FLAGS, FLAG_WEIGHTS, k=rng.randint(0, 3)):
            symptoms[flag] = rng.random() < 0.85
        if rng.random() < 0.15:
            symptoms["performance"] = rng.choice(("normal", "minor", "severe"))
    if symptoms:
        out["symptoms"] = symptoms
    return out


def tickets(count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for number in range(count):
        yield ticket(rng, number)


def write_jsonl(out: TextIO, count: int, seed: int = 1) -> None:
    for item in tickets(count, seed):
        out.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    import sys
    write_jsonl(sys.stdout, int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1)
