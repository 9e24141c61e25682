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
import re
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


@dataclass(frozen=True)
class _Settings:
    """The sevtriage table of one config file, with what is needed to point at a bad value:
    the file's text and the dotted prefix of the table's keys (``tool.sevtriage.`` or none)."""

    file: Path
    table: Mapping[str, Any]
    text: str
    prefix: str


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = " (at end of document)"


def _toml_error(file: Path, text: str, exc: Exception) -> Problem:
    """A TOML syntax error at the line and column tomllib gives (in its message on Python 3.11,
    as attributes from 3.14; "at end of document": after the last character), else at the start."""
    message = str(getattr(exc, "msg", None) or exc)
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    found = _TOML_POSITION.search(message)
    if found is not None:
        message = message[:found.start()]
        line, column = line or int(found.group(1)), column or int(found.group(2))
    elif message.endswith(_TOML_END):
        message = message[:-len(_TOML_END)] + " at the end of the file"
        lines = text.split("\n")
        line, column = line or len(lines), column or len(lines[-1]) + 1
    return Problem(str(file), line or 1, column or 1, ERROR, f"not valid TOML: {message}", "config")


def _table(file: Path) -> _Settings | None:
    """The sevtriage settings of one config file, or None when it has none."""
    import tomllib  # only where a config file exists (start-up)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError([Problem(str(file), 1, 1, ERROR, f"cannot read: {exc}", "config")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError([_toml_error(file, text, exc)]) from None
    tool = data.get("tool")
    table = tool.get("sevtriage") if isinstance(tool, dict) else None
    prefix = "tool.sevtriage."
    if table is None and file.name == "sevtriage.toml":
        table, prefix = data, ""
    return _Settings(file, table, text, prefix) if isinstance(table, dict) else None


def _dotted(key: str) -> str:
    """A TOML key or table name without spaces or quotes: ``tool . "sevtriage"`` -> ``tool.sevtriage``."""
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


_HEADER = re.compile(r"^\s*\[\[?([^\]]+)\]")
_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=\s*""")


def _value_position(settings: _Settings, key: str) -> tuple[int, int]:
    """Where the value of ``key`` starts in the config file (1-based line and column); the file's
    start when it cannot be found (a key inside a multi-line value, say). A scan of the lines, not
    a TOML parser: tomllib gives no positions."""
    wanted = settings.prefix + key
    table = ""
    for number, line in enumerate(settings.text.splitlines(), 1):
        header = _HEADER.match(line)
        if header is not None:
            table = _dotted(header.group(1))
            continue
        assignment = _KEY.match(line)
        if assignment is not None:
            full = _dotted(assignment.group(1)) if not table else f"{table}.{_dotted(assignment.group(1))}"
            if full == wanted:
                return number, assignment.end() + 1
    return 1, 1


def _path_setting(settings: _Settings, key: str) -> str | None:
    file, value = settings.file, settings.table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        line, column = _value_position(settings, key)
        raise PolicyError([Problem(str(file), line, column, ERROR, f"[tool.sevtriage] {key} must be a path "
                                                                   f"(a string), not {json_term(value)}", "config")])
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
            settings = _table(file)
            if settings is not None:
                return Config(file, _path_setting(settings, "rules"), _path_setting(settings, "fixtures"))
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
