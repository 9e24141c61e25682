"""``sevtriage schema NAME``: print a published JSON Schema (for editors, CI, other tools)."""

from __future__ import annotations

import click

from sevtriage.resources import SCHEMA_NAMES, schema_path


@click.command("schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
def schema_command(name: str) -> None:
    """Print the JSON Schema NAME: policy, ticket, result, fixture or explanation.

    The same files ship in the package (sevtriage/schemas/NAME.schema.json);
    point an editor at them with a "# yaml-language-server: $schema=" line.
    """
    click.echo(schema_path(name).read_text(encoding="utf-8"), nl=False)
