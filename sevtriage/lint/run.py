"""Validate one policy path: the loader's problems, else every lint check's.

The exit status is decided from the findings of all paths (``exit_status``):
2 when some policy cannot be read at all (missing file, not UTF-8, YAML syntax),
1 when there is an error (schema, semantic or lint) or, with ``strict``, a
warning; 0 otherwise. Information (overlaps, gaps) never fails a run.
"""

from __future__ import annotations

from pathlib import Path

from sevtriage.engine.compiler import compile_policy
from sevtriage.lint import LINT_CHECKS
from sevtriage.lint.analysis import Analysis
from sevtriage.policy.source import load_policy_spec
from sevtriage.problems import ERROR, WARNING, PolicyError, PolicyReport, Problem

EXIT_CLEAN, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def validate_path(path: Path | str) -> PolicyReport:
    """Every finding for the policy at ``path`` (a file, a folder or ``git:REV:PATH``)."""
    try:
        policy = load_policy_spec(str(path))
    except PolicyError as error:
        return PolicyReport(str(path), list(error.problems))
    problems = list(policy.findings)  # the loader's own, below error level: not run again
    try:
        compile_policy(policy)
    except PolicyError as error:  # beyond the engine's limits: the checks below do not need it
        problems.extend(error.problems)
    analysis = Analysis(policy)
    for module in LINT_CHECKS:
        problems.extend(module.check(analysis))
    return PolicyReport(str(path), sorted(problems, key=Problem.sort_key))


def exit_status(reports: list[PolicyReport], strict: bool) -> int:
    if any(r.unreadable for r in reports):
        return EXIT_UNREADABLE
    levels = {p.level for r in reports for p in r.problems}
    if ERROR in levels or (strict and WARNING in levels):
        return EXIT_ERRORS
    return EXIT_CLEAN
