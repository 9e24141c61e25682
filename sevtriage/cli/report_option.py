"""Options shared by ``sevtriage report`` and ``classify --report``: when "now" is, how many examples."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click


class MomentType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """An RFC 3339 time (``2026-11-26T12:00:00Z``), as epoch seconds."""

    name = "TIME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        from sevtriage.report.deadlines import epoch_seconds  # only with --report-now (start-up)
        try:
            return epoch_seconds(str(value))
        except ValueError:
            from sevtriage.wording import json_term

            self.fail(f"{json_term(value)} is not an RFC 3339 time such as 2026-11-26T12:00:00Z", param, ctx)


MOMENT = MomentType()


def check_report_now(report_path: Path | None, report_now: int | None) -> None:
    """``classify --report-now`` draws on the page of ``--report``: without it, a usage error
    (exit 2), as for any option that would otherwise be silently ignored."""
    if report_now is not None and report_path is None:
        raise click.UsageError("--report-now needs --report FILE: it draws a \"now\" line on that page")


def check_report_path(report_path: Path, output_path: Path | None) -> None:
    """``classify --report``: a page that could not be written is refused before the batch runs.

    The page is written after the last ticket; a missing folder found only then
    would cost the whole run. The page must not replace the run's own results.
    """
    folder = Path(os.path.realpath(report_path)).parent
    if not folder.is_dir():
        raise click.BadParameter(f"cannot write {report_path}: the folder {folder} does not exist",
                                 param_hint="--report")
    if output_path is not None and os.path.realpath(output_path) == os.path.realpath(report_path):
        raise click.BadParameter(f"{report_path} is also the --output file: the page would replace the results",
                                 param_hint="--report")
