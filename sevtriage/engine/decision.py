"""From the set of rules and ceilings that hold to the suggested level (READING.md).

1. the most severe level any matching rule proposes (lowest number);
2. no rule: the declared level, else the policy default (``basis`` says which);
3. every ceiling that holds and is stricter than that level is applied, and
   listed (``applied_caps``); the result is the least severe of them;
4. notes: the customer's declared level is not replaced silently; a declared
   level above a ceiling is reported; Level 1 needs the customer's cooperation.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sevtriage.engine.business_time import BusinessTimeError, due_time
from sevtriage.engine.reference import holds
from sevtriage.policy.conditions import predicates
from sevtriage.policy.model import Ceiling, Policy, Rule
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.json_codec import LineTemplate, compact, jsonl_line
from sevtriage.tickets.prepare import PreparedTicket

RULES, DECLARED, DEFAULT = "rules", "declared", "default"
# The members of a result that differ between tickets decided alike (``Decider.result_line``).
PER_TICKET = ("id", "respond_by", "clock", "warnings", "derived_flags")
_COMMON_OPEN = ("id", "respond_by", "warnings")


@dataclass
class Decision:
    """How one ticket's level was decided; the classifier hands it out with the result.

    Coverage, explanations, test reports and policy diffs read it; none of them
    works the decision out again. *Deciding*: when no ceiling was applied, every
    matched rule at the level before ceilings decides (rules tied at that level
    share the decision: the first in policy order is only the one shown first);
    when ceilings were applied, those whose ``max_level`` is the final level
    decide. Every other matched rule is overridden."""

    severity: int
    before_caps: int
    basis: str
    matched: list[Rule]          # every rule that matched, most severe first, then in policy order
    holding_caps: list[Ceiling]  # every ceiling whose condition holds, in policy order
    applied: list[Ceiling]       # those stricter than the level before ceilings

    @property
    def deciding_rules(self) -> list[Rule]:
        if self.applied:
            return []
        return [r for r in self.matched if r.level == self.before_caps]

    @property
    def deciding_ceilings(self) -> list[Ceiling]:
        return [c for c in self.applied if c.max_level == self.severity]

    def deciders(self) -> list[Rule | Ceiling]:
        """The rules and ceilings that decided this level (coverage credits these)."""
        return [*self.deciding_rules, *self.deciding_ceilings]

    def overridden(self) -> list[tuple[Rule, Rule | Ceiling]]:
        """Each matched rule that did not decide, with what won over it: the first deciding
        ceiling when the rule is more severe than the final level, else the first matched rule."""
        deciding = self.deciding_rules
        ceilings = self.deciding_ceilings
        out: list[tuple[Rule, Rule | Ceiling]] = []
        for rule in self.matched:
            if rule in deciding:
                continue
            capped = bool(ceilings) and rule.level < self.severity
            out.append((rule, ceilings[0] if capped else self.matched[0]))
        return out


class Decider:
    """The decision steps for one policy, with its lookups built once.

    Every command decides through this class (``decide`` builds one per call),
    so a batch and an explanation cannot disagree. Per ticket it costs a
    lookup per id that holds, not a scan of every rule of the policy; the notes,
    which depend only on a handful of values, are built once per combination.
    """

    NOTES_CACHE_SIZE = 4096
    LINES_CACHE_SIZE = 4096
    DUE_HOURS_CACHE_SIZE = 65536

    def __init__(self, policy: Policy):
        self.policy = policy
        self._rules = {rule.id: (rule.level, index, rule) for index, rule in enumerate(policy.rules)}
        self._caps = {cap.id: (index, cap) for index, cap in enumerate(policy.ceilings)}
        self._notes: dict[tuple[Any, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._lines: dict[tuple[Any, ...], _Decided] = {}
        self._due_hours: dict[tuple[str, int], str] = {}

    def decide(self, ticket: PreparedTicket, holding: Set[str]) -> Decision:
        """Apply the decision steps to the ids that hold for ``ticket``."""
        policy = self.policy
        declared = ticket.declared_severity
        if declared is not None and declared not in policy.levels:  # the contract allows 1..4, a policy may not
            defined = ", ".join(str(n) for n in sorted(policy.levels))
            raise TicketError("invalid_field", f"/declared_severity: Level {declared} is not a level of "
                                               f"policy {policy.name} (levels: {defined})", "/declared_severity")
        rules, ceilings = self._rules, self._caps
        found = sorted(rules[i] for i in holding if i in rules)  # by level, then policy order
        matched = [rule for _, _, rule in found]
        if matched:
            before, basis = found[0][0], RULES
        elif declared is not None:
            before, basis = declared, DECLARED
        else:
            before, basis = policy.default_level, DEFAULT
        caps = [cap for _, cap in sorted(ceilings[i] for i in holding if i in ceilings)]
        applied = [c for c in caps if c.max_level > before]
        severity = max([before] + [c.max_level for c in applied])
        return Decision(severity, before, basis, matched, caps, applied)

    def notes_and_warnings(self, ticket: PreparedTicket, decision: Decision) -> tuple[list[str], list[str]]:
        """``notes_and_warnings``, remembered per combination of the values it reads."""
        key = (decision.basis, decision.before_caps, decision.severity, ticket.declared_severity,
               ticket.contact_available is False, tuple(c.id for c in decision.holding_caps))
        known = self._notes.get(key)
        if known is None:
            notes, warnings = notes_and_warnings(self.policy, ticket, decision)
            known = (tuple(notes), tuple(warnings[len(ticket.warnings):]))
            if len(self._notes) < self.NOTES_CACHE_SIZE:
                self._notes[key] = known
        return list(known[0]), [*ticket.warnings, *known[1]]

    def result_record(self, ticket: PreparedTicket, decision: Decision) -> dict[str, Any]:
        """The result object of contract v1, keys in the documented order."""
        policy = self.policy
        level = policy.levels[decision.severity]
        notes, warnings = self.notes_and_warnings(ticket, decision)
        record: dict[str, Any] = {
            "id": ticket.id,
            "severity": decision.severity,
            "level_name": level.name,
            "response_target": level.response_target,
        }
        if policy.calendars:  # only a policy with calendars names the clock: others' output is unchanged
            clock = clock_name(policy, decision.severity, ticket.values)
            record["respond_by"] = respond_by(ticket, policy, decision.severity, clock)
            record["clock"] = clock
        else:
            record["respond_by"] = respond_by(ticket, policy, decision.severity)
        record["matched_rules"] = [r.id for r in decision.matched]
        record["applied_caps"] = [c.id for c in decision.applied]
        record["basis"] = decision.basis
        record["declared_severity"] = ticket.declared_severity
        record["notes"] = notes
        record["warnings"] = warnings
        record["policy"] = policy.identity()
        if ticket.derived_flags is not None:  # detectors ran: their evidence, and the detectors' version
            record["derived_flags"] = ticket.derived_flags
            mark_decisive(ticket.derived_flags, decision)
            if policy.text is not None:
                record["policy"] = {**policy.identity(), "detectors_hash": policy.text.content_hash}
        return record


    def result_line(self, ticket: PreparedTicket, holding: Set[str]) -> tuple[str, Decision]:
        """``jsonl_line(result_record(ticket, decide(ticket, holding)))``, and the decision.

        The decision and every member of the result but ``PER_TICKET`` depend only on
        the ids that hold, the declared level and whether contact_available is false
        (and whether detectors ran). The first ticket of each such combination is
        written whole through ``result_record``, and its line cut into a
        ``LineTemplate`` kept for the next ones: they are written from its constant
        parts and their own id, deadline and warnings, without a dict or a decision of
        their own. A batch of tickets has a few dozen combinations. Raises TicketError
        as ``decide`` and ``result_record`` do (never cached).
        """
        flags = ticket.derived_flags
        key = (frozenset(holding), ticket.declared_severity, ticket.contact_available is False, flags is None)
        known = self._lines.get(key)
        if known is None:
            decision = self.decide(ticket, holding)
            record = self.result_record(ticket, decision)
            if len(self._lines) < self.LINES_CACHE_SIZE:
                extra = tuple(record["warnings"][len(ticket.warnings):])
                delta = self.policy.levels[decision.severity].response_delta
                hours = int(delta.total_seconds()) // 3600 if delta % timedelta(hours=1) == timedelta(0) else 0
                self._lines[key] = _Decided(LineTemplate(record, PER_TICKET), decision, extra, hours)
            return jsonl_line(record), decision
        template, decision, extra, _ = known
        policy = self.policy
        warnings = ticket.warnings
        if template.open == _COMMON_OPEN:  # no calendars, no detectors: the common case, spelled out
            parts = template.parts
            text = ticket.created_at_text
            if text is None:
                due = "null"
            elif (len(text) == 25 and text[19] in "+-" and text[17:19] != "60" and not text.endswith("-00:00")
                  and known.whole_hours):
                # The usual spelling (no fraction, a numeric offset, not a leap second) and a target of
                # whole hours: only the date and hour change; the minutes, seconds and offset are
                # copied. The new date and hour are remembered per created date and hour.
                hour = self._due_hours.get((text[:13], known.whole_hours))
                if hour is None:
                    hour = self._due_hour(ticket, decision.severity)
                due = f'"{hour}{text[13:]}"'
            else:
                due = compact(respond_by(ticket, policy, decision.severity))
            listed = compact([*warnings, *extra]) if warnings or extra else "[]"
            return f"{parts[0]}{compact(ticket.id)}{parts[1]}{due}{parts[2]}{listed}{parts[3]}", decision
        values: dict[str, Any] = {"id": ticket.id, "warnings": [*warnings, *extra], "derived_flags": flags}
        if policy.calendars:
            values["clock"] = clock = clock_name(policy, decision.severity, ticket.values)
            values["respond_by"] = respond_by(ticket, policy, decision.severity, clock)
        else:
            values["respond_by"] = respond_by(ticket, policy, decision.severity)
        if flags is not None:
            mark_decisive(flags, decision)
        return template.fill(*(values[name] for name in template.open)), decision


    def _due_hour(self, ticket: PreparedTicket, severity: int) -> str:
        """``respond_by``'s date and hour (``2026-03-02T15``) for a ticket whose deadline is
        whole hours away around the clock, remembered per created date and hour."""
        due = respond_by(ticket, self.policy, severity)  # raises its TicketError past year 9999
        assert due is not None and ticket.created_at_text is not None
        if len(self._due_hours) < self.DUE_HOURS_CACHE_SIZE:
            delta = self.policy.levels[severity].response_delta
            self._due_hours[(ticket.created_at_text[:13], int(delta.total_seconds()) // 3600)] = due[:13]
        return due[:13]


class _Decided(NamedTuple):
    """What ``result_line`` keeps per combination: the line's template, the decision, the
    warnings it adds, and its response target in whole hours (0: not whole hours)."""

    template: LineTemplate
    decision: Decision
    extra_warnings: tuple[str, ...]
    whole_hours: int


def decide(policy: Policy, ticket: PreparedTicket, holding: set[str]) -> Decision:
    """Apply the decision steps to the ids that hold for ``ticket`` (``Decider.decide``)."""
    return Decider(policy).decide(ticket, holding)


def clock_name(policy: Policy, severity: int, values: dict[str, Any]) -> str:
    """The clock of a ticket at this level: the first ``clocks:`` entry whose condition
    holds for its values, else the level's ``clock``."""
    level = policy.levels[severity]
    for choice in level.clock_choices:
        if holds(choice.condition, values, policy):
            return choice.clock
    return level.clock


def respond_by(ticket: PreparedTicket, policy: Policy, severity: int, clock: str | None = None) -> str | None:
    """``created_at`` plus the level's target, in the ticket's own UTC offset: wall-clock time
    on the ``24x7`` clock, open time on a calendar (engine.business_time). ``clock``: the one
    ``clock_name`` chose; by default the level's own."""
    if ticket.created_at is None:
        return None
    level = policy.levels[severity]
    calendar = policy.calendars.get(clock) if clock is not None else policy.clock_of(severity)
    try:
        if calendar is None:
            moment = ticket.created_at + level.response_delta
        else:
            # The hook for intake mappings with a ``timezone`` (issue 10): they give a naive date its
            # offset before the contract check; a naive date that still gets here raises
            # BusinessTimeError ("needs a UTC offset"), an error record below.
            moment = due_time(calendar, ticket.created_at, level.response_delta)
    except OverflowError:
        raise TicketError("invalid_field", f"/created_at: {ticket.created_at_text} plus "
                                           f"{level.response_target} is past year 9999",
                          "/created_at") from None
    except BusinessTimeError as exc:
        raise TicketError("invalid_field", f"/created_at: {exc}", "/created_at") from None
    return format_like(moment, ticket.created_at_text or "")


_FRACTION = re.compile(r"\.(\d+)")


def format_like(moment: datetime, original: str) -> str:
    """``moment`` written as ``original`` was: same fractional digits (up to
    microseconds), ``Z`` for ``Z``, ``-00:00`` for ``-00:00``."""
    if len(original) == 25 and original[19] in "+-" and original[-6:] != "-00:00" and not moment.microsecond:
        return moment.isoformat()  # the common shape: no fraction, a numeric offset; the same text
    fraction = _FRACTION.search(original[19:])
    digits = min(len(fraction.group(1)), 6) if fraction else 0
    text = (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
            f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")
    if digits:
        text += "." + f"{moment.microsecond:06d}"[:digits]
    offset = moment.isoformat()[-6:]
    if original[-1:] in ("Z", "z") and offset == "+00:00":
        return text + "Z"
    if original.endswith("-00:00") and offset == "+00:00":
        return text + "-00:00"
    return text + offset


def notes_and_warnings(policy: Policy, ticket: PreparedTicket, decision: Decision) -> tuple[list[str], list[str]]:
    notes: list[str] = []
    warnings = list(ticket.warnings)
    declared = ticket.declared_severity
    if decision.basis == DEFAULT:
        notes.append(f"No rule matched and no level was declared: Level {decision.before_caps} "
                     "is the policy's default.")
    elif decision.basis == DECLARED:
        notes.append(f"No rule matched: the declared Level {declared} is kept as the basis.")
    if declared is not None and declared != decision.severity:
        notes.append(f"The customer declared Level {declared}; the suggested level is Level "
                     f"{decision.severity}. The level changes only with the customer's agreement.")
    for cap in decision.holding_caps:
        if declared is not None and declared < cap.max_level:
            notes.append(f"The declared Level {declared} exceeds the maximum Level {cap.max_level} "
                         f"that the policy allows here ({cap.id}).")
    if decision.severity == 1:
        notes.append("Level 1: the customer must make resources available and cooperate "
                     "to resolve the issue.")
        if ticket.contact_available is False:
            warnings.append("Level 1 needs the customer's cooperation, but contact_available is false.")
    return notes, warnings


def mark_decisive(entries: list[dict[str, Any]], decision: Decision) -> None:
    """Mark the derived flags that the deciding rule or an applied ceiling reads: the words
    behind the decision, which the table and ``explain`` show."""
    deciders: list[Rule | Ceiling] = [*decision.matched[:1], *decision.applied]
    read = {p.field for item in deciders for p in predicates(item.condition)}
    for entry in entries:
        if entry["used"] and entry["flag"] in read:
            entry["decisive"] = True


def result_record(policy: Policy, ticket: PreparedTicket, decision: Decision) -> dict[str, Any]:
    """The result object of contract v1, keys in the documented order (``Decider.result_record``)."""
    return Decider(policy).result_record(ticket, decision)
