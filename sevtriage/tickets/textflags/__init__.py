"""Flags from the ticket's own words: the one call the classifier makes.

``TextFlags(policy.text).apply(ticket)`` runs before the contract check, on
the decoded ticket, and returns the ticket with the derived flags set and the
``derived_flags`` evidence list. Text never reaches the engine: only the
flags do, through the ticket, like flags the helpdesk had set.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from sevtriage.policy.text.model import TextPolicy
from sevtriage.tickets.json_codec import dumps_inline
from sevtriage.tickets.textflags.matcher import NEGATED, TextMatcher
from sevtriage.tickets.textflags.resolve import resolve

TEXT_FIELDS = ("subject", "description")


def evidence_line(entry: dict[str, Any]) -> str:
    """``description[40:66] "le serveur ne répond plus" set symptoms.service_stopped`` (for people)."""
    where = f"{entry['field']}[{entry['start']}:{entry['end']}] {dumps_inline(entry['text'])}"
    value = entry["value"]
    shown = "" if value is True else f" = {dumps_inline(value)}"
    if entry["status"] == "affirmed":
        return f"{where} set {entry['flag']}{shown}"
    cue = f" (cue {dumps_inline(entry['cue'])})" if entry.get("cue") else ""
    return f"{where} {entry['status']}{cue}" + (f", set {entry['flag']}{shown}" if entry["used"] else "")


class TextFlags:
    """Detectors compiled once per policy, when the first text comes (start-up: a ticket
    without text pays nothing for them)."""

    def __init__(self, text_policy: TextPolicy):
        self.text_policy = text_policy

    @cached_property
    def matcher(self) -> TextMatcher:
        return TextMatcher(self.text_policy)

    def entries(self, ticket: dict[str, Any]) -> list[dict[str, Any]]:
        """Every mention in the ticket's text fields, as ``derived_flags`` entries (unresolved)."""
        out = []
        for field in TEXT_FIELDS:
            text = ticket.get(field)
            if not isinstance(text, str) or not text:
                continue
            for mention in self.matcher.mentions(text):
                for flag, value in mention.detector.sets:
                    if mention.status == NEGATED:
                        value = mention.detector.negated_value(flag, value)
                    out.append({"flag": flag, "value": value, "status": mention.status,
                                "detector": mention.detector.id, "field": field,
                                "start": mention.start, "end": mention.end,
                                "text": text[mention.start:mention.end], "cue": mention.cue,
                                "used": False})
        return out

    def apply(self, ticket: Any) -> tuple[Any, list[dict[str, Any]]]:
        """The ticket with its derived flags, and the evidence; a non-object is returned as is
        (the contract check reports it)."""
        if not isinstance(ticket, dict):
            return ticket, []
        entries = self.entries(ticket)
        if not entries:
            return ticket, entries
        return resolve(ticket, entries, self.text_policy.resolution), entries
