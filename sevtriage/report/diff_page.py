"""The policy-change page: the transition matrix as a heatmap, the tickets that moved, the counts.

It writes a ``regression.policy_diff.PolicyDiff`` (what ``sevtriage diff``
computes) with the same signature as the text, JSON and Markdown writers, so
the diff command offers it as ``--format html``. At most ``max_rows`` moved
tickets are listed; the counts cover them all.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TextIO

from markupsafe import Markup

from sevtriage import __version__
from sevtriage.regression.policy_diff import PolicyDiff
from sevtriage.report.charts import Chart, heatmap
from sevtriage.report.palette import level_colour
from sevtriage.report.templating import environment
from sevtriage.wording import counted

MAX_ROWS = 200


def transition_chart(diff: PolicyDiff) -> Chart:
    levels = diff.levels
    counts = [[diff.matrix.get((b, h), 0) for h in levels] for b in levels]
    columns = [f"Level {h}" for h in levels]
    title = "Level transitions: base policy against head policy"
    svg = heatmap("transitions", title, "Level under head (after the change)", "Level under base (before)",
                  columns, [f"Level {b}" for b in levels], counts)
    up = sum(n for (b, h), n in diff.matrix.items() if h < b)
    down = sum(n for (b, h), n in diff.matrix.items() if h > b)
    text = (f"{counted(diff.classified, 'ticket')} classified under both policies; "
            f"{len(diff.changes):,} changed level: "
            f"{up:,} became more severe, {down:,} less severe. The diagonal (outlined) is the tickets that kept "
            "their level.")
    rows = [[f"Level {b}", *row, sum(row)] for b, row in zip(levels, counts, strict=True)]
    return Chart("transitions", title, Markup(svg), text, ["Base \\ head", *columns, "Total"], rows)


def write_html(diff: PolicyDiff, specs: tuple[str, str], out: TextIO, max_rows: int = MAX_ROWS) -> None:
    """The diff as one self-contained HTML page (``sevtriage diff --format html``)."""
    out.writelines(environment().get_template("diff.html.j2").generate(
        diff=diff, specs=specs, base=diff.base.identity(), head=diff.head.identity(),
        chart=transition_chart(diff), changes=diff.changes[:max_rows], max_rows=max_rows,
        level_colour=level_colour, version=__version__,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    ))
