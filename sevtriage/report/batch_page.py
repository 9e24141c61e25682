"""The batch page: a ``BatchSummary`` turned into charts, tables and one HTML document."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TextIO

from markupsafe import Markup

from sevtriage import __version__
from sevtriage.report.batch import NO_LEVEL, BatchSummary
from sevtriage.report.charts import Chart, bar_chart, heatmap, level_colours, stacked_bars, time_label
from sevtriage.report.palette import level_colour
from sevtriage.report.templating import environment
from sevtriage.wording import counted

TOP = 15  # bars in a ranking chart; the table lists up to TOP_TABLE
TOP_TABLE = 30


def _level_label(summary: BatchSummary, level: int) -> str:
    name = summary.level_names.get(level)
    return f"Level {level} {name}" if name else f"Level {level}"


def _levels(summary: BatchSummary) -> list[int]:
    seen = set(summary.levels) | {s for _, s in summary.declared} | {d for d, _ in summary.declared}
    return sorted(level for level in seen if level != NO_LEVEL)


def level_chart(summary: BatchSummary) -> Chart:
    levels = sorted(summary.levels)
    labels = [_level_label(summary, level) for level in levels]
    counts = [summary.levels[level] for level in levels]
    svg = bar_chart("levels", "Results per suggested level", "Suggested level", "Results", labels, counts,
                    level_colours(levels))
    parts = ", ".join(f"{label}: {count:,}" for label, count in zip(labels, counts, strict=True))
    return Chart("levels", "Results per suggested level", _markup(svg),
                 f"{counted(summary.results, 'result')}. {parts}.", ["Level", "Results", "Share"],
                 [[label, count, _share(count, summary.results)] for label, count in zip(labels, counts, strict=True)],
                 [{"data-level": str(level), "data-count": str(summary.levels[level])} for level in levels])


def declared_chart(summary: BatchSummary) -> Chart:
    levels = _levels(summary)
    declared_rows = levels + ([NO_LEVEL] if any(d == NO_LEVEL for d, _ in summary.declared) else [])
    row_labels = [f"Level {d}" if d != NO_LEVEL else "none declared" for d in declared_rows]
    columns = [f"Level {s}" for s in levels]
    counts = [[summary.declared.get((d, s), 0) for s in levels] for d in declared_rows]
    svg = heatmap("declared", "Declared level against suggested level", "Suggested level", "Declared level",
                  columns, row_labels, counts)
    declared_total = sum(n for (d, _), n in summary.declared.items() if d != NO_LEVEL)
    differ = sum(n for (d, s), n in summary.declared.items() if d not in (NO_LEVEL, s))
    higher = sum(n for (d, s), n in summary.declared.items() if d != NO_LEVEL and d < s)
    text = (f"{counted(declared_total, 'result')} had a declared level; {differ:,} of them "
            f"({_share(differ, declared_total)}) {'was' if differ == 1 else 'were'} suggested another level, "
            f"{higher:,} a less severe one. "
            "The diagonal (outlined) is where they agree.")
    rows = [[label, *row, sum(row)] for label, row in zip(row_labels, counts, strict=True)]
    return Chart("declared", "Declared level against suggested level", _markup(svg), text,
                 ["Declared \\ suggested", *columns, "Total"], rows)


def deadline_chart(summary: BatchSummary) -> Chart | None:
    size, starts, bars = summary.deadlines.bars(summary.now)
    if not bars:
        return None
    levels = sorted({level for _, level in bars})
    labels = [time_label(start, size) for start in starts]
    series = [(_level_label(summary, level), level_colour(level), [bars.get((start, level), 0) for start in starts])
              for level in levels]
    now_at = None
    if summary.now is not None and starts:
        now_at = (summary.now - starts[0]) / size
    unit = _unit(size)
    title = f"Response deadlines per {unit} (UTC), by level"
    svg = stacked_bars("deadlines", title, f"respond_by, per {unit} (UTC)", "Responses due", labels, series, now_at,
                       "now " + datetime.fromtimestamp(summary.now, tz=UTC).strftime("%d %b %H:%M")
                       if summary.now is not None else "now")
    rows = []
    for index in range(len(starts)):
        values = [values[index] for _, _, values in series]
        if sum(values):
            rows.append([labels[index], *values, sum(values)])
    total = sum(bars.values())
    text = (f"{counted(total, 'result')} {'has' if total == 1 else 'have'} a deadline, from {labels[0]} to the "
            f"bucket of {labels[-1]} (UTC); {summary.no_deadline:,} {'has' if summary.no_deadline == 1 else 'have'} "
            "none (no created_at). Only buckets with deadlines are listed below.")
    if summary.now is not None:
        text += " The dashed line is now."
    return Chart("deadlines", title, _markup(svg), text, [f"{unit.capitalize()} (UTC)",
                 *[name for name, _, _ in series], "Total"], rows)


def ranking_chart(key: str, title: str, x_title: str, counts: dict[str, int], what: str) -> Chart | None:
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = ranked[:TOP]
    svg = bar_chart(key, title, x_title, what, [name for name, _ in shown], [n for _, n in shown], horizontal=True)
    total = sum(counts.values())
    rest = len(ranked) - TOP_TABLE
    text = f"{len(ranked):,} distinct, {total:,} in all" + (f"; the chart shows the top {TOP}" if len(ranked) > TOP
                                                            else "") + "."
    rows: list[list[Any]] = [[name, n, _share(n, total)] for name, n in ranked[:TOP_TABLE]]
    if rest > 0:
        rows.append([f"{rest:,} others", sum(n for _, n in ranked[TOP_TABLE:]), ""])
    return Chart(key, title, _markup(svg), text, [x_title, what, "Share"], rows)


def flag_chart(summary: BatchSummary) -> Chart | None:
    counts = {f"{flag} ({status})": n for (flag, status), n in summary.flags.items()}
    return ranking_chart("flags", "Flags derived from text, by flag and status", "Flag (status)", counts, "Flags")


def error_chart(summary: BatchSummary) -> Chart | None:
    return ranking_chart("errors", "Error records by code", "Error code", dict(summary.error_codes), "Records")


def render_batch_page(summary: BatchSummary, out: TextIO, inputs_label: str = "Result files",
                      title: str = "sevtriage batch report") -> None:
    """Write the whole page for ``summary`` to ``out``."""
    charts: dict[str, Chart | None] = {
        "levels": level_chart(summary) if summary.results else None,
        "declared": declared_chart(summary) if summary.results else None,
        "deadlines": deadline_chart(summary),
        "rules": ranking_chart("rules", "Deciding rules (no ceiling applied)", "Rule", dict(summary.deciding_rules),
                               "Results"),
        "ceilings": ranking_chart("ceilings", "Ceilings applied", "Ceiling", dict(summary.ceilings), "Results"),
        "basis": _basis_chart(summary),
        "flags": flag_chart(summary),
        "errors": error_chart(summary),
    }
    codes = [code for code, _ in sorted(summary.error_codes.items(), key=lambda item: (-item[1], item[0]))][:TOP_TABLE]
    out.writelines(environment().get_template("batch.html.j2").generate(
        s=summary, charts=charts, title=title, inputs_label=inputs_label, version=__version__,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        now_text=datetime.fromtimestamp(summary.now, tz=UTC).isoformat() if summary.now is not None else None,
        level_label=lambda level: _level_label(summary, level), level_colour=level_colour, error_codes=codes,
        earliest=summary.earliest_deadlines(), windows=summary.due_windows(),
        due_levels=sorted({level for _, level in summary.due}),
    ))


def _basis_chart(summary: BatchSummary) -> Chart | None:
    if not summary.basis:
        return None
    order = [b for b in ("rules", "declared", "default") if b in summary.basis] + sorted(
        b for b in summary.basis if b not in ("rules", "declared", "default"))
    counts = [summary.basis[b] for b in order]
    svg = bar_chart("basis", "Where the level came from (basis)", "Basis", "Results", order, counts)
    shown = ", ".join(f"{b}: {n:,}" for b, n in zip(order, counts, strict=True))
    text = ("rules: a rule matched; declared: no rule matched and the customer's level stood; "
            f"default: neither, the policy's default level. {shown}.")
    return Chart("basis", "Where the level came from (basis)", _markup(svg), text, ["Basis", "Results", "Share"],
                 [[b, n, _share(n, summary.results)] for b, n in zip(order, counts, strict=True)])


def _unit(size: int) -> str:
    names = {3600: "hour", 3 * 3600: "3 hours", 6 * 3600: "6 hours", 12 * 3600: "12 hours", 86400: "day",
             7 * 86400: "week", 30 * 86400: "30 days", 365 * 86400: "365 days"}
    return names.get(size, f"{size // 86400} days")


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _markup(svg: str) -> Markup:
    return Markup(svg)  # built by pygal (etree escapes) or by our autoescaped template
