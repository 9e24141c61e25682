"""Decisive coverage: does some fixture show each rule and ceiling *deciding* a level?

Line coverage of a policy (was the rule ever matched?) says little: a rule
that only ever matches alongside a more severe one could be deleted, or have
the wrong level, and every fixture would still pass. So each rule and ceiling
is counted three ways over the fixtures that pass: it decided some fixture
(the classifier's ``Decision``: rules tied at the deciding level all decide,
as ``validate``'s never-decides reads it), it only matched (held) without
deciding, or it never touched one. The ratio that ``--coverage-min`` checks is the share of rules
and ceilings that decided at least one fixture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sevtriage.engine.decision import Decision
from sevtriage.output.runs.data import DECIDED as DECIDED
from sevtriage.output.runs.data import MATCHED as MATCHED
from sevtriage.output.runs.data import UNTOUCHED as UNTOUCHED
from sevtriage.policy.model import Policy


@dataclass
class ItemCoverage:
    """One rule or ceiling: how many fixtures it decided, and how many it matched."""

    id: str
    kind: str
    decided: int = 0
    matched: int = 0

    @property
    def status(self) -> str:
        if self.decided:
            return DECIDED
        return MATCHED if self.matched else UNTOUCHED

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "status": self.status,
                "decided": self.decided, "matched": self.matched}


class DecisiveCoverage:
    """Accumulates, fixture by fixture, which rules and ceilings decided or matched."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.items = {item.id: ItemCoverage(item.id, item.kind) for item in policy.items()}

    def add(self, decision: Decision) -> None:
        """Count one classified fixture from the classifier's decision."""
        for item in {*decision.matched, *decision.holding_caps}:
            self.items[item.id].matched += 1
        for item in decision.deciders():
            self.items[item.id].decided += 1

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def decided_count(self) -> int:
        return sum(1 for item in self.items.values() if item.decided)

    @property
    def ratio(self) -> float:
        """Share of rules and ceilings that decide some fixture (1.0 for an empty policy)."""
        return self.decided_count / self.total if self.total else 1.0

    def below(self, minimum: float) -> bool:
        # Compared as counts, so that 1.0 means "every item", never lost to rounding.
        return self.decided_count < minimum * self.total - 1e-9

    def as_json(self) -> dict[str, Any]:
        return {"ratio": round(self.ratio, 4), "decided": self.decided_count, "total": self.total,
                "items": [item.as_json() for item in self.items.values()]}
