"""Which files of a policy folder are the policy (issue 9, item 6)."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, run_cli

from sevtriage.policy.loader import load_policy
from sevtriage.problems import PolicyError


@pytest.fixture
def rules_copy(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(REPO / "rules", folder)
    return folder


def test_a_dangling_policy_file_link_is_a_policy_error(rules_copy):
    level_1 = rules_copy / "level-1.yaml"
    level_1.unlink()
    level_1.symlink_to(rules_copy / "moved-away.yaml")
    with pytest.raises(PolicyError) as caught:
        load_policy(rules_copy)
    assert "level-1.yaml" in str(caught.value.problems[0])
    assert "does not exist" in caught.value.problems[0].message
    done = run_cli("classify", "--rules", str(rules_copy), input='{"id": "a"}\n')
    assert done.returncode == 2 and b"level-1.yaml" in done.stderr


def test_hidden_files_and_editor_backups_are_not_loaded(rules_copy):
    before = load_policy(rules_copy)
    broken = "rules: [{id: BROKEN, level: 9\n"  # would be a syntax error if read
    for name in (".level-1.yaml", ".#level-2.yaml", "level-1.yaml~", "level-3.yaml.swp"):
        (rules_copy / name).write_text(broken)
    after = load_policy(rules_copy)
    assert [r.id for r in after.rules] == [r.id for r in before.rules]
