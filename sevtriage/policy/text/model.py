"""Text detectors and cues, loaded and compiled: the policy's rules for reading words.

A detector sets flags from affirmed mentions of its patterns; cues decide
whether a mention is affirmed, negated or hedged (NegEx/ConText). Each item
keeps the document and JSON path it came from, so that lint problems and the
``examples`` check point at ``file:line:col``.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sevtriage.policy.text.pattern import CompiledPattern
from sevtriage.policy.yaml_source import Path, SourceDoc

NEGATION, HEDGE, PSEUDO, TERMINATOR = "negation", "hedge", "pseudo", "terminator"
BEFORE, AFTER, AROUND = "before", "after", "around"
DEFAULT_WINDOW = {NEGATION: 4, HEDGE: 6}


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


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


@dataclass
class TextPolicy:
    detectors: list[Detector]
    cues: list[Cue]
    resolution: dict[str, tuple[str, ...]]
    files: list[str]
    raw: list[Any] = field(default_factory=list, repr=False)
    #: the parsed files, as ``Policy.docs`` (what the snapshot of the bundled policy keeps)
    docs: list[SourceDoc] = field(default_factory=list, repr=False)

    @functools.cached_property
    def content_hash(self) -> str:
        """A short digest of the detector data (``policy.detectors_hash`` of every result).

        Cached like ``Policy.content_hash``: it was recomputed for every result (a JSON dump
        of all the detectors), about a third of a batch's text-flag cost. A loaded text
        policy is never modified."""
        blob = json.dumps(self.raw, sort_keys=True, ensure_ascii=False, default=str)
        return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]

    def cues_of(self, category: str, direction: str | None = None) -> list[Cue]:
        return [c for c in self.cues if c.category == category and (direction is None or c.direction == direction)]

    def languages(self) -> list[str]:
        found = {p.language for d in self.detectors for p in d.patterns} | {c.language for c in self.cues}
        return sorted(found)
