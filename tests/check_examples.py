"""A check's FAIL and PASS docstring examples, and the base policy they complete.

Shared by the lint checks' example tests (tests/lint/test_check_examples.py) and the load
checks' (tests/policy/test_load_check_examples.py).
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any

BASE: dict[str, Any] = {
    "policy": {"name": "example", "version": "1"},
    "levels": [{"level": 1, "name": "critical", "response_target": "PT2H"},
               {"level": 2, "name": "important", "response_target": "PT6H"},
               {"level": 3, "name": "minimal", "response_target": "PT12H"},
               {"level": 4, "name": "symbolic", "response_target": "PT24H"}],
    "default": {"level": 3, "source": "the policy's default"},
    "rules": [{"id": "L2-crash", "level": 2, "source": "N2", "when": {"field": "symptoms.crash_or_hang", "is": True}}],
}
EXAMPLE = re.compile(r"\.\. rubric:: (FAIL|PASS)[^\n]*\n\n::\n\n(.*?)(?=\n\.\. rubric::|\Z)", re.S)


def examples(module: ModuleType) -> dict[str, str]:
    """``{"FAIL": yaml, "PASS": yaml}`` from a check module's docstring."""
    found = {kind: text for kind, text in EXAMPLE.findall(module.__doc__ or "")}
    return {kind: "\n".join(line[4:] for line in text.rstrip().splitlines()) for kind, text in found.items()}
