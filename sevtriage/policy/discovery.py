"""Which policy a command uses when ``--rules`` is not given, and where that choice came from.

A policy author works in a checkout: editing ``rules/level-1.yaml`` there and
running ``sevtriage test fixtures/`` must test the edited rules, not the
snapshot installed with the package. So, in this order:

1. ``--rules PATH`` (a path or ``git:REV:PATH``);
2. the ``SEVTRIAGE_RULES`` environment variable (same forms);
3. the nearest configuration found upward from the current folder: a
   ``pyproject.toml`` with a ``[tool.sevtriage]`` table, or a ``sevtriage.toml``
   (its top level, or its own ``[tool.sevtriage]``), naming ``rules`` and
   ``fixtures``; paths are relative to that file's folder;
4. the bundled policy.

Every command says which one it used (``PolicyChoice.describe``), so a run
never silently tests a policy the author did not mean.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sevtriage.problems import ERROR, PolicyError, Problem
from sevtriage.resources import bundled_policy_path
from sevtriage.wording import json_term

ENV_VAR = "SEVTRIAGE_RULES"
CONFIG_FILES = ("pyproject.toml", "sevtriage.toml")
GIT_PREFIX = "git:"


@dataclass(frozen=True)
class PolicyChoice:
    """The policy to load (a path or ``git:REV:PATH``), why, and the configured fixtures."""

    spec: str
    origin: str
    fixtures: str | None = None

    def describe(self) -> str:
        """``rules (from /repo/pyproject.toml [tool.sevtriage])``: for summaries and --verbose."""
        return f"{self.spec} ({self.origin})"


@dataclass(frozen=True)
class Config:
    """A ``[tool.sevtriage]`` table: the file it is in and the paths it names."""

    file: Path
    rules: str | None
    fixtures: str | None


def _table(file: Path) -> Mapping[str, Any] | None:
    """The sevtriage settings of one config file, or None when it has none."""
    import tomllib  # only where a config file exists (start-up)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError([Problem(str(file), 1, 1, ERROR, f"cannot read: {exc}", "config")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError([Problem(str(file), 1, 1, ERROR, f"not valid TOML: {exc}", "config")]) from None
    tool = data.get("tool")
    table = tool.get("sevtriage") if isinstance(tool, dict) else None
    if table is None and file.name == "sevtriage.toml":
        table = data
    return table if isinstance(table, dict) else None


def _path_setting(file: Path, table: Mapping[str, Any], key: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise PolicyError([Problem(str(file), 1, 1, ERROR, f"[tool.sevtriage] {key} must be a path (a string), "
                                                           f"not {json_term(value)}", "config")])
    if value.startswith(GIT_PREFIX):
        return value
    return str(file.parent / value)


def find_config(start: Path) -> Config | None:
    """The nearest ``[tool.sevtriage]`` (or ``sevtriage.toml``) from ``start`` upward."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            file = folder / name
            if not file.is_file():
                continue
            table = _table(file)
            if table is not None:
                return Config(file, _path_setting(file, table, "rules"), _path_setting(file, table, "fixtures"))
    return None


def discover(explicit: str | None, cwd: Path | None = None,
             environ: Mapping[str, str] | None = None) -> PolicyChoice:
    """The policy a command uses: ``--rules``, else ``SEVTRIAGE_RULES``, else the nearest
    configuration, else the bundled policy; the configured fixtures come along."""
    environ = os.environ if environ is None else environ
    config = find_config((cwd or Path.cwd()).resolve())
    fixtures = config.fixtures if config else None
    if explicit is not None:
        return PolicyChoice(explicit, "--rules", fixtures)
    if environ.get(ENV_VAR):
        return PolicyChoice(environ[ENV_VAR], f"from {ENV_VAR}", fixtures)
    if config is not None and config.rules is not None:
        return PolicyChoice(config.rules, f"from {config.file} [tool.sevtriage]", fixtures)
    return PolicyChoice(str(bundled_policy_path()), "bundled", fixtures)
