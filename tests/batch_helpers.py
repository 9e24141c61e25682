"""Shared helpers of the batch / engine-hardening tests (issue 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from sevtriage.engine.loader import load_policy_texts
from sevtriage.engine.policy import Policy
from sevtriage.resources import bundled_policy_path

ROOT = Path(__file__).resolve().parent.parent
SEVTRIAGE = str(Path(sys.executable).with_name("sevtriage"))


def policy_head() -> str:
    """The bundled policy's metadata file: levels, aliases, defaults, no rules."""
    return (bundled_policy_path() / "policy.yaml").read_text(encoding="utf-8")


def policy_with(rules_yaml: str) -> Policy:
    """The bundled levels and aliases with the given ``rules:``/``ceilings:`` YAML."""
    return load_policy_texts([("policy.yaml", policy_head()), ("rules.yaml", textwrap.dedent(rules_yaml))])


def rules_yaml(conditions: list[str], level: int = 2) -> str:
    """A ``rules:`` document with one rule per flow-style condition."""
    lines = ["rules:"]
    for number, condition in enumerate(conditions):
        lines += [f"  - id: R{number}", f"    level: {level}", f"    when: {condition}"]
    return "\n".join(lines) + "\n"


def run_python(code: str, timeout: float = 60, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter: where a trigger may segfault or hang, only the child does."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=ROOT)


def hangs(code: str, timeout: float) -> bool:
    try:
        run_python(code, timeout=timeout)
    except subprocess.TimeoutExpired:
        return True
    return False


def run_cli(*args: str, input: bytes | None = None, timeout: float = 120,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """The installed ``sevtriage`` script, as a user runs it."""
    return subprocess.run([SEVTRIAGE, *args], input=input, capture_output=True, timeout=timeout,
                          env=dict(os.environ, **(env or {})))


def jsonl(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]
