"""The ``sevtriage`` command group; each subcommand lives in its own module.

Subcommands are imported only when run (click's documented lazy-group
pattern): ``sevtriage classify`` on one ticket should not pay for importing
the linter, the explainer and the diff machinery.
"""

from __future__ import annotations

import importlib

import click

from sevtriage import __version__
from sevtriage.cli import collector

# name -> "module:attribute", in the order ``--help`` lists them
SUBCOMMANDS = {
    "classify": "sevtriage.cli.classify:classify_command",
    "test": "sevtriage.cli.test:test_command",
    "diff": "sevtriage.cli.diff:diff_command",
    "validate": "sevtriage.cli.validate:validate_command",
    "explain": "sevtriage.cli.explain:explain_command",
    "schema": "sevtriage.cli.schema:schema_command",
    "serve": "sevtriage.cli.serve:serve_command",
    "report": "sevtriage.cli.report:report_command",
    "map": "sevtriage.cli.map:map_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole first sentence (click cuts it at ~45 characters)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=1000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in SUBCOMMANDS:
            return None
        module, attribute = SUBCOMMANDS[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        collector.resume()  # start-up is over (the entry point paused it)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sevtriage")
def cli() -> None:
    """Suggest the initial severity of support tickets from a YAML policy."""


def main() -> None:
    from sevtriage.cli.streams_option import reopen_closed_streams
    reopen_closed_streams()  # `<&-`, `>&-`, `2>&-`: a clear message instead of a traceback
    cli(prog_name="sevtriage")
