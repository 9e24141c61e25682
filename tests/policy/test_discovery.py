"""Which policy a command uses without --rules (issue 8, item 6), and that it says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sevtriage.policy.discovery import ENV_VAR, discover, find_config
from sevtriage.problems import PolicyError
from sevtriage.resources import bundled_policy_path

REPO = Path(__file__).resolve().parents[2]


def test_order_rules_then_environment_then_config_then_bundled(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.sevtriage]\nrules = "policy"\nfixtures = "cases"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    choice = discover("mine.yaml", deep, {ENV_VAR: "env-rules"})
    assert (choice.spec, choice.origin) == ("mine.yaml", "--rules")
    assert discover(None, deep, {ENV_VAR: "git:main:rules"}).spec == "git:main:rules"
    choice = discover(None, deep, {})
    assert choice.spec == str(tmp_path / "policy") and choice.fixtures == str(tmp_path / "cases")
    assert choice.origin == f"from {tmp_path / 'pyproject.toml'} [tool.sevtriage]"
    empty = tmp_path.parent / (tmp_path.name + "-empty")
    empty.mkdir()
    assert discover(None, empty, {}).spec == str(bundled_policy_path())


def test_the_nearest_config_wins_and_pyproject_without_the_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "sevtriage.toml").write_text('rules = "outer"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no [tool.sevtriage]: keep looking
    config = find_config(inner)
    assert config is not None and config.file == tmp_path / "sevtriage.toml"
    (inner / "sevtriage.toml").write_text('[tool.sevtriage]\nrules = "near"\n')
    config = find_config(inner)
    assert config is not None and config.rules == str(inner / "near")


def test_a_broken_config_is_a_policy_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.sevtriage\n")
    with pytest.raises(PolicyError) as caught:
        discover(None, tmp_path, {})
    assert str(tmp_path / "pyproject.toml") in str(caught.value)
    (tmp_path / "pyproject.toml").write_text("[tool.sevtriage]\nrules = 3\n")
    with pytest.raises(PolicyError, match="must be a path"):
        discover(None, tmp_path, {})


@pytest.mark.parametrize(("name", "text", "where"), [
    ("sevtriage.toml", '[tool.sevtriage]\nrules = 5\n', (2, 9)),
    ("sevtriage.toml", '# settings\nfixtures = "f"\n  "rules"  =   ""\n', (3, 16)),  # top level, quoted key
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool]\nsevtriage.fixtures = []\n', (5, 22)),
    ("pyproject.toml", 'tool.sevtriage.rules = 5\n', (1, 24)),
    ("pyproject.toml", '[tool.sevtriage\nrules = "r"\n', (1, 16)),  # where tomllib says
    ("pyproject.toml", '[tool.sevtriage]\nrules = ', (2, 9)),  # at the end of the file
])
def test_a_config_error_is_at_the_line_and_column_of_the_bad_value(
        tmp_path: Path, name: str, text: str, where: tuple[int, int]) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        discover(None, tmp_path, {})
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column) == (str(tmp_path / name), *where)
    assert "(at line" not in problem.message


def _sevtriage(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("sevtriage")
    full_env = {k: v for k, v in os.environ.items() if k != ENV_VAR} | (env or {})
    return subprocess.run([str(script), *args], cwd=cwd, capture_output=True, text=True, env=full_env,
                          timeout=120, check=False)


def test_a_checkout_tests_its_own_edited_rules(tmp_path: Path) -> None:
    """The issue's new user: edits rules/level-1.yaml in a checkout, runs `sevtriage test fixtures/`."""
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    shutil.copytree(REPO / "fixtures", tmp_path / "fixtures")
    (tmp_path / "pyproject.toml").write_text('[tool.sevtriage]\nrules = "rules"\nfixtures = "fixtures"\n')
    level1 = tmp_path / "rules" / "level-1.yaml"
    level1.write_text(level1.read_text(encoding="utf-8").replace("level: 1", "level: 2"), encoding="utf-8")
    done = _sevtriage("test", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr  # the edit is what is tested
    assert done.stdout.startswith(f"Testing policy ragnarokkr-support-severity 2026.1 from {tmp_path / 'rules'} "
                                  f"(from {tmp_path / 'pyproject.toml'} [tool.sevtriage])")
    bundled = _sevtriage("test", "--rules", str(bundled_policy_path()), cwd=tmp_path)
    assert bundled.returncode == 0, bundled.stdout + bundled.stderr
    env = _sevtriage("classify", "--jobs", "1", cwd=tmp_path, env={ENV_VAR: str(REPO / "rules")})
    assert f"from {REPO / 'rules'} (from {ENV_VAR})" in env.stderr


def test_validate_takes_rules_and_git_revisions() -> None:
    done = _sevtriage("validate", "--rules", "git:HEAD:rules", "--min-level", "error", cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 policy, git:HEAD:rules (--rules)" in done.stderr
    both = _sevtriage("validate", "--rules", "rules", "rules", cwd=REPO)
    assert both.returncode == 2 and "not both" in both.stderr


def test_schema_with_rules_narrows_the_levels() -> None:
    done = _sevtriage("schema", "ticket", "--rules", str(REPO / "rules"), cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert '"enum": [\n        1,\n        2,\n        3,\n        4\n      ]' in done.stdout
    plain = _sevtriage("schema", "ticket", cwd=REPO)
    assert plain.stdout == (REPO / "sevtriage" / "schemas" / "ticket.schema.json").read_text(encoding="utf-8")
