"""A fixture run for people: each failing (with ``verbose``, each) fixture, coverage, a summary line.

A failure is printed so that the author can act without rerunning anything:
where the fixture is, then the lines the run report worked out (each expected
field against the actual value, the deciding criterion, the overridden matches).
"""

from __future__ import annotations

from typing import TextIO

from sevtriage.output.runs.data import DECIDED, FAILED, FIXED, PASSED, TODO, RunReport

STATUS_WORDS = {PASSED: "PASS", FAILED: "FAIL", TODO: "TODO", FIXED: "FIXED"}


def write(report: RunReport, out: TextIO, verbose: bool = False) -> None:
    listed = False
    for fixture in report.fixtures:
        if fixture.status == PASSED and not verbose:
            continue
        note = f" ({fixture.todo})" if fixture.status == TODO else ""
        out.write(f"{STATUS_WORDS[fixture.status]} {fixture.id}  {fixture.file}:{fixture.line}{note}\n")
        listed = True
        if fixture.counts_as_failure or (verbose and fixture.status == TODO):
            for line in fixture.details:
                out.write(f"    {line}\n")
    if listed:
        out.write("\n")
    write_coverage(report, out, verbose)
    out.write(report.summary_line + "\n")


def write_coverage(report: RunReport, out: TextIO, verbose: bool = False) -> None:
    """The ratio, then each rule and ceiling that decides no fixture (every one with ``verbose``)."""
    out.write(f"Decisive coverage: {report.decided_count}/{report.total} rules and ceilings "
              f"decide a passing fixture ({report.ratio:.2f})\n")
    width = max((len(row.id) for row in report.coverage_rows), default=0)
    for row in report.coverage_rows:
        if row.status == DECIDED and not verbose:
            continue
        out.write(f"  {row.status:<9}  {row.kind:<7}  {row.id.ljust(width)}  "
                  f"decides {row.decided}, matches {row.matched}\n")
    out.write("\n")
