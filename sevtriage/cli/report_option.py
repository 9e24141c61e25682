"""Options shared by ``sevtriage report`` and ``classify --report``: when "now" is, how many examples."""

from __future__ import annotations

from typing import Any

import click

from sevtriage.report.deadlines import epoch_seconds


class MomentType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """An RFC 3339 time (``2026-11-26T12:00:00Z``), as epoch seconds."""

    name = "TIME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return epoch_seconds(str(value))
        except ValueError:
            self.fail(f"{value!r} is not an RFC 3339 time such as 2026-11-26T12:00:00Z", param, ctx)


MOMENT = MomentType()
