"""Who set a result's level, for reports: the deciding rules or ceilings, and the matches overridden.

A result record lists every matched rule (most severe first) and every applied
ceiling, but a reviewer asks a narrower question: *which* criterion produced
this level? The classifier's ``Decision`` answers it (``engine.decision``: the
rules tied at the deciding level all decide; ceilings whose ``max_level`` is
the final level decide; every other matched rule is overridden). This module
only names those answers for the failure display, the coverage report and the
policy diff: nothing is worked out again from the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from sevtriage.engine.decision import Decision
from sevtriage.policy.model import Ceiling


@dataclass(frozen=True)
class Override:
    """A matched rule whose level was not the result, and what won over it."""

    rule_id: str
    level: int
    by: str

    def describe(self) -> str:
        return f"{self.rule_id} (level {self.level}) overridden by {self.by}"


@dataclass(frozen=True)
class Decisive:
    """The deciding criteria of one result, by id."""

    severity: int
    basis: str
    proposed_by: str | None
    rules: tuple[str, ...]
    ceilings: tuple[str, ...]
    overridden: tuple[Override, ...]

    @property
    def rule(self) -> str | None:
        """The deciding rule shown first (first in policy order among tied rules)."""
        return self.rules[0] if self.rules else None

    def deciders(self) -> tuple[str, ...]:
        """Ids of the rules and ceilings that decided."""
        return self.rules + self.ceilings

    def label(self) -> str:
        """One short phrase for a report line, e.g. ``cap-dotnet-mssql over L1-crash-hang``."""
        below = self.proposed_by or f"{self.basis} level"
        if self.ceilings:
            return f"{', '.join(self.ceilings)} over {below}"
        return below


def decisive(decision: Decision) -> Decisive:
    """The deciding criteria of a result, read from the classifier's decision."""
    overridden = tuple(Override(rule.id, rule.level, f"{'ceiling' if isinstance(by, Ceiling) else 'rule'} {by.id}")
                       for rule, by in decision.overridden())
    return Decisive(decision.severity, decision.basis, decision.matched[0].id if decision.matched else None,
                    tuple(r.id for r in decision.deciding_rules), tuple(c.id for c in decision.deciding_ceilings),
                    overridden)
