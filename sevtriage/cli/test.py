"""``sevtriage test``: run fixture tickets against a policy, for CI.

Exit status: 0 every fixture passes, 1 some fixture fails (a todo fixture that
passes counts as a failure), 2 the policy or a fixture cannot be read, or no
fixture was found, 3 every fixture passes but decisive coverage is below
``--coverage-min``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sevtriage.cli.fixture_option import fixture_paths, load_selected
from sevtriage.cli.intake_option import load_mapping_or_exit, map_option
from sevtriage.cli.output_option import OutputFile
from sevtriage.cli.policy_option import load_or_exit, rules_option
from sevtriage.lint.text_examples import example_problems
from sevtriage.output.files import OutputError, check_output_not_an_input, open_output
from sevtriage.output.runs import RUN_REPORTERS
from sevtriage.regression.fixture_run import run_fixtures
from sevtriage.regression.run_report import report
from sevtriage.tickets.intake import intake
from sevtriage.wording import counted

EXIT_OK, EXIT_FAILURES, EXIT_COVERAGE = 0, 1, 3



@click.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@rules_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: failures, coverage and a summary line; json: one document.")
@click.option("-k", "patterns", multiple=True, metavar="PATTERN",
              help="Run only fixtures whose id contains PATTERN, or matches it as a glob (*, ?, [..]). Repeatable.")
@click.option("--coverage-min", type=click.FloatRange(0.0, 1.0), default=None, metavar="RATIO",
              help="Exit 3 when fewer than RATIO of the rules and ceilings decide a passing fixture.")
@click.option("--junit", "junit_path", type=OutputFile(), default=None,
              help="Also write a JUnit XML report here (one testcase per fixture).")
@click.option("--verbose", "-v", is_flag=True, help="Also list passing fixtures, and why todo ones fail.")
@map_option
def test_command(paths: tuple[Path, ...], rules_path: str | None, output_format: str,
                 patterns: tuple[str, ...], coverage_min: float | None, junit_path: Path | None,
                 verbose: bool, map_spec: str | None) -> None:
    """Check that every fixture ticket under PATHS gets its expected classification.

    PATHS are fixture files or folders searched recursively for *.yaml
    (default: ./fixtures). The last line is "N passed, N failed" (", N todo"
    when some fixtures are marked expect_todo). With --map, each fixture's
    ticket is written as the helpdesk sends it and mapped first. Exit status: 0 all pass,
    1 failures, 2 the policy or a fixture cannot be read, 3 decisive coverage
    below --coverage-min.
    """
    check_output_not_an_input(junit_path, [str(path) for path in paths], "--junit", reads_stdin_when_empty=False)
    policy = load_or_exit(rules_path)
    mapping = load_mapping_or_exit(map_spec)
    fixtures = load_selected(fixture_paths(paths), patterns)
    run = run_fixtures(policy, fixtures, intake(mapping) if mapping is not None else None)
    # The detectors' own examples are checked like fixtures (validate reports them too).
    # They are failing entries of the report, so every format shows them after "Testing ..."
    bad_examples = example_problems(policy)
    shown = report(run, coverage_min, bad_examples)
    if junit_path is not None:
        try:
            junit_path.parent.mkdir(parents=True, exist_ok=True)  # e.g. reports/, kept as a CI artifact
        except OSError as error:
            raise OutputError(str(junit_path), error) from None
        with open_output(junit_path) as out:
            RUN_REPORTERS["junit"](shown, out, verbose)
    if output_format == "json":
        RUN_REPORTERS["json"](shown, sys.stdout, verbose)
        click.echo(shown.summary_line, err=True)
    else:
        click.echo(f"Testing {policy.used()}")
        if verbose:
            click.echo(f"  policy files: {', '.join(policy.files)}")
        RUN_REPORTERS["text"](shown, sys.stdout, verbose)
    if run.failed or bad_examples:
        if bad_examples:
            click.echo(f"{counted(len(bad_examples), 'detector example')} failed", err=True)
        sys.exit(EXIT_FAILURES)
    if coverage_min is not None and run.coverage.below(coverage_min):
        click.echo(f"sevtriage: decisive coverage {run.coverage.ratio:.2f} is below "
                   f"--coverage-min {coverage_min}", err=True)
        sys.exit(EXIT_COVERAGE)
    sys.exit(EXIT_OK)
