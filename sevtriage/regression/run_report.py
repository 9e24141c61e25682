"""A fixture run for people (text) and for programs (JSON).

A failure is printed so that the author can act without rerunning anything:
where the fixture is, each expected field against the actual value, which
criterion decided the level, and which matches were overridden.
"""

from __future__ import annotations

from typing import Any, TextIO

from sevtriage.engine.classifier import is_error
from sevtriage.engine.decision import Decision
from sevtriage.explain.misses import nearest_misses
from sevtriage.regression.coverage import DECIDED
from sevtriage.regression.decisive import decisive
from sevtriage.regression.fixture_run import (
    FAILED,
    FIXED,
    PASSED,
    TODO,
    FixtureOutcome,
    FixtureRun,
)
from sevtriage.tickets.json_codec import dumps_inline
from sevtriage.tickets.prepare import prepare_ticket

STATUS_WORDS = {PASSED: "PASS", FAILED: "FAIL", TODO: "TODO", FIXED: "FIXED"}


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
    lines += decision_lines(outcome.decision, run)
    lines += miss_lines(outcome, run)
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


def write_text(run: FixtureRun, out: TextIO, verbose: bool = False) -> None:
    listed = False
    for outcome in run.outcomes:
        fixture = outcome.fixture
        if outcome.status == PASSED and not verbose:
            continue
        where = f"{fixture.file}:{fixture.line}"
        note = f" ({fixture.todo})" if outcome.status == TODO else ""
        out.write(f"{STATUS_WORDS[outcome.status]} {fixture.id}  {where}{note}\n")
        listed = True
        if outcome.counts_as_failure or (verbose and outcome.status == TODO):
            for line in failure_details(outcome, run):
                out.write(f"    {line}\n")
    if listed:
        out.write("\n")
    write_coverage_text(run, out, verbose)
    out.write(run.summary_line() + "\n")


def write_coverage_text(run: FixtureRun, out: TextIO, verbose: bool = False) -> None:
    """The ratio, then each rule and ceiling that decides no fixture (every one with ``verbose``)."""
    coverage = run.coverage
    out.write(f"Decisive coverage: {coverage.decided_count}/{coverage.total} rules and ceilings "
              f"decide a passing fixture ({coverage.ratio:.2f})\n")
    width = max((len(item_id) for item_id in coverage.items), default=0)
    for item in coverage.items.values():
        if item.status == DECIDED and not verbose:
            continue
        out.write(f"  {item.status:<9}  {item.kind:<7}  {item.id.ljust(width)}  "
                  f"decides {item.decided}, matches {item.matched}\n")
    out.write("\n")


def run_json(run: FixtureRun, coverage_min: float | None) -> dict[str, Any]:
    fixtures = []
    for outcome in run.outcomes:
        fixture = outcome.fixture
        entry: dict[str, Any] = {
            "id": fixture.id, "file": fixture.file, "line": fixture.line, "status": outcome.status,
            "differences": {name: {"expected": e, "actual": a} for name, (e, a) in outcome.differences.items()},
        }
        if fixture.todo is not None:
            entry["expect_todo"] = fixture.todo
        if outcome.decision is not None:
            found = decisive(outcome.decision)
            entry["decided_by"] = {"rule": found.rule, "ceilings": list(found.ceilings),
                                   "label": found.label()}
            if len(found.rules) > 1:
                entry["decided_by"]["tied_rules"] = list(found.rules[1:])
            entry["overridden"] = [{"rule": o.rule_id, "level": o.level, "by": o.by} for o in found.overridden]
        entry["result"] = outcome.result
        fixtures.append(entry)
    coverage = run.coverage.as_json()
    coverage["minimum"] = coverage_min
    return {"policy": run.policy.identity(), "fixtures": fixtures, "coverage": coverage,
            "summary": run.summary}
