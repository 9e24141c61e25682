"""A batch of results folded into the counts the page shows, one record at a time.

``add`` is called once per record of a batch that may hold millions, so it
does the least it can: counters keyed by small values, and example rows kept
only up to ``max_examples`` (the earliest deadlines in a bounded heap, the
first errors and flags of each kind). Everything here is O(1) memory in the
number of records, apart from counters over the policy's own ids and codes.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sevtriage.report.deadlines import WINDOWS, Histogram, epoch_seconds, window_of
from sevtriage.tickets.json_codec import dumps_inline

DEFAULT_EXAMPLES = 20
NO_LEVEL = 0  # the declared level of a ticket that declared none


class MixedPoliciesError(Exception):
    """Results of two policies in one report: their counts cannot be read together."""

    def __init__(self, first: dict[str, Any], first_at: str, other: dict[str, Any], other_at: str):
        super().__init__(
            f"{other_at}: results of two different policies in one report: "
            f"{_identity(first)} (first seen at {first_at}) and {_identity(other)}; "
            "report each policy's results apart (or use sevtriage diff to compare policies)")
        self.hashes = (first.get("hash"), other.get("hash"))


def _key(policy: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two results' policies the same: name, version, hash, and the text detectors' hash."""
    return policy.get("name"), policy.get("version"), policy.get("hash"), policy.get("detectors_hash")


def _identity(policy: dict[str, Any]) -> str:
    detectors = f", detectors {policy['detectors_hash']}" if policy.get("detectors_hash") else ""
    return f"{policy.get('name')} {policy.get('version')} ({policy.get('hash', 'no hash')}{detectors})"


@dataclass(frozen=True)
class ErrorExample:
    id: str | None
    where: str
    code: str
    message: str


@dataclass(frozen=True)
class FlagExample:
    id: str
    flag: str
    value: str
    status: str
    where: str
    text: str
    cue: str


@dataclass(frozen=True)
class DeadlineExample:
    id: str
    severity: int
    respond_by: str
    decided_by: str


@dataclass
class BatchSummary:
    """Everything the batch page shows, folded from the records."""

    max_examples: int = DEFAULT_EXAMPLES
    now: int | None = None
    records: int = 0
    results: int = 0
    levels: Counter[int] = field(default_factory=Counter)
    level_names: dict[int, str] = field(default_factory=dict)
    declared: Counter[tuple[int, int]] = field(default_factory=Counter)
    deciding_rules: Counter[str] = field(default_factory=Counter)
    set_by_ceiling: int = 0
    ceilings: Counter[str] = field(default_factory=Counter)
    basis: Counter[str] = field(default_factory=Counter)
    deadlines: Histogram = field(default_factory=Histogram)
    no_deadline: int = 0
    due: Counter[tuple[str, int]] = field(default_factory=Counter)
    earliest: list[tuple[int, int, DeadlineExample]] = field(default_factory=list)
    flags: Counter[tuple[str, str]] = field(default_factory=Counter)
    flagged_results: int = 0
    flags_used: int | None = None  # flags whose "used" is true, when the results say
    flag_examples: list[FlagExample] = field(default_factory=list)
    error_codes: Counter[str] = field(default_factory=Counter)
    error_examples: dict[str, list[ErrorExample]] = field(default_factory=dict)
    policy: dict[str, Any] | None = None
    policy_seen_at: str = ""
    inputs: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(self.error_codes.values())

    def add(self, record: dict[str, Any], file: str, line: int) -> None:
        """Fold one result or error record (as ``results.read_results`` checked it) into the counts."""
        self.records += 1
        error = record.get("error")
        if error is not None:
            self._add_error(record, error)
            return
        policy = record["policy"]
        if policy != self.policy:
            self._check_policy(policy, file, line)
        self.results += 1
        severity: int = record["severity"]
        self.levels[severity] += 1
        if severity not in self.level_names and isinstance(record.get("level_name"), str):
            self.level_names[severity] = record["level_name"]
        declared = record.get("declared_severity")
        self.declared[(declared if isinstance(declared, int) else NO_LEVEL, severity)] += 1
        caps: list[str] = record["applied_caps"]
        matched: list[str] = record["matched_rules"]
        if caps:
            self.set_by_ceiling += 1
            self.ceilings.update(caps)
        elif matched:
            self.deciding_rules[matched[0]] += 1
        self.basis[record["basis"]] += 1
        respond_by = record.get("respond_by")
        if isinstance(respond_by, str):
            self._add_deadline(record, respond_by, severity, file, line)
        else:
            self.no_deadline += 1
        flags = record.get("derived_flags")
        if flags:
            self._add_flags(record, flags)

    def _check_policy(self, policy: dict[str, Any], file: str, line: int) -> None:
        if policy == self.policy:
            return
        if self.policy is None:
            self.policy, self.policy_seen_at = policy, f"{file}:{line}"
        elif _key(policy) != _key(self.policy):
            raise MixedPoliciesError(self.policy, self.policy_seen_at, policy, f"{file}:{line}")

    def _add_error(self, record: dict[str, Any], error: dict[str, Any]) -> None:
        code = str(error.get("code"))
        self.error_codes[code] += 1
        examples = self.error_examples.setdefault(code, [])
        if len(examples) < self.max_examples:
            source = record.get("file")
            line = record.get("line")
            where = f"{source}:{line}" if source else f"line {line}"
            examples.append(ErrorExample(record.get("id"), where, code, str(error.get("message", ""))))

    def _add_deadline(self, record: dict[str, Any], respond_by: str, severity: int, file: str, line: int) -> None:
        try:
            seconds = epoch_seconds(respond_by)
        except ValueError:
            self.no_deadline += 1
            return
        self.deadlines.add(seconds, severity)
        if self.now is not None:
            self.due[(window_of(seconds, self.now), severity)] += 1
        if self.max_examples == 0:  # --examples 0: no examples, and no heap to compare against
            return
        # a max-heap by deadline (negated), so the latest of the kept ones is at the top, first seen first
        if len(self.earliest) < self.max_examples or -seconds > self.earliest[0][0]:
            key = (-seconds, -self.results)
            matched = record["matched_rules"]
            decided = ", ".join(record["applied_caps"]) or (matched[0] if matched else record["basis"])
            example = DeadlineExample(str(record.get("id")), severity, respond_by, decided)
            item = (key[0], key[1], example)
            if len(self.earliest) < self.max_examples:
                heapq.heappush(self.earliest, item)
            else:
                heapq.heapreplace(self.earliest, item)

    def _add_flags(self, record: dict[str, Any], flags: Any) -> None:
        if not isinstance(flags, list):
            return
        self.flagged_results += 1
        for flag in flags:
            if not isinstance(flag, dict):
                continue
            name, status = str(flag.get("flag")), str(flag.get("status", "affirmed"))
            self.flags[(name, status)] += 1
            if "used" in flag:
                self.flags_used = (self.flags_used or 0) + (flag["used"] is True)
            if len(self.flag_examples) < self.max_examples:
                where = f"{flag.get('field')}[{flag.get('start')}:{flag.get('end')}]"
                self.flag_examples.append(FlagExample(
                    str(record.get("id")), name, _json_text(flag.get("value")), status, where,
                    _clip(flag.get("text")), _clip(flag.get("cue"))))

    def earliest_deadlines(self) -> list[DeadlineExample]:
        return [example for _, _, example in sorted(self.earliest, key=lambda item: (-item[0], -item[1]))]

    def due_windows(self) -> list[str]:
        return [name for name, _ in WINDOWS]


def _json_text(value: Any) -> str:
    """A flag's value as the results write it (``true``, not Python's ``True``)."""
    return _clip(dumps_inline(value))


def _clip(text: Any, limit: int = 120) -> str:
    value = "" if text is None else str(text)
    return value if len(value) <= limit else value[:limit - 1] + "…"
