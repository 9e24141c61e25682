"""``sevtriage map``: what a mapping makes of a helpdesk's tickets, before classifying any.

Loads the mapping (every problem at ``file:line:col``, exit 2), then prints
one contract ticket per ticket of the inputs as JSON Lines, each checked
against the ticket contract as ``classify`` would check it; a record that
cannot be mapped is an error record in its place. ``--explain`` adds, for each
contract field, the expression that gave it and the source value it read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sevtriage.cli.intake_option import check_csv_delimiter, input_options, load_mapping_or_exit, note_empty_payloads
from sevtriage.output.files import check_output_not_an_input, open_output
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.inputs import DEFAULT_MAX_TICKET_BYTES, MAX_TICKET_BYTES_LIMIT, ReadStats
from sevtriage.tickets.json_codec import jsonl_line
from sevtriage.tickets.mapping.apply import traced_records
from sevtriage.tickets.prepare import prepare_ticket
from sevtriage.tickets.records import InputRecord, error_record
from sevtriage.tickets.sources import iter_inputs


def _output(record: InputRecord, trace: dict[str, Any] | None, explain: bool) -> dict[str, Any]:
    if record.error is not None:
        return error_record(record, record.error)
    try:
        prepare_ticket(record.ticket, {})  # the contract check classify would make
    except TicketError as error:
        return error_record(record, error)
    if not explain:
        return dict(record.ticket)
    out: dict[str, Any] = {"ticket": record.ticket, "from": trace or {}, "line": record.line}
    if record.item is not None:
        out["item"] = record.item
    if record.file is not None:
        out["file"] = record.file
    return out


@click.command("map")
@click.argument("mapping_spec", metavar="PRESET|FILE")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--explain", is_flag=True,
              help='Print {"ticket": ..., "from": {FIELD: {"expression", "source", "table"}}} for each ticket.')
@click.option("--output", "-o", "output_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here (atomically) instead of standard output.")
@click.option("--max-ticket-bytes", type=click.IntRange(min=2, max=MAX_TICKET_BYTES_LIMIT),
              default=DEFAULT_MAX_TICKET_BYTES,
              show_default=True, help="A longer ticket becomes an error record.")
@input_options
def map_command(mapping_spec: str, files: tuple[str, ...], explain: bool, output_path: Path | None,
                max_ticket_bytes: int, input_format: str, csv_delimiter: str | None) -> None:
    """Check the mapping PRESET|FILE and print the contract tickets it makes of FILES (JSON Lines).

    PRESET is zendesk, freshdesk, jira, zammad, glpi or znuny; FILE a mapping
    YAML file (sevtriage schema mapping). FILES hold the helpdesk's JSON (one
    payload, an array, JSON Lines) or CSV; "-" or none reads standard input.
    Exit status: 0 every ticket mapped, 1 some records are errors, 2 the
    mapping cannot be loaded.
    """
    check_output_not_an_input(output_path, files, "--output")
    check_csv_delimiter(files, input_format, csv_delimiter)
    mapping = load_mapping_or_exit(mapping_spec)
    assert mapping is not None
    errors = 0
    stats = ReadStats()
    records = iter_inputs(files, max_ticket_bytes, stats, input_format, csv_delimiter)
    with open_output(output_path) as out:
        for record, trace in traced_records(mapping, records, explain, stats):
            line = _output(record, trace, explain)
            errors += "error" in line
            out.write(jsonl_line(line))
            note_empty_payloads(stats.empty_payloads)
    note_empty_payloads(stats.empty_payloads)
    sys.exit(1 if errors else 0)
