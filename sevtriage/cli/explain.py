"""``sevtriage explain``: why each ticket got its level, and what would change it."""

from __future__ import annotations

import sys

import click

from sevtriage.cli.intake_option import (
    check_csv_delimiter,
    input_options,
    load_mapping_or_exit,
    map_option,
    note_empty_payloads,
)
from sevtriage.cli.policy_option import load_or_exit, rules_option
from sevtriage.cli.streams_option import exit_on_closed_pipe, require_stdout
from sevtriage.cli.text_flags_option import text_flags_option
from sevtriage.engine.classifier import Classifier, is_error
from sevtriage.explain import classify_with_explanations
from sevtriage.output.formatters import EXPLAIN_FORMATTERS
from sevtriage.tickets.inputs import DEFAULT_MAX_TICKET_BYTES, ReadStats
from sevtriage.tickets.intake import intake
from sevtriage.tickets.sources import iter_inputs


@click.command("explain")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@rules_option
@click.option("--format", "output_format", type=click.Choice(list(EXPLAIN_FORMATTERS)), default="text",
              show_default=True, help="text for people; json (an array) or jsonl: each result with an "
                                      "\"explanation\" (sevtriage schema explanation).")
@map_option
@input_options
@text_flags_option
def explain_command(files: tuple[str, ...], rules_path: str | None, output_format: str, map_spec: str | None,
                    input_format: str, csv_delimiter: str | None,
                    no_text_flags: bool) -> None:
    """Explain the level of each ticket in FILES (JSON, JSON array or JSON Lines; "-" or none: stdin).

    Shows the deciding rule with its source, the other matches it overrode, the
    ceilings and how they moved the level, the nearest misses among more
    severe rules, the smallest change of the ticket that gives each more
    severe level (verified by classifying the changed ticket), and how
    respond_by was computed. Exit status: 0, 1 when some records are errors,
    2 for a usage or policy error, 141 when the reader of the output went away (| head).
    """
    check_csv_delimiter(files, input_format, csv_delimiter)
    require_stdout()
    classifier = Classifier(load_or_exit(rules_path), text_flags=not no_text_flags)
    mapping = load_mapping_or_exit(map_spec)
    formatter = EXPLAIN_FORMATTERS[output_format](sys.stdout)
    errors = 0
    stats = ReadStats()
    inputs = iter_inputs(files, DEFAULT_MAX_TICKET_BYTES, stats, input_format, csv_delimiter)
    # With --map, each explanation also says which source expression fed the fields it cites.
    results = classify_with_explanations(classifier, intake(mapping, traced=True)(inputs, stats))
    try:
        for record in results:
            errors += is_error(record)
            formatter.write(record)
        formatter.close()
        sys.stdout.flush()
        note_empty_payloads(stats.empty_payloads)
    except BrokenPipeError:
        exit_on_closed_pipe()
    click.echo(f"sevtriage explain: {classifier.policy.used()}", err=True)
    sys.exit(1 if errors else 0)
