"""The page's charts as inline SVG, each with its title, axis titles and a table of the same numbers.

Bars come from pygal (3.x, ~1.3 MB installed, pure Python, SVG only): measured
against matplotlib (~173 MB with its dependencies) and plotly (~71 MB, 4.8 MB
of inline script for one bar chart), it is the one that renders real SVG
offline at a small cost. Its tooltip script is loaded from the network by
default, so ``js=[]``, and its inline config script is dropped: the page runs
no script at all (its Content Security Policy would refuse one). pygal has no heatmap,
so the two heatmaps are a grid of rectangles from a Jinja template
(``templates/heatmap.svg.j2``), and the "now" line is drawn into pygal's plot
area at the position of its own x guides.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pygal  # type: ignore[import-untyped]
from markupsafe import Markup
from pygal.style import Style  # type: ignore[import-untyped]

from sevtriage.report.palette import NEUTRAL, OKABE_ITO, level_colour, shade
from sevtriage.report.templating import environment

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH, HEIGHT = 760, 320
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif'


@dataclass
class Chart:
    """One figure: its SVG, what it shows in words, and the same numbers as a table."""

    key: str
    title: str
    svg: Markup
    summary: str
    headers: list[str]
    rows: list[list[Any]]
    row_attrs: list[dict[str, str]] = field(default_factory=list)


def _style(colours: Sequence[str]) -> Style:
    return Style(background="#ffffff", plot_background="#ffffff", foreground="#222222",
                 foreground_strong="#111111", foreground_subtle="#bbbbbb", opacity="1", opacity_hover="1",
                 colors=tuple(colours), font_family=FONT, title_font_size=16, label_font_size=12,
                 major_label_font_size=12, legend_font_size=12, value_font_size=11, tooltip_font_size=12)


def _config(title: str, x_title: str, y_title: str, colours: Sequence[str], **options: Any) -> dict[str, Any]:
    config: dict[str, Any] = dict(
        title=title, x_title=x_title, y_title=y_title, style=_style(colours), js=[],
        disable_xml_declaration=True, width=WIDTH, height=HEIGHT, truncate_label=-1, truncate_legend=-1,
        print_values=False, show_y_guides=True, min_scale=1, max_scale=10)
    config.update(options)
    return config


def count_ticks(largest: int, target: int = 6) -> list[int]:
    """Whole-number axis ticks from 0 past ``largest`` (counts are never fractional)."""
    raw = max(1, -(-largest // target))
    magnitude = 10 ** (len(str(raw)) - 1)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return list(range(0, largest + step, step)) if largest > 0 else [0, 1]


def _svg(chart: Any, key: str) -> str:
    text: str = chart.render(is_unicode=True)
    # pygal names each chart with a random uuid: a stable id keeps the page reproducible
    text = re.sub(r"chart-[0-9a-f]{8}-[0-9a-f-]{27}", f"chart-{key}", text)
    text = re.sub(r"<!--Generated with pygal [^>]*-->", "", text)
    # even with js=[] pygal writes an inline script with its tooltip config: the page runs none
    text = re.sub(r"<script\b[^>]*>.*?</script>", "", text, flags=re.DOTALL)
    return text.replace("<svg ", f'<svg role="img" aria-labelledby="title-{key}" ', 1)


def bar_chart(key: str, title: str, x_title: str, y_title: str, labels: list[str], values: list[int],
              colours: list[str] | None = None, horizontal: bool = False) -> str:
    """One series of bars, each bar in its own colour when ``colours`` is given."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(220, 140 + 30 * len(labels)) if horizontal else HEIGHT
    # pygal's horizontal bars keep x_title for the category axis, now on the left: swap the titles
    titles = (y_title, x_title) if horizontal else (x_title, y_title)
    options = _config(title, *titles, [OKABE_ITO[2]], show_legend=False, height=height)
    chart = kind(**options)
    chart.x_labels = labels
    chart.y_labels = count_ticks(max(values, default=0))
    chart.add(y_title, [{"value": value, "color": colours[i]} if colours else value
                        for i, value in enumerate(values)])
    return _svg(chart, key)


def stacked_bars(key: str, title: str, x_title: str, y_title: str, labels: list[str],
                 series: list[tuple[str, str, list[int]]], now_at: float | None = None,
                 now_label: str = "now") -> str:
    """Stacked bars (one series per level); ``now_at`` is a fractional bar index for the "now" line."""
    chart = pygal.StackedBar(**_config(title, x_title, y_title, [c for _, c, _ in series], legend_at_bottom=True,
                                       x_label_rotation=-40 if len(labels) > 12 else 0,
                                       show_minor_x_labels=len(labels) <= 24,
                                       x_labels_major_every=max(1, len(labels) // 12), height=400))
    chart.x_labels = labels
    totals = [sum(column) for column in zip(*(values for _, _, values in series), strict=True)]
    chart.y_labels = count_ticks(max(totals, default=0))
    for name, _, values in series:
        chart.add(name, values)
    svg = _svg(chart, key)
    return _draw_now(svg, now_at, now_label) if now_at is not None else svg


def _draw_now(svg: str, now_at: float, label: str) -> str:
    """A dashed vertical line at bar position ``now_at`` (0.5 = middle of the first bar)."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg)
    plot = next(g for g in root.iter(f"{{{SVG_NS}}}g") if g.get("class") == "plot")
    axis = next(g for g in plot.iter(f"{{{SVG_NS}}}g") if (g.get("class") or "").startswith("axis x"))
    centres = []
    for guide in axis.iter(f"{{{SVG_NS}}}path"):
        match = re.match(r"M([\d.]+) [\d.]+ v([\d.]+)", guide.get("d", ""))
        if match and "guide" in (guide.get("class") or ""):
            centres.append((float(match.group(1)), float(match.group(2))))
    if not centres:
        return svg
    step = centres[1][0] - centres[0][0] if len(centres) > 1 else 2 * centres[0][0]
    x = centres[0][0] + (now_at - 0.5) * step
    height = centres[0][1]
    group = ET.SubElement(plot, f"{{{SVG_NS}}}g", {"class": "now"})
    ET.SubElement(group, f"{{{SVG_NS}}}path", {
        "d": f"M{x:.2f} 0 v{height:.2f}", "stroke": "#000000", "stroke-width": "2",
        "stroke-dasharray": "6 4", "fill": "none"})
    text = ET.SubElement(group, f"{{{SVG_NS}}}text", {
        "x": f"{x + 4:.2f}", "y": "14", "fill": "#000000", "font-size": "12", "font-weight": "bold",
        "stroke": "#ffffff", "stroke-width": "3", "paint-order": "stroke"})
    text.text = label
    return ET.tostring(root, encoding="unicode")


def heatmap(key: str, title: str, x_title: str, y_title: str, columns: list[str], rows: list[str],
            counts: list[list[int]], highlight_diagonal: bool = True) -> str:
    """A grid of counts: rows by columns, shaded by count, each cell printing its number."""
    largest = max((n for row in counts for n in row), default=0)
    cells = [[(n, *shade(n, largest)) for n in row] for row in counts]
    template = environment().get_template("heatmap.svg.j2")
    return template.render(key=key, title=title, x_title=x_title, y_title=y_title, columns=columns,
                           rows=rows, cells=cells, diagonal=highlight_diagonal, font=FONT)


def level_colours(levels: list[int]) -> list[str]:
    return [level_colour(level) for level in levels]


def time_label(seconds: int, size: int) -> str:
    """A bucket's start, as short as its size allows (UTC)."""
    moment = datetime.fromtimestamp(seconds, tz=UTC)
    if size < 86400:
        return moment.strftime("%d %b %H:%M")
    if size < 365 * 86400:
        return moment.strftime("%d %b %Y")
    return moment.strftime("%Y")


__all__ = ["NEUTRAL", "Chart", "bar_chart", "heatmap", "level_colours", "stacked_bars", "time_label"]
