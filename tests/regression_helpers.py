"""Shared helpers for the ``sevtriage test`` / ``sevtriage diff`` tests (no conftest by rule)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import conftest
import yaml

REPO = Path(__file__).resolve().parents[1]
BUNDLED_RULES = REPO / "rules"
BUNDLED_FIXTURES = REPO / "fixtures"


def run_cli(*args: str | Path, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """conftest's ``run_cli`` with text output (the regression tests read lines)."""
    return conftest.run_cli(*args, input=stdin, cwd=cwd, text=True)


def last_line(text: str) -> str:
    return text.rstrip("\n").splitlines()[-1]


def write_fixtures(path: Path, fixtures: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"fixtures": fixtures}, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def fixture(fixture_id: str, symptoms: dict[str, Any], severity: int, **extra: Any) -> dict[str, Any]:
    """A small fixture: a ticket with ``symptoms`` expected at ``severity``."""
    ticket = {"id": fixture_id.upper(), "symptoms": symptoms, **extra.pop("ticket", {})}
    out: dict[str, Any] = {"id": fixture_id, "ticket": ticket, "expect": {"severity": severity, **extra.pop("expect", {})}}
    out.update(extra)
    return out


def copy_policy_with_level(target: Path, rule_id: str, level: int) -> Path:
    """A copy of the bundled policy in which ``rule_id`` proposes ``level`` (edited as text)."""
    shutil.copytree(BUNDLED_RULES, target)
    for file in target.glob("*.yaml"):
        text = file.read_text(encoding="utf-8")
        marker = f"  - id: {rule_id}\n    level: "
        if marker in text:
            start = text.index(marker) + len(marker)
            end = text.index("\n", start)
            file.write_text(text[:start] + str(level) + text[end:], encoding="utf-8")
            return target
    raise AssertionError(f"rule {rule_id} not found in the bundled policy")
