"""Two detectors that set opposite values of one flag from the same words.

When the words of one detector's pattern (its plainest reading, and its
``match`` examples) are also matched by a detector setting the opposite
boolean (both mentions affirmed), one mention says both ``true`` and ``false``: resolution then picks
``true``, silently. Fields with a ``resolution`` order (``performance``:
severe before minor) are resolved by that order and not reported.

.. rubric:: FAIL

::

    detectors:
      - id: cosmetic
        sets: {symptoms.operations_affected: false}
        source: "N4: pas d'impact sur l'utilisation"
        patterns: {en: ["cosmetic"]}
      - id: affects
        sets: {symptoms.operations_affected: true}
        source: "N3: perte mineure de fonctionnalité opérationnelle"
        patterns: {en: ["(cosmetic|affects users)"]}

.. rubric:: PASS

::

    detectors:
      - id: cosmetic
        sets: {symptoms.operations_affected: false}
        source: "N4: pas d'impact sur l'utilisation"
        patterns: {en: ["cosmetic"]}
      - id: affects
        sets: {symptoms.operations_affected: true}
        source: "N3: perte mineure de fonctionnalité opérationnelle"
        patterns: {en: ["affects users"]}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.lint.text_support import matcher, patterns
from sevtriage.problems import WARNING, Problem
from sevtriage.tickets.textflags.matcher import AFFIRMED

ID = "text-opposite-values"
LEVEL = WARNING
SUMMARY = "two detectors set opposite boolean values of one flag from the same words"


def check(analysis: Analysis) -> Iterator[Problem]:
    text_policy = analysis.policy.text
    if text_policy is None:
        return
    match = matcher(text_policy)
    reported: set[tuple[str, str, str]] = set()
    for detector, pattern in patterns(analysis.policy):
        texts = [pattern.compiled.canonical] if pattern.compiled.canonical else []
        for text in texts + list(detector.examples_match):
            found = [m for m in match.mentions(text) if m.status == AFFIRMED]
            mine = [m for m in found if m.detector.id == detector.id]
            for other in found:
                if other.detector.id == detector.id or not any(
                        other.start < m.end and m.start < other.end for m in mine):
                    continue
                for flag, value in detector.sets:
                    for other_flag, other_value in other.detector.sets:
                        first, second = sorted((detector.id, other.detector.id))
                        key = (flag, first, second)
                        if (other_flag == flag and isinstance(value, bool) and isinstance(other_value, bool)
                                and value != other_value and key not in reported):
                            reported.add(key)
                            yield pattern.doc.problem(
                                pattern.path, f'{detector.id} sets {flag} = {str(value).lower()} and '
                                f"{other.detector.id} sets it {str(other_value).lower()} from the same words "
                                f'"{text[other.start:other.end]}"', ID, level=LEVEL)
