"""The type of every option that names an output file (``--output``, ``--junit``).

A path that can name no file (empty, or ending with a slash) is a usage error
before anything runs; the rules for what is then written where are in
``sevtriage.output.files``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from sevtriage.output.files import check_output_path


class OutputFile(click.Path):
    """``click.Path`` for a file to write, checked on the text as typed (``Path`` drops a slash)."""

    name = "file"

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            hint = param.get_error_hint(ctx) if param is not None and ctx is not None else None
            try:
                check_output_path(value, hint or "output")
            except click.BadParameter as error:
                self.fail(error.message, param, ctx)
        return super().convert(value, param, ctx)
