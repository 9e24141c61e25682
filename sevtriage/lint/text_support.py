"""What the text-detector checks share: the policy's detectors compiled for matching once.

The checks read detectors the way ``classify`` does, through the same
``TextMatcher`` (folding, masking, cues), so that a check's verdict is the
classifier's.
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.policy.model import Policy
from sevtriage.policy.text.items import Detector, PatternRef
from sevtriage.policy.text.model import TextPolicy
from sevtriage.tickets.textflags.matcher import AFFIRMED, Mention, TextMatcher

_MATCHERS: dict[int, TextMatcher] = {}


def matcher(text_policy: TextPolicy) -> TextMatcher:
    """One matcher per loaded text policy for the run."""
    key = id(text_policy)
    if key not in _MATCHERS:
        _MATCHERS.clear()
        _MATCHERS[key] = TextMatcher(text_policy)
    return _MATCHERS[key]


def patterns(policy: Policy) -> Iterator[tuple[Detector, PatternRef]]:
    if policy.text is None:
        return
    for detector in policy.text.detectors:
        for pattern in detector.patterns:
            yield detector, pattern


def affirmed_by(mentions: list[Mention], detector_id: str) -> list[Mention]:
    return [m for m in mentions if m.detector.id == detector_id and m.status == AFFIRMED]


