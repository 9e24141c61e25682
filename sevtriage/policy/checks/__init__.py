"""Semantic checks on a loaded policy, one module a check (as yamllint's rules).

Each module has an ``ID``, a ``LEVEL`` (error, warning, info), a ``STAGE``
(``load``: the policy cannot be used until it is fixed; ``lint``: reported by
``sevtriage validate``), a one-line ``SUMMARY`` and a ``check(policy)``
generator yielding ``Problem``s at the position of the offending YAML.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

from sevtriage.policy.checks import (
    calendar_holidays,
    calendar_intervals,
    calendar_never_open,
    calendar_time_zone,
    default_missing,
    duplicate_ids,
    duplicate_levels,
    enum_values,
    type_mismatch,
    undefined_level,
    unknown_alias,
    unknown_clock,
    unknown_field,
)
from sevtriage.policy.model import Policy
from sevtriage.problems import Problem

LOAD_CHECKS: list[ModuleType] = [
    duplicate_ids,
    duplicate_levels,
    undefined_level,
    unknown_field,
    type_mismatch,
    enum_values,
    unknown_alias,
    unknown_clock,
    calendar_time_zone,
    calendar_intervals,
    calendar_never_open,
    calendar_holidays,
    default_missing,
]


def registry() -> dict[str, ModuleType]:
    """Every check by id (lint checks register themselves in ``sevtriage.lint``)."""
    return {module.ID: module for module in LOAD_CHECKS}


def run_checks(policy: Policy, modules: list[ModuleType]) -> Iterator[Problem]:
    """Each module's problems in order."""
    for module in modules:
        yield from module.check(policy)
