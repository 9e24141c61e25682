"""Seeded generators of tickets and policies for the differential tests."""

from __future__ import annotations

import random
from typing import Any

import yaml

from sevtriage.contract import BOOLEAN, ENUM, INTEGER, readable_fields

TECHNOLOGIES = ["mssql", "MS-SQL", " Sql  Server ", "sqlserver", "Microsoft SQL Server", "dotnet", ".NET",
                ".net core", "ASP.NET", "C#", "php", "mysql", "java", "sql", "dotnet6", ""]
LANGUAGES = ["fr", "en", "FR", "de", ""]


def random_value(rng: random.Random, name: str) -> Any:
    spec = readable_fields()[name]
    if spec.kind == BOOLEAN:
        return rng.random() < 0.5
    if spec.kind == ENUM:
        return rng.choice(spec.values)
    if spec.kind == INTEGER:
        return rng.randint(spec.minimum or 1, spec.maximum or 4)
    return rng.choice(TECHNOLOGIES if name == "technology" else LANGUAGES)


def random_ticket(rng: random.Random, number: int, present: float = 0.4) -> dict[str, Any]:
    """A valid contract v1 ticket with a random subset of fields present."""
    ticket: dict[str, Any] = {"id": f"D{number}"}
    symptoms: dict[str, Any] = {}
    for name in readable_fields():
        if rng.random() < present:
            if name.startswith("symptoms."):
                symptoms[name.split(".", 1)[1]] = random_value(rng, name)
            else:
                ticket[name] = random_value(rng, name)
    if symptoms or rng.random() < 0.5:
        ticket["symptoms"] = symptoms
    if rng.random() < 0.1:
        ticket["extra_field"] = {"nested": [1, 2]}
    return ticket


ALIASES = {"technology": {"mssql": ["mssql", "sql server", "sqlserver"], "dotnet": [".net", "dotnet", "c#"]},
           "language": {"french": ["fr", "français"]}}


def random_predicate(rng: random.Random) -> dict[str, Any]:
    name = rng.choice(list(readable_fields()))
    spec = readable_fields()[name]
    if rng.random() < 0.1:
        return {"field": name, rng.choice(["exists", "missing"]): True}
    if spec.kind == BOOLEAN:
        return {"field": name, "is": rng.random() < 0.5} if rng.random() < 0.7 else \
            {"field": name, "in": [rng.random() < 0.5]}
    if spec.kind == ENUM:
        if rng.random() < 0.5:
            return {"field": name, "equals": rng.choice(spec.values)}
        return {"field": name, "in": rng.sample(list(spec.values), rng.randint(1, len(spec.values)))}
    if spec.kind == INTEGER:
        op = rng.choice(["equals", "gt", "gte", "lt", "lte", "in"])
        if op == "in":
            return {"field": name, "in": rng.sample([1, 2, 3, 4], rng.randint(1, 3))}
        return {"field": name, op: rng.randint(0, 5) if op != "equals" else rng.randint(1, 4)}
    if name in ALIASES and rng.random() < 0.6:
        return {"field": name, "alias_of": rng.choice(list(ALIASES[name]))}
    pool = TECHNOLOGIES if name == "technology" else LANGUAGES
    return {"field": name, "equals": rng.choice([p for p in pool if p])}


def random_condition(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    roll = rng.random()
    if depth >= 3 or roll < 0.4:
        return random_predicate(rng)
    if roll < 0.6:
        return {"not": random_condition(rng, depth + 1)}
    key = "all" if roll < 0.8 else "any"
    return {key: [random_condition(rng, depth + 1) for _ in range(rng.randint(1, 3))]}


def random_policy_yaml(rng: random.Random, rules_count: int | None = None) -> str:
    """A valid policy with random conditions: small (1-6 rules), or ``rules_count`` rules
    (then larger than one durable_rules ruleset can hold: the compiler shards it)."""
    levels = [{"level": n, "name": f"level{n}", "response_target": f"PT{2 * n}H"} for n in (1, 2, 3, 4)]
    rules = [{"id": f"L{lvl}-r{i}", "level": lvl, "source": "generated", "when": random_condition(rng)}
             for i in range(rules_count or rng.randint(1, 6)) for lvl in [rng.randint(1, 4)]]
    ceilings = [{"id": f"cap-{i}", "max_level": rng.randint(2, 4), "when": random_condition(rng)}
                for i in range(rng.randint(0, 2))]
    return yaml.safe_dump({"policy": {"name": "random", "version": "1"}, "levels": levels,
                           "aliases": ALIASES, "rules": rules, "ceilings": ceilings,
                           "field_defaults": {"environment": "production"}}, sort_keys=False)
