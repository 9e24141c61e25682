"""A detector pattern that can never match the folded text of a ticket.

Ticket text is folded before matching (lower case, no accents, plain
apostrophes), so a ``re:`` pattern with a capital or an accented letter, or a
pattern that does not even match its own plainest reading, never fires.

.. rubric:: FAIL

::

    detectors:
      - id: crash
        sets: {symptoms.crash_or_hang: true}
        source: "N1: situations de blocage ou de crash"
        patterns: {en: ["re:\\\\bCrash"]}

.. rubric:: PASS

::

    detectors:
      - id: crash
        sets: {symptoms.crash_or_hang: true}
        source: "N1: situations de blocage ou de crash"
        patterns: {en: ["re:\\\\bcrash"]}
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sevtriage.lint.analysis import Analysis
from sevtriage.lint.text_support import patterns
from sevtriage.policy.text.fold import fold_words
from sevtriage.problems import ERROR, Problem

ID = "text-cannot-match"
LEVEL = ERROR
SUMMARY = "a detector pattern can never match folded ticket text (capitals, accents, or not even its own words)"

_ESCAPES = re.compile(r"\\.")  # \b, \w, \d ...: not literal letters
_LITERAL_LETTERS = re.compile(r"[^\W\d_]+")


def check(analysis: Analysis) -> Iterator[Problem]:
    for detector, pattern in patterns(analysis.policy):
        compiled = pattern.compiled
        if compiled.canonical is not None:
            if not compiled.regex.search(compiled.canonical):
                yield pattern.doc.problem(pattern.path, f'pattern "{pattern.text}" of {detector.id} does not '
                                          f'match its own words "{compiled.canonical}"', ID, level=LEVEL)
            continue
        body = compiled.regex.pattern
        letters = "".join(_LITERAL_LETTERS.findall(_ESCAPES.sub(" ", body)))
        if letters != fold_words(letters):
            yield pattern.doc.problem(pattern.path, f'pattern "{pattern.text}" of {detector.id} has capitals or '
                                      "accents: ticket text is folded (lower case, no accents) before "
                                      "matching, so it can never match", ID, level=LEVEL)
