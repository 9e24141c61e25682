"""The loaded policy: levels, aliases, rules and ceilings, each knowing its source.

Every rule and ceiling keeps the document and JSON path it came from, so any
later check or explanation can point at ``file:line:col`` without re-reading
the YAML.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from sevtriage.policy.clocks import ROUND_THE_CLOCK
from sevtriage.policy.conditions import Condition, Predicate, predicates
from sevtriage.policy.digest import sha256
from sevtriage.policy.text.model import TextPolicy
from sevtriage.policy.yaml_source import Path, SourceDoc
from sevtriage.problems import Problem

if TYPE_CHECKING:  # imported by a policy that has calendars (start-up)
    from sevtriage.policy.calendars import Calendar


@dataclass(frozen=True)
class Level:
    """A severity level: its number, names and response target, and the clock it runs on."""

    number: int
    name: str
    title: str
    response_target: str
    response_delta: timedelta
    clock: str = ROUND_THE_CLOCK  # "24x7" or the name of a calendar of the policy
    #: another clock for the tickets a condition picks (``clocks:``), the first that holds wins
    clock_choices: tuple[ClockChoice, ...] = ()


@dataclass(frozen=True)
class PolicyItem:
    """What rules and ceilings share: an id, a condition, and where they came from.

    One base so checks, coverage and explanations can walk rules and ceilings
    together with their types known."""

    id: str
    condition: Condition
    source: str | None
    reading: str | None
    doc: SourceDoc = field(compare=False, repr=False)
    path: Path = ()

    #: "rule" or "ceiling", as messages and reports name the item
    kind: ClassVar[str] = "item"

    @property
    def line(self) -> int:
        """The line where the item starts in its file."""
        return self.doc.position(self.path)[0]

    def place(self, *, column: bool = False) -> str:
        """``file:line`` (or ``file:line:col``) of the item: the one way to point at it."""
        line, col = self.doc.position(self.path)
        return f"{self.doc.file}:{line}:{col}" if column else f"{self.doc.file}:{line}"


@dataclass(frozen=True)
class Rule(PolicyItem):
    """A criterion: when ``condition`` holds, the ticket deserves ``level``."""

    level: int = field(kw_only=True)
    kind: ClassVar[str] = "rule"


@dataclass(frozen=True)
class Ceiling(PolicyItem):
    """When ``condition`` holds, the level can be no more severe than ``max_level``."""

    max_level: int = field(kw_only=True)
    kind: ClassVar[str] = "ceiling"


@dataclass(frozen=True)
class ClockChoice(PolicyItem):
    """A level's clock for the tickets whose values meet ``condition`` (e.g. one technology)."""

    clock: str = field(kw_only=True)
    kind: ClassVar[str] = "clock choice"


@dataclass
class Policy:
    """A loaded, checked policy: what every command classifies, explains or lints with."""

    name: str
    version: str
    levels: dict[int, Level]
    rules: list[Rule]
    ceilings: list[Ceiling]
    aliases: dict[str, dict[str, tuple[str, ...]]]
    field_defaults: dict[str, Any]
    default_level: int
    files: list[str]
    docs: list[SourceDoc] = field(default_factory=list, repr=False)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)
    #: the load checks' findings below error level (warnings, information), for validate
    findings: list[Problem] = field(default_factory=list, repr=False)
    #: what higher layers derive from the policy once per process (the engine's compiled
    #: ruleset): a loaded policy is never modified, so it stays valid
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: how the command found it (``rules (--rules)``, ``... (bundled)``): every command says so
    origin: str | None = field(default=None, compare=False)
    #: business-hours calendars by name (``sevtriage.policy.calendars``); levels name them as clocks
    calendars: dict[str, Calendar] = field(default_factory=dict)

    # Detectors of the text/ folder (None without one). Not part of content_hash: a run
    # with --no-text-flags gives the same results, policy hash included, as before them.
    text: TextPolicy | None = field(default=None, repr=False)

    def used(self) -> str:
        """``policy NAME VERSION from SPEC (HOW)``: the line each command prints about its policy."""
        return f"policy {self.name} {self.version}" + (f" from {self.origin}" if self.origin else "")

    def clock_of(self, severity: int) -> Calendar | None:
        """The calendar the level's target is counted in; None around the clock."""
        return self.calendars.get(self.levels[severity].clock)

    @functools.cached_property
    def content_hash(self) -> str:
        """A short digest of the merged policy data: tells two same-named versions apart.

        Cached: every result carries it, and hashing the policy per ticket cost
        a quarter of a batch's time. A loaded policy is never modified."""
        blob = json.dumps(self.raw, sort_keys=True, ensure_ascii=False, default=str)
        return "sha256:" + sha256(blob.encode("utf-8")).hexdigest()[:16]

    def identity(self) -> dict[str, str]:
        """The ``policy`` object every result carries."""
        return {"name": self.name, "version": self.version, "hash": self.content_hash}

    def items(self) -> tuple[Rule | Ceiling, ...]:
        """Every rule, then every ceiling, in policy order."""
        return (*self.rules, *self.ceilings)

    def predicates(self) -> Iterator[tuple[PolicyItem, Predicate]]:
        """Every predicate of every rule, ceiling and level clock choice, with its owner
        (so the field, type, value and alias checks and the engine's projection cover all)."""
        owners: list[PolicyItem] = [*self.items()]
        owners += [choice for level in self.levels.values() for choice in level.clock_choices]
        for item in owners:
            for predicate in predicates(item.condition):
                yield item, predicate

    def rule(self, rule_id: str) -> Rule | Ceiling:
        for item in self.items():
            if item.id == rule_id:
                return item
        raise KeyError(rule_id)
