"""The same detector pattern twice (after folding), in one detector or two.

A duplicate is dead weight at best; in two detectors it sets two flags from the
same words, which is rarely what the author meant.

.. rubric:: FAIL

::

    detectors:
      - id: crash-or-hang
        sets: {symptoms.crash_or_hang: true}
        source: "N1: situations de blocage ou de crash"
        patterns: {en: ["crash*", "Crash*"]}

.. rubric:: PASS

::

    detectors:
      - id: crash-or-hang
        sets: {symptoms.crash_or_hang: true}
        source: "N1: situations de blocage ou de crash"
        patterns: {en: ["crash*"]}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.lint.text_support import patterns
from sevtriage.problems import WARNING, Problem

ID = "text-duplicate-pattern"
LEVEL = WARNING
SUMMARY = "the same detector pattern (after folding) is given twice"


def check(analysis: Analysis) -> Iterator[Problem]:
    seen: dict[tuple[str, str], str] = {}
    for detector, pattern in patterns(analysis.policy):
        key = (pattern.language, pattern.compiled.regex.pattern)
        if key in seen:
            yield pattern.doc.problem(pattern.path, f'pattern "{pattern.text}" of {detector.id} repeats '
                                      f"{seen[key]}", ID, level=LEVEL)
        else:
            seen[key] = f'"{pattern.text}" of {detector.id}'
