"""Text detectors and cues, loaded and compiled: the policy's rules for reading words.

A detector sets flags from affirmed mentions of its patterns; cues decide
whether a mention is affirmed, negated or hedged (NegEx/ConText). The
``TextPolicy`` holds them all; the detectors, cues and patterns themselves
are in ``sevtriage.policy.text.items``, imported only where they are built or
read (start-up: a ticket without text needs none of them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sevtriage.policy.digest import sha256

if TYPE_CHECKING:
    from sevtriage.policy.text.items import Cue, Detector
    from sevtriage.policy.yaml_source import SourceDoc

TEXT_FOLDER = "text"  # the folder of a policy that holds these files

NEGATION, HEDGE, PSEUDO, TERMINATOR = "negation", "hedge", "pseudo", "terminator"
BEFORE, AFTER, AROUND = "before", "after", "around"
DEFAULT_WINDOW = {NEGATION: 4, HEDGE: 6}


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


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


if TYPE_CHECKING:
    _Contents = tuple[list[Detector], list[Cue], dict[str, tuple[str, ...]], list[Any], list[SourceDoc]]


def raw_hash(raw: list[Any]) -> str:
    """``sha256:`` and 16 hex digits of the JSON of ``raw`` (keys sorted)."""
    blob = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + sha256(blob.encode("utf-8")).hexdigest()[:16]
