"""Which source expression of a helpdesk mapping fed each field an explanation cites (``--map``).

An explanation speaks in contract fields ("would be Level 1 if
symptoms.service_stopped were true"); a user of ``--map zendesk`` thinks in
tags and custom fields. The mapping's trace (the one ``sevtriage map
--explain`` prints: expression, source value, table) is attached for the
fields the explanation cites, so each can be found in the helpdesk's ticket.
"""

from __future__ import annotations

from typing import Any

from sevtriage.tickets.mapping.model import Mapping


def cited_fields(explanation: dict[str, Any]) -> list[str]:
    """The contract fields an explanation names, in the order it names them."""
    fields: list[str] = []
    if explanation["decided_by"]["kind"] == "declared":
        fields.append("declared_severity")
    for miss in explanation["nearest_misses"]:
        fields.extend(failure["field"] for failure in miss["failed"])
    for change in explanation["counterfactuals"]:
        fields.extend(item["field"] for item in change.get("changes") or [])
    if explanation["respond_by"].get("created_at") is not None:
        fields.append("created_at")
    return list(dict.fromkeys(fields))


def mapped_from(mapping: Mapping, trace: dict[str, Any], explanation: dict[str, Any]) -> dict[str, Any]:
    """``{"mapping", "fields": {field: {expression, source, table} | None}}`` for the cited fields:
    the trace's entry for a field the mapping set, its expression with ``source`` null for one it
    left missing, None for a field the mapping does not read."""
    rules = {rule.field: rule for rule in mapping.fields}
    fields: dict[str, Any] = {}
    for name in cited_fields(explanation):
        if name in trace:
            fields[name] = trace[name]
        elif name in rules:
            rule = rules[name]
            entry: dict[str, Any] = {"expression": rule.expression.text, "source": None}
            if rule.table is not None:
                entry["table"] = rule.table.name
            fields[name] = entry
        else:
            fields[name] = None
    return {"mapping": mapping.name, "fields": fields}

