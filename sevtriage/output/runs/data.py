"""What a fixture-run report reads: plain data that ``regression.run_report.report`` fills in.

Working out why a fixture failed (the deciding criterion, the nearest misses) is
the regression feature's job, above this layer; the writers here only lay out
what it found, so output/ imports no feature package.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A fixture's status (regression.fixture_run judges it), and a rule's or ceiling's coverage.
PASSED, FAILED, TODO, FIXED = "passed", "failed", "todo", "fixed"
DECIDED, MATCHED, UNTOUCHED = "decided", "matched", "untouched"


@dataclass(frozen=True)
class FixtureReport:
    """One fixture as the reports show it."""

    id: str
    file: str
    line: int
    status: str
    todo: str | None  # the expect_todo reason
    counts_as_failure: bool
    details: tuple[str, ...]  # why it fails (or, for a todo fixture, why it still does): one line each
    message: str  # the same in one line (a JUnit ``message``); empty unless it counts as a failure
    entry: dict[str, Any]  # the fixture in the JSON report


@dataclass(frozen=True)
class CoverageRow:
    """One rule or ceiling: how many passing fixtures it decided, and how many it matched."""

    id: str
    kind: str
    status: str
    decided: int
    matched: int


@dataclass(frozen=True)
class RunReport:
    """A whole fixture run: its fixtures, its decisive coverage and its summary."""

    policy: dict[str, Any]  # the policy's identity and where it came from
    fixtures: tuple[FixtureReport, ...]
    coverage_rows: tuple[CoverageRow, ...]
    decided_count: int
    total: int
    ratio: float
    coverage: dict[str, Any]  # the coverage in the JSON report
    summary: dict[str, int]
    summary_line: str
