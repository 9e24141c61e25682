"""``sevtriage validate``: the loader's checks and the lint checks, reported like yamllint."""

from __future__ import annotations

import sys
from collections import Counter

import click

from sevtriage.cli.policy_option import fail_policy, rules_option
from sevtriage.lint.registry import all_checks
from sevtriage.lint.run import exit_status, validate_path
from sevtriage.output.reporters import REPORTERS
from sevtriage.policy.discovery import discover
from sevtriage.problems import ERROR, INFO, SEVERITY_ORDER, WARNING, PolicyError
from sevtriage.wording import counted


@click.command("validate")
@click.argument("paths", nargs=-1, metavar="[PATH|git:REV:PATH]...")
@rules_option
@click.option("--format", "output_format", type=click.Choice(list(REPORTERS)), default="text",
              show_default=True, help="text: file:line:col lines; json; sarif; github: Actions annotations.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--min-level", type=click.Choice([ERROR, WARNING, INFO]), default=INFO, show_default=True,
              help="Show only findings at this level or above (the exit status still counts all).")
def validate_command(paths: tuple[str, ...], rules_path: str | None, output_format: str, strict: bool,
                     min_level: str) -> None:
    """Check each policy in PATHS (a YAML file, a folder, or git:REV:PATH; default: --rules, else
    $SEVTRIAGE_RULES, else the nearest [tool.sevtriage] rules, else the bundled policy).

    Reports what the loader rejects (schema, semantic errors) and, for a policy
    that loads, the lint checks (docs/checks.md): conditions that can never be
    true, rules that can never decide, ceilings that never lower, overlaps and
    gaps with a witness ticket, alias, source and id problems.

    Exit status: 0 clean (information only), 1 errors (or warnings with
    --strict), 2 when a policy cannot be read at all (missing, not UTF-8,
    YAML syntax).
    """
    if paths and rules_path is not None:
        raise click.UsageError("give the policy as PATHS or as --rules, not both")
    if paths:
        specs, used = list(paths), counted(len(paths), "policy", "policies")
    else:
        try:
            choice = discover(rules_path)
        except PolicyError as error:
            fail_policy(error)
        specs, used = [choice.spec], f"1 policy, {choice.describe()}"
    reports = [validate_path(spec) for spec in specs]
    status = exit_status(reports, strict)
    counts = Counter(p.level for r in reports for p in r.problems)
    for report in reports:
        report.problems = [p for p in report.problems if SEVERITY_ORDER[p.level] <= SEVERITY_ORDER[min_level]]
    REPORTERS[output_format](reports, sys.stdout, all_checks())
    summary = ", ".join(counted(counts.get(level, 0), level, INFO if level == INFO else None)  # "2 info"
                        for level in (ERROR, WARNING, INFO))
    click.echo(f"sevtriage validate: {used}: {summary}",
               err=True)
    sys.exit(status)
