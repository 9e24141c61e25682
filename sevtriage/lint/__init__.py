"""Lint checks run by ``sevtriage validate``, one module a check (as yamllint's rules).

Each module has an ``ID``, a ``LEVEL``, a one-line ``SUMMARY``, a docstring
with FAIL and PASS examples, and a ``check(analysis)`` generator yielding
positioned ``Problem``s. ``registry`` lists every check id ``validate`` can
report, from reading the file to linting it, and docs/checks.md is generated
from it (a test fails when the page drifts).
"""

from __future__ import annotations

from sevtriage.lint import (
    alias_duplicate,
    alias_unused,
    calendar_unused,
    ceiling_never_lowers,
    gap,
    id_convention,
    missing_source,
    never_decides,
    never_true,
    overlap,
    text_cannot_match,
    text_cue_swallows,
    text_duplicate_pattern,
    text_examples,
    text_opposite_values,
)

LINT_CHECKS = [
    never_true,
    never_decides,
    ceiling_never_lowers,
    overlap,
    gap,
    alias_duplicate,
    alias_unused,
    calendar_unused,
    missing_source,
    id_convention,
    text_cannot_match,
    text_duplicate_pattern,
    text_opposite_values,
    text_cue_swallows,
    text_examples,
]
