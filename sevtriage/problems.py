"""Problems found in a policy, reported the way linters report them.

Every check (schema, semantic, lint) yields ``Problem`` objects that carry a
position, so that an author sees ``file:line:col: level: message (check-id)``
and can jump to the spot; the CLI turns them into text, JSON, SARIF or GitHub
annotations without knowing which check produced them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Problem:
    """One finding at one place in one policy file."""

    file: str
    line: int
    column: int
    level: str
    message: str
    check_id: str
    json_path: str = ""
    witness: dict[str, Any] | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = f" ({self.json_path})" if self.json_path else ""
        return (
            f"{self.file}:{self.line}:{self.column}: {self.level}: "
            f"{self.message} ({self.check_id}){where}"
        )

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.file, self.line, self.column, SEVERITY_ORDER[self.level], self.check_id)


class PolicyError(Exception):
    """A policy that cannot be loaded: carries every problem found, not the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class PolicyReport:
    """Every finding for one policy (a path or ``git:REV:PATH``): what ``validate`` reports."""

    path: str
    problems: list[Problem]

    @property
    def unreadable(self) -> bool:
        """The policy could not even be read (missing, not UTF-8, YAML syntax): validate exits 2."""
        return any(p.check_id in UNREADABLE_IDS for p in self.problems)


# A policy with any of these cannot be read at all.
UNREADABLE_IDS = frozenset({"read", "yaml-syntax"})


@dataclass(frozen=True)
class CheckInfo:
    """A check id ``validate`` can report, with its level, stage and one-line summary."""

    id: str
    level: str
    stage: str
    summary: str
