"""Detectors, cues and their patterns, as loaded from a policy's ``text/`` files.

Each item keeps the document and JSON path it came from, so that lint problems
and the ``examples`` check point at ``file:line:col``.
"""

from __future__ import annotations

from typing import Any

from sevtriage.policy.text.model import UNSET
from sevtriage.policy.text.pattern import CompiledPattern
from sevtriage.policy.text.values import FrozenValue
from sevtriage.policy.yaml_source import Path, SourceDoc


class PatternRef(FrozenValue):
    """One pattern of a detector, compiled, with its place in the YAML."""

    __slots__ = ("compiled", "doc", "language", "path")
    _fields = ("language", "compiled", "doc", "path")
    _compared = ("language", "compiled", "path")  # not doc
    _shown = _compared

    language: str
    compiled: CompiledPattern
    doc: SourceDoc
    path: Path

    def __init__(self, language: str, compiled: CompiledPattern, doc: SourceDoc, path: Path = ()):
        set_ = object.__setattr__
        set_(self, "language", language)
        set_(self, "compiled", compiled)
        set_(self, "doc", doc)
        set_(self, "path", path)

    @property
    def text(self) -> str:
        return self.compiled.text


class Detector(FrozenValue):
    """Flags (``sets``) from affirmed mentions of its patterns; ``negated`` for negated ones."""

    __slots__ = ("doc", "examples_match", "examples_no_match", "id", "negated", "path", "patterns", "sets",
                 "source")
    _fields = ("id", "sets", "negated", "source", "patterns", "examples_match", "examples_no_match", "doc",
               "path")
    _compared = ("id", "sets", "negated", "source", "patterns", "examples_match", "examples_no_match",
                 "path")  # not doc
    _shown = _compared

    id: str
    sets: tuple[tuple[str, Any], ...]
    negated: Any  # UNSET: booleans take the opposite value, other fields nothing
    source: str
    patterns: tuple[PatternRef, ...]
    examples_match: tuple[str, ...]
    examples_no_match: tuple[str, ...]
    doc: SourceDoc
    path: Path

    def __init__(self, id: str, sets: tuple[tuple[str, Any], ...], negated: Any, source: str,
                 patterns: tuple[PatternRef, ...], examples_match: tuple[str, ...],
                 examples_no_match: tuple[str, ...], doc: SourceDoc, path: Path = ()):
        set_ = object.__setattr__
        set_(self, "id", id)
        set_(self, "sets", sets)
        set_(self, "negated", negated)
        set_(self, "source", source)
        set_(self, "patterns", patterns)
        set_(self, "examples_match", examples_match)
        set_(self, "examples_no_match", examples_no_match)
        set_(self, "doc", doc)
        set_(self, "path", path)

    def negated_value(self, flag: str, value: Any) -> Any:
        """What a negated mention sets for ``flag`` when nothing affirms it (None: nothing)."""
        if self.negated is not UNSET:
            return self.negated
        return (not value) if isinstance(value, bool) else None


class Cue(FrozenValue):
    """A negation or hedge cue (with a direction and a word window), a pseudo-negation
    (a phrase that looks like a cue but is not one) or a terminator (ends a cue's scope)."""

    __slots__ = ("category", "compiled", "direction", "doc", "language", "path", "window")
    _fields = ("category", "direction", "window", "language", "compiled", "doc", "path")
    _compared = ("category", "direction", "window", "language", "compiled", "path")  # not doc
    _shown = _compared

    category: str
    direction: str
    window: int
    language: str
    compiled: CompiledPattern
    doc: SourceDoc
    path: Path

    def __init__(self, category: str, direction: str, window: int, language: str, compiled: CompiledPattern,
                 doc: SourceDoc, path: Path = ()):
        set_ = object.__setattr__
        set_(self, "category", category)
        set_(self, "direction", direction)
        set_(self, "window", window)
        set_(self, "language", language)
        set_(self, "compiled", compiled)
        set_(self, "doc", doc)
        set_(self, "path", path)

    @property
    def words(self) -> str:
        return self.compiled.text
