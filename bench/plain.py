"""A plain, hand-written Python classifier of the bundled policy: the benchmark's honest baseline.

    python bench/plain.py json|orjson POLICY_IDENTITY_JSON FILE > results.jsonl

What a competent programmer would write for this one policy without sevtriage:
read the JSON Lines, decode each line (the standard ``json`` module, or orjson),
check the fields the rules and the result read, evaluate the rules and
ceilings of ``rules/*.yaml`` as ``if`` statements, and write the contract's
result line. It imports nothing from sevtriage (its start-up is not charged
sevtriage's imports) and takes the policy's identity (name, version, hash) on
the command line, computed once by ``bench/run.py``.

It is written for the benchmark's synthetic tickets, which are all valid: an
invalid ticket gets a short error record here, not sevtriage's exact message.
On valid tickets its output must equal ``sevtriage classify``'s byte for byte;
``bench/run.py`` counts the lines that differ.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

LEVELS = {1: ("critical", "PT2H", timedelta(hours=2)), 2: ("important", "PT6H", timedelta(hours=6)),
          3: ("minimal", "PT12H", timedelta(hours=12)), 4: ("symbolic", "PT24H", timedelta(hours=24))}
MSSQL = {"mssql", "ms-sql", "sql server", "sqlserver", "microsoft sql server"}
DOTNET = {"dotnet", ".net", ".net core", ".net framework", "asp.net", "c#"}
FLAGS = {"service_stopped", "users_blocked", "customer_can_resolve", "workaround_available", "crash_or_hang",
         "data_loss", "data_corruption", "essential_function_unavailable", "important_feature_unavailable",
         "function_unavailable", "unstable", "restart_required", "error_message", "incorrect_behavior",
         "operations_affected"}
ENUMS = {"environment": {"production", "staging", "development"}, "server_role": {"primary", "secondary"},
         "request_type": {"incident", "question", "documentation", "release_notes", "advice", "enhancement"},
         "phase": {"implementation", "operation"}}
STRINGS = {"technology", "subject", "description", "language", "created_at"}
KNOWN = {"id", "declared_severity", "contact_available", "symptoms", *ENUMS, *STRINGS}
PERFORMANCE = {"normal", "minor", "severe"}
COOPERATE = "Level 1: the customer must make resources available and cooperate to resolve the issue."
NO_CONTACT = "Level 1 needs the customer's cooperation, but contact_available is false."


def valid(t: Any) -> bool:
    if type(t) is not dict or type(t.get("id")) is not str or not t["id"]:
        return False
    for name, value in t.items():
        if name in ENUMS:
            if value not in ENUMS[name]:
                return False
        elif name in STRINGS:
            if type(value) is not str:
                return False
        elif name == "declared_severity":
            if type(value) is not int or not 1 <= value <= 4:
                return False
        elif name == "contact_available":
            if type(value) is not bool:
                return False
        elif name == "symptoms":
            if type(value) is not dict:
                return False
            for flag, on in value.items():
                if flag == "performance":
                    if on not in PERFORMANCE:
                        return False
                elif flag in FLAGS and type(on) is not bool:
                    return False
        elif name not in KNOWN:
            return False  # unknown fields: the synthetic tickets have none
    return True


def classify(t: dict[str, Any], identity: dict[str, str]) -> dict[str, Any]:
    s = t.get("symptoms") or {}
    on = {k for k, v in s.items() if v is True}
    perf = s.get("performance")
    role, request, phase = t.get("server_role"), t.get("request_type", "incident"), t.get("phase")
    environment = t.get("environment", "production")
    tech = t.get("technology")
    workaround = "workaround_available" in on
    ops_not_false = s.get("operations_affected") is not False
    rules = []
    if "service_stopped" in on and role != "secondary":
        rules.append(("L1-production-stopped", 1))
    if "users_blocked" in on:
        rules.append(("L1-users-blocked", 1))
    if "crash_or_hang" in on:
        rules.append(("L1-crash-hang", 1))
    if "data_loss" in on or "data_corruption" in on:
        rules.append(("L1-data-loss", 1))
    if "essential_function_unavailable" in on:
        rules.append(("L1-essential-function", 1))
    if "service_stopped" in on and role == "secondary":
        rules.append(("L2-secondary-stopped", 2))
    if "important_feature_unavailable" in on and not workaround:
        rules.append(("L2-important-feature", 2))
    if "unstable" in on:
        rules.append(("L2-unstable", 2))
    if "restart_required" in on:
        rules.append(("L2-restart-recovery", 2))
    if perf == "severe":
        rules.append(("L2-severe-performance", 2))
    if "function_unavailable" in on and not workaround:
        rules.append(("L2-function-restricted", 2))
    if ("function_unavailable" in on or "important_feature_unavailable" in on) and workaround:
        rules.append(("L3-workaround", 3))
    if "error_message" in on and workaround and ops_not_false:
        rules.append(("L3-error-with-workaround", 3))
    if perf == "minor":
        rules.append(("L3-minor-performance", 3))
    if "incorrect_behavior" in on and ops_not_false:
        rules.append(("L3-incorrect-behavior", 3))
    if request == "question" and phase == "implementation":
        rules.append(("L3-implementation-question", 3))
    if ("error_message" in on or "incorrect_behavior" in on) and s.get("operations_affected") is False:
        rules.append(("L4-no-impact-error", 4))
    if request in ("documentation", "release_notes"):
        rules.append(("L4-documentation", 4))
    if request == "question" and phase != "implementation":
        rules.append(("L4-general-question", 4))
    if request == "advice":
        rules.append(("L4-advice", 4))
    if request == "enhancement":
        rules.append(("L4-enhancement", 4))
    caps = []
    if workaround or "customer_can_resolve" in on:
        caps.append(("gate-L1-resolvable", 2))
    if tech is not None:
        name = " ".join(tech.split()).casefold()
        if name in DOTNET or name in MSSQL:
            caps.append(("cap-dotnet-mssql", 2))
    if environment in ("staging", "development"):
        caps.append(("cap-non-production", 3))
    rules.sort(key=lambda r: r[1])
    declared = t.get("declared_severity")
    if rules:
        before, basis = rules[0][1], "rules"
    elif declared is not None:
        before, basis = declared, "declared"
    else:
        before, basis = 3, "default"
    applied = [c for c in caps if c[1] > before]
    severity = max([before] + [c[1] for c in applied])
    notes, warnings = [], []
    if basis == "default":
        notes.append(f"No rule matched and no level was declared: Level {before} is the policy's default.")
    elif basis == "declared":
        notes.append(f"No rule matched: the declared Level {declared} is kept as the basis.")
    if declared is not None and declared != severity:
        notes.append(f"The customer declared Level {declared}; the suggested level is Level {severity}. "
                     "The level changes only with the customer's agreement.")
    for cap, most in caps:
        if declared is not None and declared < most:
            notes.append(f"The declared Level {declared} exceeds the maximum Level {most} "
                         f"that the policy allows here ({cap}).")
    if severity == 1:
        notes.append(COOPERATE)
        if t.get("contact_available") is False:
            warnings.append(NO_CONTACT)
    name, target, delta = LEVELS[severity]
    created = t.get("created_at")
    respond_by = None
    if created is not None:
        moment = (datetime.fromisoformat(created) + delta).isoformat()
        respond_by = moment[:-6] + "Z" if created[-1] in "Zz" and moment.endswith("+00:00") else moment
    return {"id": t["id"], "severity": severity, "level_name": name, "response_target": target,
            "respond_by": respond_by, "matched_rules": [r[0] for r in rules],
            "applied_caps": [c[0] for c in applied], "basis": basis, "declared_severity": declared,
            "notes": notes, "warnings": warnings, "policy": identity}


def main() -> None:
    codec, identity_json, path = sys.argv[1:4]
    loads: Callable[[bytes], Any]
    dumps: Callable[[Any], bytes]
    if codec == "orjson":
        import orjson
        loads, dumps = orjson.loads, lambda record: orjson.dumps(record) + b"\n"
    else:
        import json
        encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
        loads, dumps = json.loads, lambda record: (encoder.encode(record) + "\n").encode("utf-8")
    identity = loads(identity_json.encode("utf-8"))
    write = sys.stdout.buffer.write
    with open(path, "rb") as source:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                ticket = loads(line)
            except ValueError:
                ticket = None
            if valid(ticket):
                write(dumps(classify(ticket, identity)))
            else:
                write(dumps({"id": None, "line": number, "error": {"code": "invalid", "message": "", "path": ""}}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
