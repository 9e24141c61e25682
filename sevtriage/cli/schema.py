"""``sevtriage schema NAME``: print a published JSON Schema (for editors, CI, other tools)."""

from __future__ import annotations

import copy
from typing import Any

import click

from sevtriage.cli.policy_option import load_or_exit, rules_option
from sevtriage.policy.model import Policy
from sevtriage.resources import SCHEMA_NAMES, load_schema, schema_path
from sevtriage.tickets.json_codec import dumps_document


def for_policy(name: str, policy: Policy) -> dict[str, Any]:
    """The schema NAME narrowed to one policy: the levels it defines are the only ones a
    ticket may declare and a fixture may expect (the classifier rejects the others)."""
    schema = copy.deepcopy(load_schema(name))
    levels = sorted(policy.levels)
    note = f"A level of policy {policy.name} {policy.version}: {', '.join(map(str, levels))}."
    if name == "ticket":
        schema["properties"]["declared_severity"] = {"enum": levels, "description": note}
    elif name == "fixture":
        schema["$defs"]["expect"]["properties"]["severity"] = {"enum": levels, "description": note}
    return schema


@click.command("schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
@rules_option
def schema_command(name: str, rules_path: str | None) -> None:
    """Print the JSON Schema NAME: policy, ticket, result, fixture, explanation, mapping or detectors.

    The same files ship in the package (sevtriage/schemas/NAME.schema.json);
    point an editor at them with a "# yaml-language-server: $schema=" line.
    With --rules, the ticket and fixture schemas accept only the levels that
    policy defines (the others print as published).
    """
    if rules_path is None:
        click.echo(schema_path(name).read_text(encoding="utf-8"), nl=False)
        return
    policy = load_or_exit(rules_path)
    click.echo(dumps_document(for_policy(name, policy)), nl=False)
    click.echo(f"sevtriage schema: {policy.used()}", err=True)
