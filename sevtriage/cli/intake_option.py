"""The options that say how tickets come in: ``--map``, ``--input-format``, ``--csv-delimiter``.

Shared by classify, explain, diff, test and map. A mapping that cannot be
loaded prints every problem as ``file:line:col: ...`` and exits 2, like a
policy.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import click

from sevtriage.cli.policy_option import EXIT_USAGE
from sevtriage.resources import PRESET_NAMES
from sevtriage.tickets.sources import INPUT_FORMATS, is_csv
from sevtriage.wording import counted

if TYPE_CHECKING:  # the mapping loader (jsonschema, jmespath) is imported only with --map
    from sevtriage.tickets.mapping import Mapping, MappingError

MAP_HELP = (f"Read the inputs as a helpdesk sends them: a preset ({', '.join(PRESET_NAMES)}) or a "
            "mapping YAML file (sevtriage schema mapping).")


def map_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--map", "map_spec", metavar="PRESET|FILE", default=None, help=MAP_HELP)(function)


def input_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--input-format`` and ``--csv-delimiter``."""
    function = click.option(
        "--csv-delimiter", type=click.Choice([",", ";"]), default=None,
        help="The CSV delimiter [default: detected from the header line].")(function)
    return click.option(
        "--input-format", type=click.Choice(list(INPUT_FORMATS)), default="auto", show_default=True,
        help="auto: CSV for files named *.csv, else JSON (one ticket, an array, or JSON Lines).")(function)


def check_csv_delimiter(files: tuple[str, ...], input_format: str, csv_delimiter: str | None) -> None:
    """``--csv-delimiter`` when no input is read as CSV: a usage error (exit 2), not silently
    ignored while every line of a CSV file not named ``*.csv`` becomes an invalid_json record."""
    if csv_delimiter is not None and not any(is_csv(name, input_format) for name in files or ("-",)):
        raise click.UsageError("--csv-delimiter applies to CSV input only, and no input is read as CSV: "
                               "name the files *.csv or give --input-format csv")


def note_empty_payloads(places: list[tuple[str | None, int]]) -> int:
    """One line on stderr per payload that holds no ticket (``[]``, ``{"tickets": []}``); the count.

    Such a payload gives no record (there is nothing to classify), so the
    line is all that tells the user it was read; the places are then forgotten.
    """
    for file, line in places:
        sys.stderr.write(f"sevtriage: {file or '<stdin>'}:{line}: this payload holds no ticket "
                         "(an empty list), so it gives no record\n")
    count = len(places)
    places.clear()
    return count


def fail_mapping(error: MappingError) -> NoReturn:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.echo(f"sevtriage: the mapping cannot be loaded ({counted(count, 'problem')})", err=True)
    sys.exit(EXIT_USAGE)


def load_mapping_or_exit(spec: str | None) -> Mapping | None:
    """The mapping named by ``spec`` (None: no mapping), or exit 2 with its problems."""
    if spec is None:
        return None
    from sevtriage.tickets.mapping import MappingError, load_mapping

    try:
        return load_mapping(spec)
    except MappingError as error:
        fail_mapping(error)
