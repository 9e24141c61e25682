"""Turn a solver assignment into a contract v1 ticket, and a ticket into field values.

A witness is meant to be pasted into a fixture, so it is a real ticket: an
``id``, top-level fields as they are, ``symptoms.*`` nested under ``symptoms``.
"""

from __future__ import annotations

from typing import Any

from sevtriage.contract import MISSING

SYMPTOMS = "symptoms."


def witness_ticket(values: dict[str, Any], ticket_id: str) -> dict[str, Any]:
    """A ticket with ``id`` and each (dotted) field of ``values`` that is not missing."""
    ticket: dict[str, Any] = {"id": ticket_id}
    return with_changes(ticket, values)


def with_changes(ticket: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``ticket`` with each dotted field set (or removed, for ``MISSING``).

    Only the objects on the changed paths are copied: the rest is shared, never
    walked, so a ticket nested 1,000 levels deep in some unknown field costs nothing.
    """
    out = dict(ticket)
    for name, value in sorted(changes.items()):
        *parents, leaf = name.split(".")
        holder = out
        for part in parents:
            inner = holder.get(part)
            holder[part] = dict(inner) if isinstance(inner, dict) else {}
            holder = holder[part]
        if value is MISSING:
            holder.pop(leaf, None)
        else:
            holder[leaf] = value
    return out


def ticket_field(ticket: dict[str, Any], name: str) -> Any:
    """The value of a dotted field in a raw ticket, or ``MISSING``."""
    holder: Any = ticket
    for part in name.split("."):
        if not isinstance(holder, dict) or part not in holder:
            return MISSING
        holder = holder[part]
    return holder
