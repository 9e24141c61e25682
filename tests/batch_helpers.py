"""Shared helpers of the batch / engine-hardening tests (issue 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import conftest

from sevtriage.policy.loader import load_policy_texts
from sevtriage.policy.model import Policy
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
    """conftest's ``run_cli`` (bytes in and out)."""
    return conftest.run_cli(*args, input=input, timeout=timeout, env=env)


def read_terminal(master: int) -> bytes:
    """Everything written to a pseudo-terminal until its other side is closed (EIO on Linux)."""
    seen = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        seen += data
    return seen


def jsonl(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def peak_rss_of_cli(*args: str, timeout: float = 600) -> tuple[int, int]:
    """(exit status, peak RSS in KiB) of one ``sevtriage`` run, measured by a fresh parent.

    ``ru_maxrss`` of RUSAGE_CHILDREN is the largest of all children ever waited
    for, so a fresh interpreter runs the command alone and reports it.
    """
    code = f"""
        import resource, subprocess, sys
        done = subprocess.run({[SEVTRIAGE, *args]!r}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """
    status, rss = run_python(code, timeout=timeout).stdout.split()
    return int(status), int(rss)


def synthetic_file(path: Path, count: int, seed: int = 1) -> Path:
    """``count`` benchmark tickets (bench/synthetic.py) as JSON Lines at ``path``."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from synthetic import write_jsonl
    finally:
        sys.path.pop(0)
    with path.open("w", encoding="utf-8") as out:
        write_jsonl(out, count, seed)
    return path
