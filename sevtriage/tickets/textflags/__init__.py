"""Flags from the ticket's own words: the one call the classifier makes.

``TextFlags(policy.text).apply(ticket)`` runs before the contract check, on
the decoded ticket, and returns the ticket with the derived flags set and the
``derived_flags`` evidence list. Text never reaches the engine: only the
flags do, through the ticket, like flags the helpdesk had set.
"""

from __future__ import annotations

import gc
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sevtriage.policy.text.model import TextPolicy
from sevtriage.tickets.json_codec import dumps_inline

if TYPE_CHECKING:  # the detector machinery is imported by the first text (start-up)
    from sevtriage.tickets.textflags.matcher import TextMatcher

TEXT_FIELDS = ("subject", "description")
# How much of one text field the detectors read (characters). The cost is linear, ~35 µs per
# mention: 1 MiB made only of mentions would take seconds; read this much, it takes well under
# one. A longer field is read up to its last space or line break before the limit (no word is
# cut), and the result says so in its warnings (``limit_warnings``).
TEXT_LIMIT = 262_144


def read_part(text: str) -> str:
    """The part of ``text`` the detectors read: all of it, or up to the last space or line
    break before ``TEXT_LIMIT`` (the limit itself when there is none)."""
    if len(text) <= TEXT_LIMIT:
        return text
    cut = max(text.rfind(" ", 0, TEXT_LIMIT), text.rfind("\n", 0, TEXT_LIMIT))
    return text[:cut if cut > 0 else TEXT_LIMIT]


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
        from sevtriage.tickets.textflags.matcher import TextMatcher

        # Built once per process, and kept: a deferred text policy (the bundled snapshot's)
        # unmarshals and builds its ~550 patterns and cues here, thousands of objects that live
        # as long as the process. The collector scanning them while they are made was ~1.2 ms of
        # the first text's ~6 ms build; paused here only, as it was.
        enabled = gc.isenabled()
        gc.disable()
        try:
            matcher = TextMatcher(self.text_policy)
            gc.freeze()
            return matcher
        finally:
            if enabled:
                gc.enable()

    def entries(self, ticket: dict[str, Any]) -> list[dict[str, Any]]:
        """Every mention in the ticket's text fields, as ``derived_flags`` entries (unresolved)."""
        out = []
        for field in TEXT_FIELDS:
            text = ticket.get(field)
            if not isinstance(text, str) or not text:
                continue
            from sevtriage.tickets.textflags.matcher import NEGATED

            for mention in self.matcher.mentions(read_part(text)):
                for flag, value in mention.detector.sets:
                    if mention.status == NEGATED:
                        value = mention.detector.negated_value(flag, value)
                    out.append({"flag": flag, "value": value, "status": mention.status,
                                "detector": mention.detector.id, "field": field,
                                "start": mention.start, "end": mention.end,
                                "text": text[mention.start:mention.end], "cue": mention.cue,
                                "used": False})
        return out

    @staticmethod
    def limit_warnings(ticket: Any) -> list[str]:
        """A warning per text field longer than the detectors read (``TEXT_LIMIT``)."""
        if not isinstance(ticket, dict):
            return []
        out = []
        for field in TEXT_FIELDS:
            text = ticket.get(field)
            if isinstance(text, str) and len(text) > TEXT_LIMIT:
                out.append(f"text flags: {field} read only up to character {len(read_part(text)):,} "
                           f"of {len(text):,} (detectors read at most {TEXT_LIMIT:,} per field)")
        return out

    def apply(self, ticket: Any) -> tuple[Any, list[dict[str, Any]]]:
        """The ticket with its derived flags, and the evidence; a non-object is returned as is
        (the contract check reports it)."""
        if not isinstance(ticket, dict):
            return ticket, []
        entries = self.entries(ticket)
        if not entries:
            return ticket, entries
        from sevtriage.tickets.textflags.resolve import resolve

        return resolve(ticket, entries, self.text_policy.resolution), entries
