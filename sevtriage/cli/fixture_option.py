"""Fixture paths for the commands that read fixtures (test, diff): found, loaded and selected, or exit 2."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from sevtriage.cli.policy_option import EXIT_USAGE
from sevtriage.policy.discovery import find_config
from sevtriage.problems import PolicyError
from sevtriage.regression.fixture_run import select
from sevtriage.regression.fixtures import Fixture, load_fixtures
from sevtriage.wording import counted

DEFAULT_FIXTURES = Path("fixtures")


def fail_fixtures(message: str, problems: Iterable[str] = ()) -> NoReturn:
    """Exit 2: fixtures that cannot be read, or none to run, are never a pass."""
    for line in problems:
        click.echo(line, err=True)
    click.echo(f"sevtriage: {message}", err=True)
    sys.exit(EXIT_USAGE)


def fixture_paths(paths: tuple[Path, ...]) -> list[Path]:
    """The paths given, else the nearest ``[tool.sevtriage]`` fixtures, else ``./fixtures``."""
    if paths:
        return list(paths)
    try:
        config = find_config(Path.cwd().resolve())
    except PolicyError as error:
        fail_fixtures("the configuration cannot be read", [str(p) for p in error.problems])
    if config is not None and config.fixtures is not None:
        return [Path(config.fixtures)]
    if DEFAULT_FIXTURES.is_dir():
        return [DEFAULT_FIXTURES]
    fail_fixtures("no PATH given and no fixtures/ folder in the current folder")


def load_selected(paths: list[Path], patterns: tuple[str, ...]) -> list[Fixture]:
    try:
        fixtures = load_fixtures(paths)
    except PolicyError as error:
        count = len(error.problems)
        fail_fixtures(f"the fixtures cannot be loaded ({counted(count, 'problem')})",
                      [str(problem) for problem in error.problems])
    where = ", ".join(str(p) for p in paths)
    if not fixtures:
        fail_fixtures(f"no fixtures found in {where}")
    chosen = select(fixtures, patterns)
    if not chosen:
        fail_fixtures(f"no fixture id matches -k {' / '.join(patterns)} "
                      f"({counted(len(fixtures), 'fixture')} in {where})")
    return chosen
