"""A negation or hedge cue whose words contain a detector pattern's words.

A cue that matches the whole of a pattern's plainest reading turns every
mention of it into a cue as well (``not working`` as a negation cue would
swallow the pattern ``not working``): authors mean the pattern's own words to
belong to the pattern. The matcher never lets a cue overlap the mention it
qualifies, so the swallowed pattern still fires, but the cue then negates
the neighbouring mentions it was never meant for. Cues "around" a mention
(French ``ne ... pas``) wrap by design and are not reported.

.. rubric:: FAIL

::

    cues: {en: {negation: {before: {cues: ["no longer works"]}}}}
    detectors:
      - id: broken
        sets: {symptoms.function_unavailable: true}
        source: "N2: fonctionnalité non disponible"
        patterns: {en: ["no longer works"]}

.. rubric:: PASS

::

    cues: {en: {negation: {before: {cues: ["no longer"]}}}}
    detectors:
      - id: broken
        sets: {symptoms.function_unavailable: true}
        source: "N2: fonctionnalité non disponible"
        patterns: {en: ["no longer works"]}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.lint.text_support import patterns
from sevtriage.policy.text.model import AROUND, HEDGE, NEGATION
from sevtriage.problems import WARNING, Problem

ID = "text-cue-swallows"
LEVEL = WARNING
SUMMARY = "a negation or hedge cue matches all the words of a detector pattern"


def check(analysis: Analysis) -> Iterator[Problem]:
    text_policy = analysis.policy.text
    if text_policy is None:
        return
    # A cue "around" the mention (French "ne ... pas") wraps by design: "ne répond plus" is a
    # pattern of its own, and the matcher never lets a cue that starts with the mention negate it.
    cues = [c for c in text_policy.cues if c.category in (NEGATION, HEDGE) and c.direction != AROUND]
    for detector, pattern in patterns(analysis.policy):
        text = pattern.compiled.canonical
        if not text:
            continue
        for cue in cues:
            found = cue.compiled.regex.search(text)
            if found and found.start() == 0 and found.end() >= len(text.rstrip(" ?")):
                yield cue.doc.problem(cue.path, f'{cue.category} cue "{cue.words}" swallows the pattern '
                                      f'"{pattern.text}" of {detector.id}', ID, level=LEVEL)
