"""From qualified mentions to the flags of a ticket (docs/text-flags.md, "Resolution").

- A field the ticket gives (any value, even ``false`` or ``null``) is never
  changed by text: the customer's or the helpdesk's word stands.
- An affirmed mention sets its value. When several values are affirmed for one
  field, the policy's ``resolution`` order decides (first wins: ``severe``
  before ``minor``, the documented ``request_type`` order, ``production``
  before ``staging``); for a boolean, ``true`` beats ``false``; otherwise the
  first mention in the text.
- A negated mention sets the detector's negated value (for a boolean, the
  opposite) only when nothing affirms the field.
- A hedged mention sets nothing.
"""

from __future__ import annotations

from typing import Any

from sevtriage.tickets.textflags.matcher import AFFIRMED, NEGATED

MISSING = object()


def given_value(ticket: dict[str, Any], flag: str) -> Any:
    """The ticket's own value of a dotted field, or ``MISSING``."""
    head, _, tail = flag.partition(".")
    if not tail:
        return ticket.get(head, MISSING)
    inner = ticket.get(head, MISSING)
    if not isinstance(inner, dict):
        return MISSING if inner is MISSING else None  # a malformed container: leave it to the contract check
    return inner.get(tail, MISSING)


def _rank(value: Any, order: tuple[str, ...] | None) -> tuple[int, int]:
    if isinstance(value, bool):
        return (0 if value else 1, 0)
    if order and value in order:
        return (0, order.index(value))
    return (1, 0)


def choose(values: list[Any], order: tuple[str, ...] | None) -> Any:
    """The winning value among those found for one field (first mention breaks ties)."""
    best = values[0]
    for value in values[1:]:
        if _rank(value, order) < _rank(best, order):
            best = value
    return best


def resolve(ticket: dict[str, Any], entries: list[dict[str, Any]],
            resolution: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """The ticket with the flags the entries justify; marks each entry ``used`` or not."""
    by_flag: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_flag.setdefault(entry["flag"], []).append(entry)
    out = ticket
    for flag, found in by_flag.items():
        if given_value(ticket, flag) is not MISSING:
            continue
        order = resolution.get(flag)
        affirmed = [e["value"] for e in found if e["status"] == AFFIRMED]
        negated = [e["value"] for e in found if e["status"] == NEGATED and e["value"] is not None]
        pool, status = (affirmed, AFFIRMED) if affirmed else (negated, NEGATED)
        if not pool:
            continue
        value = choose(pool, order)
        for entry in found:
            if entry["status"] == status and entry["value"] == value and type(entry["value"]) is type(value):
                entry["used"] = True
        if out is ticket:
            out = dict(ticket)
        head, _, tail = flag.partition(".")
        if tail:
            inner = out.get(head)
            if inner is None:
                out[head] = {tail: value}
            elif isinstance(inner, dict):
                out[head] = {**inner, tail: value}
        else:
            out[head] = value
    return out
