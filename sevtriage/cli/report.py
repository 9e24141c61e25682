"""``sevtriage report``: one self-contained HTML page about a batch of results.

Exit status: 0 the page was written (error records are counted on it, not a
failure), 2 an input is not sevtriage results, mixes two policies, or cannot
be read (``file:line: why`` on standard error, and no page is written).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sevtriage.cli.report_option import MOMENT
from sevtriage.output.files import check_output_not_an_input, open_output
from sevtriage.report.batch import DEFAULT_EXAMPLES, BatchSummary, MixedPoliciesError
from sevtriage.report.batch_page import render_batch_page
from sevtriage.report.collect import summarise_files
from sevtriage.report.results import NotResultsError
from sevtriage.wording import counted

EXIT_OK, EXIT_BAD_INPUT = 0, 2


@click.command("report")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--output", "-o", "output_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the page here (atomically) instead of standard output.")
@click.option("--now", "now", type=MOMENT, default=None,
              help="Draw a \"now\" line on the deadlines and count what is due from it (RFC 3339).")
@click.option("--examples", type=click.IntRange(min=0), default=DEFAULT_EXAMPLES, show_default=True,
              help="Example rows kept per table (earliest deadlines, errors of each code, flag evidence).")
@click.option("--title", default="sevtriage batch report", show_default=True, help="The page's title.")
def report_command(files: tuple[str, ...], output_path: Path | None, now: int | None, examples: int,
                   title: str) -> None:
    """Write an HTML page about the results in FILES (JSON Lines or a JSON array; "-" is standard input).

    The page shows counts per level, declared against suggested level, when
    responses are due, what decided, text flags, and errors; it loads nothing
    from the network and prints. Results of two policies are refused.
    """
    check_output_not_an_input(output_path, files, "--output")
    summary = BatchSummary(max_examples=examples, now=now)
    try:
        summarise_files(files, summary)
    except (NotResultsError, MixedPoliciesError) as error:
        click.echo(f"sevtriage report: {error}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except OSError as error:
        click.echo(f"sevtriage report: cannot read {error.filename}: {error.strerror}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    with open_output(output_path) as out:
        render_batch_page(summary, out, title=title)
    click.echo(f"sevtriage report: {counted(summary.records, 'record')} ({counted(summary.results, 'result')}, "
               f"{counted(summary.errors, 'error')})" + (f" -> {output_path}" if output_path else ""), err=True)
    sys.exit(EXIT_OK)
