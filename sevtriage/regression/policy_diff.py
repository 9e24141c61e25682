"""Classify the same tickets under two policies and collect what changed.

Both policies run in this one process: each ``Classifier`` compiles its own
durable_rules ruleset under its own name (``DurableMatcher`` numbers them), so
the two sit side by side and a batch asserted in one never reaches the other
(``tests/test_diff_*`` checks both against the reference evaluator,
interleaved). Records stream through in chunks: only the tickets whose level
changed are kept, everything else is counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sevtriage.engine.classifier import BATCH_SIZE, Classified, Classifier, is_error
from sevtriage.policy.model import Policy
from sevtriage.regression.decisive import decisive
from sevtriage.tickets.records import InputRecord, chunked


@dataclass
class LevelChange:
    """A ticket whose level differs, and the criterion that decided it on each side."""

    id: str | None
    file: str | None
    line: int
    base_level: int
    head_level: int
    base_decided_by: str
    head_decided_by: str

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "line": self.line,
                "base": {"severity": self.base_level, "decided_by": self.base_decided_by},
                "head": {"severity": self.head_level, "decided_by": self.head_decided_by}}


@dataclass
class PolicyDiff:
    base: Policy
    head: Policy
    matrix: dict[tuple[int, int], int] = field(default_factory=dict)
    changes: list[LevelChange] = field(default_factory=list)
    rules_changed_same_level: int = 0
    caps_changed_same_level: int = 0
    errors: dict[str, int] = field(default_factory=lambda: {"both": 0, "base_only": 0, "head_only": 0})

    @property
    def classified(self) -> int:
        return sum(self.matrix.values())

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def levels(self) -> list[int]:
        return sorted(set(self.base.levels) | set(self.head.levels))

    def add(self, record: InputRecord, base_side: Classified, head_side: Classified) -> None:
        base, head = base_side.record, head_side.record
        if base_side.decision is None or head_side.decision is None:
            side = "both" if is_error(base) and is_error(head) else "base_only" if is_error(base) else "head_only"
            self.errors[side] += 1
            return
        key = (base["severity"], head["severity"])
        self.matrix[key] = self.matrix.get(key, 0) + 1
        if base["severity"] != head["severity"]:
            self.changes.append(LevelChange(
                base["id"], record.file, record.line, base["severity"], head["severity"],
                decisive(base_side.decision).label(), decisive(head_side.decision).label()))
            return
        self.rules_changed_same_level += set(base["matched_rules"]) != set(head["matched_rules"])
        self.caps_changed_same_level += set(base["applied_caps"]) != set(head["applied_caps"])

    def as_json(self) -> dict[str, Any]:
        return {
            "base": self.base.identity(), "head": self.head.identity(),
            "classified": self.classified,
            "level_changed": len(self.changes),
            "matrix": [{"base": b, "head": h, "count": n} for (b, h), n in sorted(self.matrix.items())],
            "same_level": {"matched_rules_changed": self.rules_changed_same_level,
                           "applied_caps_changed": self.caps_changed_same_level},
            "errors": dict(self.errors),
            "changes": [change.as_json() for change in self.changes],
        }



def diff_policies(base: Policy, head: Policy, records: Iterable[InputRecord]) -> PolicyDiff:
    """Classify each record under ``base`` and ``head`` (two rulesets, one process)."""
    base_classifier, head_classifier = Classifier(base), Classifier(head)
    diff = PolicyDiff(base, head)
    for chunk in chunked(records, BATCH_SIZE):
        base_results = base_classifier.classify_decisions(chunk)
        head_results = head_classifier.classify_decisions(chunk)
        for record, base_result, head_result in zip(chunk, list(base_results), list(head_results), strict=True):
            diff.add(record, base_result, head_result)
    return diff
