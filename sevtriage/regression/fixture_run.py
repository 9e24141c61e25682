"""Run fixtures through the core ``Classifier`` and judge each against its expectation.

Statuses: ``passed``; ``failed``; ``todo`` (marked ``expect_todo``, a known gap,
and still failing: does not fail the run); ``fixed`` (marked ``expect_todo`` but
now passing: fails the run, so that the author promotes it to a plain fixture).
Decisive coverage counts only fixtures that pass: a fixture pins a rule down
only when its expectation is met.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sevtriage.engine.classifier import Classifier
from sevtriage.engine.decision import Decision
from sevtriage.output.runs.data import FAILED as FAILED
from sevtriage.output.runs.data import FIXED as FIXED
from sevtriage.output.runs.data import PASSED as PASSED
from sevtriage.output.runs.data import TODO as TODO
from sevtriage.policy.model import Policy
from sevtriage.regression.coverage import DecisiveCoverage
from sevtriage.regression.fixtures import Fixture, mismatches
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.intake import Intake
from sevtriage.tickets.records import InputRecord

# FAILED, FIXED, PASSED, TODO: the statuses are the reports' vocabulary too (output.runs.data).
GLOB_CHARACTERS = "*?["


@dataclass
class FixtureOutcome:
    fixture: Fixture
    result: dict[str, Any]
    decision: Decision | None  # None when the ticket gave an error record
    differences: dict[str, tuple[Any, Any]]
    status: str

    @property
    def counts_as_failure(self) -> bool:
        return self.status in (FAILED, FIXED)


@dataclass
class FixtureRun:
    policy: Policy
    outcomes: list[FixtureOutcome]
    coverage: DecisiveCoverage
    summary: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.summary = {
            "passed": sum(o.status == PASSED for o in self.outcomes),
            "failed": sum(o.counts_as_failure for o in self.outcomes),
            "todo": sum(o.status == TODO for o in self.outcomes),
        }

    @property
    def failed(self) -> bool:
        return self.summary["failed"] > 0

    def summary_line(self) -> str:
        """The last line of the run, for any CI to read: ``N passed, N failed[, N todo]``."""
        return summary_line(self.summary)


def summary_line(summary: Mapping[str, int]) -> str:
    """``N passed, N failed[, N todo]`` of a run's counts."""
    line = f"{summary['passed']} passed, {summary['failed']} failed"
    return line + (f", {summary['todo']} todo" if summary["todo"] else "")


def select(fixtures: Iterable[Fixture], patterns: tuple[str, ...]) -> list[Fixture]:
    """Fixtures whose id contains a pattern, or matches it as a glob when it has ``*?[``."""
    if not patterns:
        return list(fixtures)

    def chosen(fixture_id: str) -> bool:
        return any(fnmatch.fnmatchcase(fixture_id, p) if any(c in p for c in GLOB_CHARACTERS)
                   else p in fixture_id for p in patterns)
    return [f for f in fixtures if chosen(f.id)]


def judge(fixture: Fixture, result: dict[str, Any], decision: Decision | None) -> FixtureOutcome:
    differences = mismatches(fixture.expect, result)
    if fixture.todo is not None:  # noqa: SIM108 (the four outcomes read best as two lines)
        status = TODO if differences else FIXED
    else:
        status = FAILED if differences else PASSED
    return FixtureOutcome(fixture, result, decision, differences, status)


def _classify(classifier: Classifier, fixture: Fixture,
              intake: Intake | None) -> tuple[dict[str, Any], Decision | None]:
    """The fixture's result; with ``intake`` (``--map``), its ticket is first mapped from the helpdesk's form."""
    record = InputRecord(fixture.file, fixture.line, fixture.ticket)
    mapped = list(intake([record])) if intake is not None else [record]
    if len(mapped) != 1:
        error = TicketError("mapping_error", f"the fixture's ticket holds {len(mapped)} tickets, not one")
        mapped = [InputRecord(fixture.file, fixture.line, fixture.ticket, error=error)]
    result, decision = next(iter(classifier.classify_decisions(mapped)))
    return result, decision


def run_fixtures(policy: Policy, fixtures: list[Fixture], intake: Intake | None = None) -> FixtureRun:
    """Classify every fixture's ticket, one by one, and judge it."""
    classifier = Classifier(policy)
    classifiers = {True: classifier, False: Classifier(policy, classifier.matcher, text_flags=False)}
    coverage = DecisiveCoverage(policy)
    outcomes = []
    for fixture in fixtures:
        result, decision = _classify(classifiers[fixture.text_flags], fixture, intake)
        outcome = judge(fixture, result, decision)
        if outcome.status == PASSED and decision is not None:
            coverage.add(decision)
        outcomes.append(outcome)
    return FixtureRun(policy, outcomes, coverage)
