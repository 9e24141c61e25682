"""``sevtriage classify``: suggest a severity for each ticket of the inputs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO, Iterator

import click

from sevtriage.cli.formatters import FORMATTERS
from sevtriage.cli.output import open_output
from sevtriage.cli.policy_option import load_or_exit, rules_option
from sevtriage.engine.classifier import Classifier, InputRecord, is_error
from sevtriage.explain import classify_with_explanations
from sevtriage.ticket_input import DEFAULT_MAX_TICKET_BYTES, ReadStats, read_tickets

EXIT_OK, EXIT_RECORD_ERRORS = 0, 1


def iter_inputs(files: tuple[str, ...], max_bytes: int, stats: ReadStats) -> Iterator[InputRecord]:
    """Records of every input in order; ``-`` (or no file at all) is standard input."""
    for name in files or ("-",):
        if name == "-":
            yield from read_tickets(sys.stdin.buffer, "<stdin>", max_bytes, stats)
            continue
        stream: BinaryIO
        with open(name, "rb") as stream:
            yield from read_tickets(stream, name, max_bytes, stats)


@click.command("classify")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@rules_option
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATTERS)), default="jsonl",
              show_default=True, help="jsonl: one result per line; json: one array; table: for people.")
@click.option("--output", "-o", "output_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write here (atomically) instead of standard output.")
@click.option("--max-ticket-bytes", type=click.IntRange(min=2), default=DEFAULT_MAX_TICKET_BYTES,
              show_default=True, help="A longer ticket becomes an error record.")
@click.option("--explain", is_flag=True, help="Add an \"explanation\" to each result (as sevtriage explain).")
def classify_command(files: tuple[str, ...], rules_path: Path | None, output_format: str,
                     output_path: Path | None, max_ticket_bytes: int, explain: bool) -> None:
    """Suggest the initial severity of each ticket in FILES (JSON, JSON array or JSON Lines).

    Reads standard input when FILES is empty or "-". Exit status: 0 when every
    ticket was classified, 1 when some records are errors (all others are still
    written), 2 for a usage or policy error.
    """
    policy = load_or_exit(rules_path)
    classifier = Classifier(policy)
    stats = ReadStats()
    errors = 0
    with open_output(output_path) as out:
        formatter = FORMATTERS[output_format](out)
        inputs = iter_inputs(files, max_ticket_bytes, stats)
        results = classify_with_explanations(classifier, inputs) if explain else classifier.classify_records(inputs)
        for record in results:
            errors += is_error(record)
            formatter.write(record)
        formatter.close()
    sys.exit(EXIT_RECORD_ERRORS if errors else EXIT_OK)
