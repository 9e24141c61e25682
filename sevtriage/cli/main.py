"""The ``sevtriage`` command group; each subcommand lives in its own module."""

from __future__ import annotations

import click

from sevtriage import __version__
from sevtriage.cli.classify import classify_command
from sevtriage.cli.diff import diff_command
from sevtriage.cli.explain import explain_command
from sevtriage.cli.schema import schema_command
from sevtriage.cli.test import test_command
from sevtriage.cli.validate import validate_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sevtriage")
def cli() -> None:
    """Suggest the initial severity of support tickets from a YAML policy."""


cli.add_command(classify_command)
cli.add_command(test_command)
cli.add_command(diff_command)
cli.add_command(validate_command)
cli.add_command(explain_command)
cli.add_command(schema_command)


def main() -> None:
    cli(prog_name="sevtriage")
