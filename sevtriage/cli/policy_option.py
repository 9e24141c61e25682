"""The ``--rules`` option shared by every subcommand, and its failure mode.

A policy that cannot be loaded prints every problem as ``file:line:col: ...``
on stderr and exits 2: never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click
from click.shell_completion import CompletionItem

from sevtriage.engine.compiler import compile_policy
from sevtriage.policy.discovery import discover
from sevtriage.policy.model import Policy
from sevtriage.policy.source import load_policy_spec
from sevtriage.problems import PolicyError
from sevtriage.wording import counted

EXIT_USAGE = 2


def complete_path(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Let the shell complete file and folder names (a ``git:`` spec is typed by hand)."""
    return [CompletionItem(incomplete, type="file")]


def rules_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--rules", "rules_path", metavar="PATH|git:REV:PATH", default=None, shell_complete=complete_path,
        help="Policy YAML file or folder, or one read from git history (default: $SEVTRIAGE_RULES, "
             "else the nearest [tool.sevtriage] rules in pyproject.toml or sevtriage.toml, else the "
             "bundled policy).",
    )(function)


def fail_policy(error: PolicyError) -> NoReturn:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.echo(f"sevtriage: the policy cannot be loaded ({counted(count, 'problem')})",
               err=True)
    sys.exit(EXIT_USAGE)


def load_or_exit(spec: str | None) -> Policy:
    """The policy named by ``spec`` (a path or ``git:REV:PATH``; bundled when None), compiled
    for the engine, or exit 2 with its problems (the engine's limits included)."""
    try:
        choice = discover(spec)
        policy = load_policy_spec(choice.spec)
        policy.origin = choice.describe()
        compile_policy(policy)  # kept on the policy: every later use reuses it
        return policy
    except PolicyError as error:
        fail_policy(error)
