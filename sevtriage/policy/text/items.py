"""Detectors, cues and their patterns, as loaded from a policy's ``text/`` files.

Each item keeps the document and JSON path it came from, so that lint problems
and the ``examples`` check point at ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sevtriage.policy.text.model import UNSET
from sevtriage.policy.text.pattern import CompiledPattern
from sevtriage.policy.yaml_source import Path, SourceDoc


@dataclass(frozen=True)
class PatternRef:
    """One pattern of a detector, compiled, with its place in the YAML."""

    language: str
    compiled: CompiledPattern
    doc: SourceDoc = field(compare=False, repr=False)
    path: Path = ()

    @property
    def text(self) -> str:
        return self.compiled.text


@dataclass(frozen=True)
class Detector:
    """Flags (``sets``) from affirmed mentions of its patterns; ``negated`` for negated ones."""

    id: str
    sets: tuple[tuple[str, Any], ...]
    negated: Any  # UNSET: booleans take the opposite value, other fields nothing
    source: str
    patterns: tuple[PatternRef, ...]
    examples_match: tuple[str, ...]
    examples_no_match: tuple[str, ...]
    doc: SourceDoc = field(compare=False, repr=False)
    path: Path = ()

    def negated_value(self, flag: str, value: Any) -> Any:
        """What a negated mention sets for ``flag`` when nothing affirms it (None: nothing)."""
        if self.negated is not UNSET:
            return self.negated
        return (not value) if isinstance(value, bool) else None


@dataclass(frozen=True)
class Cue:
    """A negation or hedge cue (with a direction and a word window), a pseudo-negation
    (a phrase that looks like a cue but is not one) or a terminator (ends a cue's scope)."""

    category: str
    direction: str
    window: int
    language: str
    compiled: CompiledPattern
    doc: SourceDoc = field(compare=False, repr=False)
    path: Path = ()

    @property
    def words(self) -> str:
        return self.compiled.text
