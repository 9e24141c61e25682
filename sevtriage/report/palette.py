"""Colours that stay apart for colour-blind readers, and on a greyscale print.

Levels use the Okabe-Ito palette (Okabe & Ito, "Color Universal Design"),
built to be told apart with any common colour-vision deficiency; level 1 gets
the vermillion people read as urgent. Heatmaps use one hue (blue) that only
gets darker, so a cell reads by lightness alone, and every cell also prints
its number.
"""

from __future__ import annotations

OKABE_ITO = ("#D55E00", "#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
NEUTRAL = "#999999"
# light to dark blue (ColorBrewer "Blues", colour-blind safe and print friendly)
BLUES = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")


def level_colour(level: int) -> str:
    """The colour of a level (1 = most severe) wherever it appears on the page."""
    return OKABE_ITO[(level - 1) % len(OKABE_ITO)] if level >= 1 else NEUTRAL


def shade(count: int, largest: int) -> tuple[str, str]:
    """(fill, text colour) of a heatmap cell: darker for more, white text on the dark half."""
    if count <= 0 or largest <= 0:
        return "#ffffff", "#555555"
    step = 1 + round((len(BLUES) - 2) * count / largest)
    return BLUES[step], "#ffffff" if step >= 5 else "#08306b"
