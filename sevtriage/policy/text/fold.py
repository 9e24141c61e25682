"""Fold ticket text for matching, keeping a way back to the original offsets.

Matching happens on a folded copy: lower case, accents removed, typographic
apostrophes and quotes made plain, non-breaking spaces made spaces. Evidence
must still point into the text the customer wrote, so every fold keeps a map
from folded offsets to original ones. Almost every character folds to exactly
one character (then the map is the identity and costs nothing); the few that
fold to two (``œ`` -> ``oe``) or to none (a lone combining accent) are
recorded as change points.

Why not ``unicodedata.normalize`` on the whole text: it changes lengths
without saying where, and per-character Python loops cost ~100x a ``str``
method on long tickets. Only non-ASCII characters go through Python here.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# Characters whose fold is not "lower case, then drop the combining marks".
_SPECIAL = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'", "\u0060": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2039": '"', "\u203a": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u200b": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2026": ".",  # an ellipsis ends a sentence as "..." would
    "\u0153": "oe", "\u0152": "oe", "\u00e6": "ae", "\u00c6": "ae", "\u00df": "ss",
}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """The folded form of one character (may be empty or two characters long)."""
    if char in _SPECIAL:
        return _SPECIAL[char]
    decomposed = unicodedata.normalize("NFD", char.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_words(text: str) -> str:
    """Fold a pattern's or a cue's words (no offsets needed; ASCII without building a Folded:
    the ~3,700 words of the bundled detectors are folded at every policy load)."""
    return text.lower() if text.isascii() else fold(text).text


class Folded:
    """Folded text and the way back: ``points`` are (folded offset, original offset)
    pairs at each place where the two stop advancing together.

    Written out rather than a frozen dataclass (whose generated methods cost ~0.35 ms of CPU
    on the first text: start-up); it compares, hashes and reprs as that dataclass did."""

    __slots__ = ("points", "text")

    text: str
    points: tuple[tuple[int, int], ...]

    def __init__(self, text: str, points: tuple[tuple[int, int], ...] = ()):
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "points", points)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.text, self.points) == (other.text, other.points)

    def __hash__(self) -> int:
        return hash((self.text, self.points))

    def __reduce__(self) -> tuple[type[Folded], tuple[str, tuple[tuple[int, int], ...]]]:
        return Folded, (self.text, self.points)

    def __repr__(self) -> str:
        return f"Folded(text={self.text!r}, points={self.points!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def original(self, offset: int) -> int:
        """The original offset of a folded offset."""
        if not self.points:
            return offset
        index = bisect.bisect_right(self.points, (offset, 1 << 62)) - 1
        if index < 0:
            return offset
        folded_at, original_at = self.points[index]
        return original_at + (offset - folded_at)


def fold(text: str) -> Folded:
    """Fold ``text``; ASCII text is only lower-cased (the fast path)."""
    if text.isascii():
        return Folded(text.lower())
    points: list[tuple[int, int]] = []
    shift = 0  # folded offset minus original offset so far

    def replace(match: re.Match[str]) -> str:
        nonlocal shift
        out = fold_char(match.group())
        if len(out) != 1:
            start = match.start()
            end_folded = start + shift + len(out)
            shift += len(out) - 1
            # after this character, folded and original advance together again
            points.append((end_folded, start + 1))
        return out

    folded = _NON_ASCII.sub(replace, text).lower()
    return Folded(folded, tuple(points))
