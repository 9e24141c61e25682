"""Shared helpers for the validate / explain tests: small policies written to tmp_path."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from conftest import run_cli

from sevtriage.cli.main import cli
from sevtriage.lint.run import validate_path
from sevtriage.problems import Problem

HEADER = """\
policy: {name: test-policy, version: "1"}
levels:
  - {level: 1, name: critical, response_target: PT2H}
  - {level: 2, name: important, response_target: PT6H}
  - {level: 3, name: minimal, response_target: PT12H}
  - {level: 4, name: symbolic, response_target: PT24H}
default: {level: 3}
"""

CLEAN_RULES = """\
rules:
  - {id: L1-crash, level: 1, source: "N1: crash", when: {field: symptoms.crash_or_hang, is: true}}
  - id: L2-unstable
    level: 2
    source: "N2: unstable"
    when:
      all:
        - {field: symptoms.unstable, is: true}
        - not: {field: symptoms.crash_or_hang, is: true}
"""


def write_policy(tmp_path: Path, body: str, name: str = "policy.yaml", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def findings(path: Path, check_id: str | None = None) -> list[Problem]:
    problems = validate_path(path).problems
    return [p for p in problems if check_id is None or p.check_id == check_id]


def invoke_cli(*args: str, input: str | None = None) -> Any:
    """The CLI in this process (click's runner): for tests that need no real process."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def run_sevtriage(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    """The installed ``sevtriage`` script, end to end, with text output."""
    return run_cli(*args, input=input, text=True)


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]
