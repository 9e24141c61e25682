"""Shared test fixtures: the bundled policy and its classifier, loaded once.

durable_rules rulesets live for the whole process, so the suite shares one
classifier per policy instead of compiling the bundled policy in every test.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import hypothesis_profiles  # noqa: F401  (registers and loads the Hypothesis profile)
import pytest

from sevtriage.engine.classifier import Classifier
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.policy.loader import load_policy
from sevtriage.policy.model import Policy

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy(REPO / "rules")


@pytest.fixture(scope="session")
def classifier(policy: Policy) -> Classifier:
    return Classifier(policy)


@pytest.fixture(scope="session")
def reference_classifier(policy: Policy) -> Classifier:
    return Classifier(policy, ReferenceMatcher(policy))


@pytest.fixture(scope="session")
def plain_classifier(policy: Policy, classifier: Classifier) -> Classifier:
    """The bundled policy without its text detectors (classify --no-text-flags); same engine session."""
    return Classifier(policy, classifier.matcher, text_flags=False)


@pytest.fixture(scope="session")
def plain_reference_classifier(policy: Policy) -> Classifier:
    return Classifier(policy, ReferenceMatcher(policy), text_flags=False)


def sevtriage_command() -> list[str]:
    """The installed console script (the real thing a user runs)."""
    script = Path(sys.executable).with_name("sevtriage")
    if script.exists():
        return [str(script)]
    found = shutil.which("sevtriage")
    return [found] if found else [sys.executable, "-m", "sevtriage"]


def default_signals() -> None:
    """Run in the child between fork and exec: SIGINT and SIGHUP back to their default action.

    A test run started in the background from a non-interactive shell (``pytest &``, ``nohup``)
    has SIGINT (and under nohup SIGHUP) ignored, and an ignored signal stays ignored across exec,
    so the CLI would never see the Ctrl-C or hang-up a test sends it. The CLI must be started as
    a user's terminal starts it, whatever way the test run itself was started.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def start_cli(*args: str | Path, **popen: Any) -> subprocess.Popen[Any]:
    """The installed ``sevtriage`` script as a running process (for tests that signal it or read
    it while it runs); ``popen`` goes to :class:`subprocess.Popen`."""
    return subprocess.Popen([*sevtriage_command(), *map(str, args)], preexec_fn=default_signals, **popen)


def run_cli(*args: str | Path, input: bytes | str | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None, timeout: float = 120,
            text: bool = False) -> subprocess.CompletedProcess[Any]:
    """The one way tests run the installed ``sevtriage`` script, as a user runs it: output as
    bytes, or as text with ``text=True`` (the helper modules' runners all come here)."""
    data = input.decode("utf-8") if text and isinstance(input, bytes) else input
    if not text and isinstance(data, str):
        data = data.encode("utf-8")
    return subprocess.run([*sevtriage_command(), *map(str, args)], input=data, capture_output=True, text=text,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=timeout, check=False,
                          preexec_fn=default_signals)


@pytest.fixture(name="run_cli")
def run_cli_fixture() -> Callable[..., subprocess.CompletedProcess[Any]]:
    """Tests take ``run_cli`` as a fixture (helper modules import the function of the same name)."""
    return run_cli
