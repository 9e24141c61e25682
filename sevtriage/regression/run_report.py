"""A fixture run as the reports show it (``output.runs.data.RunReport``).

A failure is shown so that the author can act without rerunning anything:
each expected field against the actual value, which criterion decided the
level, which matches were overridden, and the nearest misses. Working that out
takes the decision and the explainer, so it is done here; the writers in
``output/runs`` (text, JSON, JUnit) only lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sevtriage.engine.classifier import is_error
from sevtriage.engine.decision import Decision
from sevtriage.explain.misses import nearest_misses
from sevtriage.output.runs.data import FAILED, FIXED, TODO, CoverageRow, FixtureReport, RunReport
from sevtriage.problems import Problem
from sevtriage.regression.decisive import decisive
from sevtriage.regression.fixture_run import FixtureOutcome, FixtureRun, summary_line
from sevtriage.tickets.json_codec import dumps_inline
from sevtriage.tickets.prepare import prepare_ticket


def shown(value: Any) -> str:
    return dumps_inline(value)


def failure_details(outcome: FixtureOutcome, run: FixtureRun) -> list[str]:
    """Expected against actual, the deciding criterion and the overridden matches."""
    result = outcome.result
    if outcome.decision is None:
        error = result["error"]
        path = f" at {error['path']}" if error.get("path") else ""
        return [f"the ticket cannot be classified: {error['code']}{path}: {error['message']}"]
    lines = []
    if outcome.status == FIXED:
        lines.append(f"marked expect_todo ({outcome.fixture.todo}) but it passes now: "
                     "remove expect_todo to promote it to a regular fixture")
    width = max((len(name) for name in outcome.differences), default=0)
    for name, (expected, actual) in outcome.differences.items():
        lines.append(f"{name.ljust(width)}  expected {shown(expected)}")
        lines.append(f"{''.ljust(width)}  actual   {shown(actual)}")
    lines += unknown_expectations(outcome, run)
    lines += decision_lines(outcome.decision, run)
    lines += miss_lines(outcome, run)
    return lines


def unknown_expectations(outcome: FixtureOutcome, run: FixtureRun) -> list[str]:
    """What a failing fixture expects that the policy does not have (a Level 9, a misspelt rule
    id): such a fixture can never pass, which the expected-against-actual lines do not say."""
    expect, policy = outcome.fixture.expect, run.policy
    lines = []
    severity = expect.get("severity")
    if "severity" in outcome.differences and isinstance(severity, int) and severity not in policy.levels:
        lines.append(f"the policy has no Level {severity} (levels: {', '.join(map(str, sorted(policy.levels)))})")
    for name, items in (("matched_rules", policy.rules), ("applied_caps", policy.ceilings)):
        known = {item.id for item in items}
        if name in outcome.differences and isinstance(expect.get(name), list):
            unknown = [str(item) for item in expect[name] if item not in known]
            what = "rule" if name == "matched_rules" else "ceiling"
            lines += [f'the policy has no {what} "{item}" ({name})' for item in unknown]
    return lines


MISSES_SHOWN = 3


def miss_lines(outcome: FixtureOutcome, run: FixtureRun) -> list[str]:
    """When a more severe level was expected: the nearest misses (as ``explain`` shows them)."""
    result = outcome.result
    expected = outcome.fixture.expect["severity"]
    if expected >= result["severity"]:
        return []
    values = prepare_ticket(outcome.fixture.ticket, run.policy.field_defaults).values
    misses = [m for m in nearest_misses(run.policy, values, result["severity"], set(result["matched_rules"]))
              if m["level"] >= expected]
    lines = []
    for miss in misses[:MISSES_SHOWN]:
        why = "; ".join(f"{f['condition']}: expected {shown(f['expected'])}, had {shown(f['actual'])}"
                        for f in miss["failed"])
        lines.append(f"nearest miss: {miss['rule']} (Level {miss['level']}, {miss['at']}): {why}")
    if len(misses) > MISSES_SHOWN:
        lines.append(f"... and {len(misses) - MISSES_SHOWN} more (sevtriage explain shows all)")
    return lines


def failure_summary(outcome: FixtureOutcome) -> str:
    """One line for a JUnit ``message`` attribute."""
    if outcome.status == FIXED:
        return f"marked expect_todo but passes now: promote it ({outcome.fixture.todo})"
    if is_error(outcome.result):
        return f"the ticket cannot be classified: {outcome.result['error']['code']}"
    return "; ".join(f"{name}: expected {shown(e)}, actual {shown(a)}"
                     for name, (e, a) in outcome.differences.items())


def decision_lines(decision: Decision, run: FixtureRun) -> list[str]:
    found = decisive(decision)
    places = ", ".join(item.place() for item in decision.deciders())
    lines = [f"decided by: {found.label()} (Level {found.severity}, basis {found.basis}"
             + (f"; {places})" if places else ")")]
    lines += [f"overridden: {item.describe()}" for item in found.overridden]
    return lines


def fixture_entry(outcome: FixtureOutcome) -> dict[str, Any]:
    """The fixture in the JSON report."""
    fixture = outcome.fixture
    entry: dict[str, Any] = {
        "id": fixture.id, "file": fixture.file, "line": fixture.line, "status": outcome.status,
        "differences": {name: {"expected": e, "actual": a} for name, (e, a) in outcome.differences.items()},
    }
    if fixture.todo is not None:
        entry["expect_todo"] = fixture.todo
    if outcome.decision is not None:
        found = decisive(outcome.decision)
        entry["decided_by"] = {"rule": found.rule, "ceilings": list(found.ceilings), "label": found.label()}
        if len(found.rules) > 1:
            entry["decided_by"]["tied_rules"] = list(found.rules[1:])
        entry["overridden"] = [{"rule": o.rule_id, "level": o.level, "by": o.by} for o in found.overridden]
    entry["result"] = outcome.result
    return entry


def fixture_report(outcome: FixtureOutcome, run: FixtureRun) -> FixtureReport:
    fixture = outcome.fixture
    explained = outcome.counts_as_failure or outcome.status == TODO
    return FixtureReport(
        fixture.id, fixture.file, fixture.line, outcome.status, fixture.todo, outcome.counts_as_failure,
        tuple(failure_details(outcome, run)) if explained else (),
        failure_summary(outcome) if outcome.counts_as_failure else "", fixture_entry(outcome))


def detector_example_report(problem: Problem) -> FixtureReport:
    """A detector example that does not behave as written (``text-example``), as a failing entry
    of the run: every writer (text, JSON, JUnit) shows it and counts it, so that a CI reading
    any of them sees why the run failed."""
    name = f"detector example: {problem.message}"
    entry: dict[str, Any] = {"id": name, "file": problem.file, "line": problem.line, "column": problem.column,
                             "status": FAILED, "kind": "detector_example", "message": problem.message,
                             "path": problem.json_path}
    return FixtureReport(name, problem.file, problem.line, FAILED, None, True, (str(problem),),
                         problem.message, entry)


def report(run: FixtureRun, coverage_min: float | None = None,
           detector_problems: Sequence[Problem] = ()) -> RunReport:
    """The run as the writers in ``output.runs`` read it (``coverage_min``: for the JSON report),
    with the detector examples that failed (``detector_problems``) counted as failures."""
    coverage = run.coverage
    coverage_json = coverage.as_json()
    coverage_json["minimum"] = coverage_min
    rows = tuple(CoverageRow(item.id, item.kind, item.status, item.decided, item.matched)
                 for item in coverage.items.values())
    summary = dict(run.summary)
    summary["failed"] += len(detector_problems)
    return RunReport({**run.policy.identity(), "from": run.policy.origin},
                     tuple(fixture_report(outcome, run) for outcome in run.outcomes)
                     + tuple(detector_example_report(problem) for problem in detector_problems), rows,
                     coverage.decided_count, coverage.total, coverage.ratio, coverage_json,
                     summary, summary_line(summary))
