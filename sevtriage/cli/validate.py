"""``sevtriage validate``: the loader's checks and the lint checks, reported like yamllint."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from sevtriage.lint.reporters import REPORTERS
from sevtriage.lint.run import exit_status, validate_path
from sevtriage.problems import ERROR, INFO, SEVERITY_ORDER, WARNING
from sevtriage.resources import bundled_policy_path


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(list(REPORTERS)), default="text",
              show_default=True, help="text: file:line:col lines; json; sarif; github: Actions annotations.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--min-level", type=click.Choice([ERROR, WARNING, INFO]), default=INFO, show_default=True,
              help="Show only findings at this level or above (the exit status still counts all).")
def validate_command(paths: tuple[Path, ...], output_format: str, strict: bool, min_level: str) -> None:
    """Check each policy in PATHS (a YAML file or a folder; default: the bundled policy).

    Reports what the loader rejects (schema, semantic errors) and, for a policy
    that loads, the lint checks (docs/checks.md): conditions that can never be
    true, rules that can never decide, ceilings that never lower, overlaps and
    gaps with a witness ticket, alias, source and id problems.

    Exit status: 0 clean (information only), 1 errors (or warnings with
    --strict), 2 when a policy cannot be read at all (missing, not UTF-8,
    YAML syntax).
    """
    reports = [validate_path(p) for p in (paths or (bundled_policy_path(),))]
    status = exit_status(reports, strict)
    counts = Counter(p.level for r in reports for p in r.problems)
    for report in reports:
        report.problems = [p for p in report.problems if SEVERITY_ORDER[p.level] <= SEVERITY_ORDER[min_level]]
    REPORTERS[output_format](reports, sys.stdout)
    summary = ", ".join(f"{counts.get(level, 0)} {level}" for level in (ERROR, WARNING, INFO))
    click.echo(f"sevtriage validate: {len(reports)} polic{'y' if len(reports) == 1 else 'ies'}: {summary}",
               err=True)
    sys.exit(status)
