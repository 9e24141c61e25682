"""A detector's examples that do not behave as written.

A detector may carry ``examples: {match: [...], no_match: [...]}``: each
``match`` sentence must give an affirmed mention of the detector, each
``no_match`` sentence none (a negated or hedged mention is fine: that is what
a ``no_match`` such as "no data loss" shows). ``validate`` reports them and
``sevtriage test`` fails on them, like fixtures.

.. rubric:: FAIL

::

    detectors:
      - id: data-loss
        sets: {symptoms.data_loss: true}
        source: "N1: perte de données"
        patterns: {en: ["data loss"]}
        examples: {match: ["we lost data"]}

.. rubric:: PASS

::

    detectors:
      - id: data-loss
        sets: {symptoms.data_loss: true}
        source: "N1: perte de données"
        patterns: {en: ["data loss", "lost ...1 data"]}
        examples: {match: ["we lost data"], no_match: ["no data loss"]}
"""

from __future__ import annotations

from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.lint.text_support import affirmed_by, matcher
from sevtriage.policy.model import Policy
from sevtriage.problems import ERROR, Problem

ID = "text-example"
LEVEL = ERROR
SUMMARY = "a detector's match example gives no affirmed mention, or a no_match example gives one"


def example_problems(policy: Policy) -> list[Problem]:
    """Every example that fails (shared by ``validate`` and ``sevtriage test``)."""
    if policy.text is None:
        return []
    match = matcher(policy.text)
    problems = []
    for detector in policy.text.detectors:
        for number, text in enumerate(detector.examples_match):
            if not affirmed_by(match.mentions(text), detector.id):
                statuses = [m.status for m in match.mentions(text) if m.detector.id == detector.id]
                why = f" (found only: {', '.join(statuses)})" if statuses else ""
                problems.append(detector.doc.problem(detector.path + ("examples", "match", number),
                                                     f'{detector.id} does not affirm "{text}"{why}', ID,
                                                     level=LEVEL))
        for number, text in enumerate(detector.examples_no_match):
            found = affirmed_by(match.mentions(text), detector.id)
            if found:
                words = text[found[0].start:found[0].end]
                problems.append(detector.doc.problem(detector.path + ("examples", "no_match", number),
                                                     f'{detector.id} affirms "{words}" in "{text}"', ID,
                                                     level=LEVEL))
    return problems


def check(analysis: Analysis) -> Iterator[Problem]:
    yield from example_problems(analysis.policy)
