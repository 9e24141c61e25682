"""Who set a result's level: the deciding rule or ceilings, and the matches overridden.

A result record lists every matched rule (most severe first) and every applied
ceiling, but a reviewer asks a narrower question: *which* criterion produced
this level? The definitions, used by the failure display, the coverage and the
policy diff alike:

* a **rule decides** when it is the first matched rule (the most severe level,
  first in policy order among equals, as ``classify --format table`` shows it)
  and no ceiling was applied;
* a **ceiling decides** when it is in ``applied_caps`` and its ``max_level`` is
  the final severity (two ceilings with the same maximum both decide);
* every other matched rule is **overridden**: by the deciding rule when it is
  less severe or listed after it, by a deciding ceiling when it is more severe
  than the final level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sevtriage.policy.model import Ceiling, Policy, Rule


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
    """The deciding criteria of one result record."""

    severity: int
    basis: str
    proposed_by: str | None
    rule: str | None
    ceilings: tuple[str, ...]
    overridden: tuple[Override, ...]

    def deciders(self) -> tuple[str, ...]:
        """Ids of the rule and ceilings that decided (coverage counts these)."""
        return ((self.rule,) if self.rule else ()) + self.ceilings

    def label(self) -> str:
        """One short phrase for a report line, e.g. ``cap-dotnet-mssql over L1-crash-hang``."""
        below = self.proposed_by or f"{self.basis} level"
        if self.ceilings:
            return f"{', '.join(self.ceilings)} over {below}"
        return below


def decisive(record: dict[str, Any], policy: Policy) -> Decisive:
    """The deciding criteria of ``record`` (a result, not an error) under ``policy``."""
    matched: list[str] = record["matched_rules"]
    applied: list[str] = record["applied_caps"]
    severity: int = record["severity"]
    ceilings = tuple(cap for cap in applied if _ceiling(policy, cap).max_level == severity)
    proposed_by = matched[0] if matched else None
    rule = proposed_by if not applied else None
    overridden = []
    for rule_id in matched:
        if rule_id == rule:
            continue
        level = _rule(policy, rule_id).level
        capped = bool(ceilings) and level < severity
        by = ceilings[0] if capped else proposed_by
        overridden.append(Override(rule_id, level, f"ceiling {by}" if capped else f"rule {by}"))
    return Decisive(severity, record["basis"], proposed_by, rule, ceilings, tuple(overridden))


def _ceiling(policy: Policy, ceiling_id: str) -> Ceiling:
    item = policy.rule(ceiling_id)
    if not isinstance(item, Ceiling):
        raise KeyError(f"{ceiling_id} is not a ceiling of the policy")
    return item


def _rule(policy: Policy, rule_id: str) -> Rule:
    item = policy.rule(rule_id)
    if not isinstance(item, Rule):
        raise KeyError(f"{rule_id} is not a rule of the policy")
    return item
