"""``sevtriage diff``: what a policy change does to a corpus of tickets.

Exit status: 0 (also when levels changed, unless ``--fail-on-change``), 1 some
level changed and ``--fail-on-change`` was given, 2 a policy or an input
cannot be read. Error records are counted apart and do not change the status.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import click

from sevtriage.cli.fixture_option import load_selected
from sevtriage.cli.intake_option import (
    check_csv_delimiter,
    input_options,
    load_mapping_or_exit,
    map_option,
    note_empty_payloads,
)
from sevtriage.cli.policy_option import complete_path, load_or_exit
from sevtriage.output.diffs import DIFF_WRITERS
from sevtriage.regression.policy_diff import PolicyDiff, diff_policies
from sevtriage.tickets.inputs import DEFAULT_MAX_TICKET_BYTES, MAX_TICKET_BYTES_LIMIT, ReadStats
from sevtriage.tickets.intake import intake
from sevtriage.tickets.records import InputRecord
from sevtriage.tickets.sources import iter_inputs

EXIT_OK, EXIT_CHANGED = 0, 1
DiffWriter = Callable[[PolicyDiff, tuple[str, str], TextIO], None]


def _html_writer(diff: PolicyDiff, specs: tuple[str, str], out: TextIO) -> None:
    """The HTML page (sevtriage.report), imported only when asked for."""
    from sevtriage.report.diff_page import write_html
    write_html(diff, specs, out)


# The diff writers registry: the text ones, and the page from the report layer above them.
WRITERS: dict[str, DiffWriter] = {**DIFF_WRITERS, "html": _html_writer}


def fixture_records(paths: tuple[Path, ...]) -> Iterator[InputRecord]:
    """The tickets of fixture files, positioned at their fixture."""
    for fixture in load_selected(list(paths), ()):
        yield InputRecord(fixture.file, fixture.line, fixture.ticket)


@click.command("diff")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--base", "base_spec", required=True, metavar="POLICY", shell_complete=complete_path,
              help="The policy before the change: a path, or git:REV:PATH (e.g. git:main:rules).")
@click.option("--head", "head_spec", required=True, metavar="POLICY", shell_complete=complete_path,
              help="The policy after the change: a path, or git:REV:PATH.")
@click.option("--fixtures", "fixture_paths", multiple=True, type=click.Path(path_type=Path),
              help="Also take the tickets of these fixture files or folders. Repeatable.")
@click.option("--format", "output_format", type=click.Choice(sorted(WRITERS)), default="text",
              show_default=True,
              help="markdown is ready to paste into a review comment; html is one self-contained page.")
@click.option("--fail-on-change", is_flag=True, help="Exit 1 when any ticket's level changed.")
@click.option("--max-ticket-bytes", type=click.IntRange(min=2, max=MAX_TICKET_BYTES_LIMIT),
              default=DEFAULT_MAX_TICKET_BYTES,
              show_default=True, help="A longer ticket becomes an error record.")
@map_option
@input_options
def diff_command(files: tuple[str, ...], base_spec: str, head_spec: str, fixture_paths: tuple[Path, ...],
                 output_format: str, fail_on_change: bool, max_ticket_bytes: int, map_spec: str | None,
                 input_format: str, csv_delimiter: str | None) -> None:
    """Classify the tickets of FILES under two policies and report what changed.

    FILES hold tickets as for classify (JSON, JSON array, JSON Lines; "-" or
    nothing is standard input, unless --fixtures is given). Reports the
    transition matrix (level under base by level under head), how many
    tickets kept their level but changed matched rules or ceilings, and every
    ticket whose level changed with the criterion that decided it on each side.
    """
    check_csv_delimiter(files, input_format, csv_delimiter)
    base, head = load_or_exit(base_spec), load_or_exit(head_spec)
    mapping = load_mapping_or_exit(map_spec)
    records: Iterator[InputRecord] = iter(())
    stats = ReadStats()
    if fixture_paths:
        records = fixture_records(fixture_paths)
    if files or not fixture_paths:
        inputs = iter_inputs(files, max_ticket_bytes, stats, input_format, csv_delimiter)
        records = _chain(records, intake(mapping)(inputs, stats))  # the mapping reads FILES, not fixtures
    diff = diff_policies(base, head, records)
    note_empty_payloads(stats.empty_payloads)  # they give no ticket to compare: said on stderr, as classify does
    WRITERS[output_format](diff, (base_spec, head_spec), sys.stdout)
    sys.exit(EXIT_CHANGED if fail_on_change and diff.changes else EXIT_OK)


def _chain(first: Iterator[InputRecord], second: Iterator[InputRecord]) -> Iterator[InputRecord]:
    yield from first
    yield from second
