"""Text detectors and cues, loaded and compiled: the policy's rules for reading words.

A detector sets flags from affirmed mentions of its patterns; cues decide
whether a mention is affirmed, negated or hedged (NegEx/ConText). Each item
keeps the document and JSON path it came from, so that lint problems and the
``examples`` check point at ``file:line:col``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
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


class TextPolicy:
    """The detectors, cues and resolution order of a policy's ``text/`` folder.

    Compared, and shown, as a dataclass of ``detectors``, ``cues``, ``resolution``, ``files``
    (and ``raw``, ``docs``) would be. One built by ``deferred`` builds its contents on first
    use: the bundled policy's snapshot defers them so, because a ticket without text needs
    only the ``content_hash`` every result carries (start-up)."""

    __hash__ = None  # type: ignore[assignment]  # mutable contents, compared by value

    def __init__(self, detectors: list[Detector], cues: list[Cue], resolution: dict[str, tuple[str, ...]],
                 files: list[str], raw: list[Any] | None = None, docs: list[SourceDoc] | None = None):
        self.files = files
        self._contents: _Contents | None = (detectors, cues, resolution, list(raw or []), list(docs or []))
        self._build: Callable[[], TextPolicy] | None = None
        self._hash: str | None = None

    @classmethod
    def deferred(cls, files: list[str], content_hash: str, build: Callable[[], TextPolicy]) -> TextPolicy:
        """A text policy whose contents ``build`` gives on first use; ``content_hash`` must be
        theirs (the snapshot records it when it is written, from the same data)."""
        policy = cls([], [], {}, files)
        policy._contents, policy._build, policy._hash = None, build, content_hash
        return policy

    @property
    def built(self) -> bool:
        """Whether the contents exist yet (False: deferred, and nothing has needed them)."""
        return self._contents is not None

    def _parts(self) -> _Contents:
        if self._contents is None:
            assert self._build is not None
            built = self._build()
            if built.files != self.files:
                raise RuntimeError(f"text policy: built from {built.files}, expected {self.files}")
            self._contents, self._build = built._parts(), None
        return self._contents

    @property
    def detectors(self) -> list[Detector]:
        return self._parts()[0]

    @property
    def cues(self) -> list[Cue]:
        return self._parts()[1]

    @property
    def resolution(self) -> dict[str, tuple[str, ...]]:
        return self._parts()[2]

    @property
    def raw(self) -> list[Any]:
        """Each file's parsed data (what ``content_hash`` digests)."""
        return self._parts()[3]

    @property
    def docs(self) -> list[SourceDoc]:
        """The parsed files, as ``Policy.docs`` (what the snapshot of the bundled policy keeps)."""
        return self._parts()[4]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TextPolicy):
            return NotImplemented
        return (self.files, self._parts()) == (other.files, other._parts())

    def __repr__(self) -> str:
        return (f"TextPolicy(detectors={self.detectors!r}, cues={self.cues!r}, resolution={self.resolution!r}, "
                f"files={self.files!r})")

    @property
    def content_hash(self) -> str:
        """A short digest of the detector data (``policy.detectors_hash`` of every result).

        Kept like ``Policy.content_hash``: it was recomputed for every result (a JSON dump
        of all the detectors), about a third of a batch's text-flag cost. A loaded text
        policy is never modified."""
        if self._hash is None:
            self._hash = raw_hash(self.raw)
        return self._hash

    def cues_of(self, category: str, direction: str | None = None) -> list[Cue]:
        return [c for c in self.cues if c.category == category and (direction is None or c.direction == direction)]

    def languages(self) -> list[str]:
        found = {p.language for d in self.detectors for p in d.patterns} | {c.language for c in self.cues}
        return sorted(found)


_Contents = tuple[list[Detector], list[Cue], dict[str, tuple[str, ...]], list[Any], list[SourceDoc]]


def raw_hash(raw: list[Any]) -> str:
    """``sha256:`` and 16 hex digits of the JSON of ``raw`` (keys sorted)."""
    blob = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
