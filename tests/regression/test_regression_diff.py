"""``sevtriage diff``: two policies in one process, the report formats, and policies from git."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from regression_helpers import (
    BUNDLED_FIXTURES,
    BUNDLED_RULES,
    copy_policy_with_level,
    last_line,
    run_cli,
)

from sevtriage.engine.classifier import Classifier
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.policy.loader import load_policy
from sevtriage.regression.fixtures import load_fixtures
from sevtriage.regression.policy_diff import diff_policies
from sevtriage.tickets.records import InputRecord

SUMMARY_FAILED = re.compile(r"^\d+ passed, [1-9]\d* failed$")


def reference_severities(policy_path: Path) -> dict[str, int]:
    """The oracle: fixture ticket id -> severity under the pure-Python reference evaluator."""
    policy = load_policy(policy_path)
    classifier = Classifier(policy, ReferenceMatcher(policy))
    return {f.ticket["id"]: classifier.classify(f.ticket)["severity"] for f in load_fixtures([BUNDLED_FIXTURES])}


def test_two_rulesets_side_by_side_do_not_interfere(tmp_path):
    """Same rule names (r1, r2, ...) in both rulesets, different conditions and levels,
    classified interleaved ticket by ticket: each matches its own reference evaluator."""
    head_path = copy_policy_with_level(tmp_path / "head", "L1-crash-hang", 3)
    level2 = head_path / "level-2.yaml"
    level2.write_text(level2.read_text(encoding="utf-8").replace(
        "when: {field: symptoms.unstable, is: true}", "when: {field: symptoms.unstable, is: false}"), encoding="utf-8")
    base, head = load_policy(BUNDLED_RULES), load_policy(head_path)
    engines = [Classifier(base), Classifier(head)]
    oracles = [Classifier(base, ReferenceMatcher(base)), Classifier(head, ReferenceMatcher(head))]
    tickets = [f.ticket for f in load_fixtures([BUNDLED_FIXTURES])]
    tickets += [{"id": "flip", "symptoms": {"unstable": False}}, {"id": "on", "symptoms": {"unstable": True}}]
    differing = 0
    for ticket in tickets:
        for engine, oracle in zip(engines, oracles):
            assert engine.classify(ticket) == oracle.classify(ticket), ticket["id"]
        differing += engines[0].classify(ticket)["matched_rules"] != engines[1].classify(ticket)["matched_rules"]
    assert differing >= 3  # the two rulesets really answer differently
    records = [InputRecord("t", i, t) for i, t in enumerate(tickets, 1)]
    diff = diff_policies(base, head, records)
    assert {c.id for c in diff.changes} == {
        t["id"] for t in tickets if oracles[0].classify(t)["severity"] != oracles[1].classify(t)["severity"]}


def test_new_user_changes_one_rule_level(tmp_path):
    """Done-when of issue 4: a copy of the policy with one rule's level changed."""
    changed = copy_policy_with_level(tmp_path / "my-policy", "L1-crash-hang", 2)

    tested = run_cli("test", BUNDLED_FIXTURES, "--rules", changed)
    assert tested.returncode == 1
    assert re.search(r"FAIL L1-crash-hang/minimal  .*level1\.yaml:\d+\n    severity  expected 1\n"
                     r"              actual   2\n    decided by: L1-crash-hang \(Level 2", tested.stdout), tested.stdout
    assert SUMMARY_FAILED.match(last_line(tested.stdout))

    before, after = reference_severities(BUNDLED_RULES), reference_severities(changed)
    moved = {ticket_id for ticket_id in before if before[ticket_id] != after[ticket_id]}
    assert moved and all((before[t], after[t]) == (1, 2) for t in moved)
    diffed = run_cli("diff", "--base", BUNDLED_RULES, "--head", changed, "--fixtures", BUNDLED_FIXTURES,
                     "--format", "json", "--fail-on-change")
    assert diffed.returncode == 1
    report = json.loads(diffed.stdout)
    assert {c["id"] for c in report["changes"]} == moved
    assert all(c["base"]["decided_by"] == c["head"]["decided_by"] == "L1-crash-hang" for c in report["changes"])
    matrix = {(cell["base"], cell["head"]): cell["count"] for cell in report["matrix"]}
    expected = {}
    for ticket_id in before:
        key = (before[ticket_id], after[ticket_id])
        expected[key] = expected.get(key, 0) + 1
    assert matrix == expected
    text = run_cli("diff", "--base", BUNDLED_RULES, "--head", changed, "--fixtures", BUNDLED_FIXTURES)
    assert text.returncode == 0
    assert f"{len(moved)} changed level" in text.stdout
    assert sum("Level 1 -> 2  base: L1-crash-hang  head: L1-crash-hang" in line
               for line in text.stdout.splitlines()) == len(moved)

    # With the original policy (an unchanged copy) both are clean.
    original = shutil.copytree(BUNDLED_RULES, tmp_path / "original")
    assert run_cli("test", BUNDLED_FIXTURES, "--rules", original).returncode == 0
    clean = run_cli("diff", "--base", BUNDLED_RULES, "--head", original, "--fixtures", BUNDLED_FIXTURES,
                    "--format", "json", "--fail-on-change")
    assert clean.returncode == 0
    report = json.loads(clean.stdout)
    assert report["changes"] == [] and all(c["base"] == c["head"] for c in report["matrix"])
    assert report["same_level"] == {"matched_rules_changed": 0, "applied_caps_changed": 0}


def test_same_level_changes_and_error_records_are_counted_apart(tmp_path):
    head = copy_policy_with_level(tmp_path / "head", "L2-unstable", 1)  # unstable + crash: same level 1
    tickets = tmp_path / "t.jsonl"
    tickets.write_text("\n".join([
        json.dumps({"id": "same", "symptoms": {"crash_or_hang": True, "unstable": True}}),
        json.dumps({"id": "capped", "technology": "mssql", "symptoms": {"unstable": True}}),
        json.dumps({"id": "moved", "symptoms": {"unstable": True}}),
        json.dumps({"symptoms": {}}),
        "not json",
    ]) + "\n", encoding="utf-8")
    done = run_cli("diff", "--base", BUNDLED_RULES, "--head", head, tickets, "--format", "json")
    assert done.returncode == 0
    report = json.loads(done.stdout)
    assert report["classified"] == 3 and report["errors"] == {"both": 2, "base_only": 0, "head_only": 0}
    # "capped": Level 2 -> 1 -> capped to 2 again: a ceiling now applies, same level.
    assert report["same_level"] == {"matched_rules_changed": 0, "applied_caps_changed": 1}
    (change,) = report["changes"]
    assert (change["id"], change["line"], change["base"]["severity"], change["head"]["severity"]) == ("moved", 3, 2, 1)
    assert change["file"] == str(tickets)


def test_tickets_from_stdin_and_markdown(tmp_path):
    head = copy_policy_with_level(tmp_path / "head", "L4-advice", 3)
    stdin = json.dumps([{"id": "a|b", "request_type": "advice"}, {"id": "c", "request_type": "enhancement"}])
    done = run_cli("diff", "--base", BUNDLED_RULES, "--head", head, "--format", "markdown", stdin=stdin)
    assert done.returncode == 0
    out = done.stdout
    assert "| **Level 4** | 0 | 0 | **1** | 1 |" in out
    assert "| `a\\|b` | <stdin>:1 | 4 | 3 | L4-advice | L4-advice |" in out
    assert "**2 tickets classified, 1 changed level, 0 not classified**" in out


def test_an_unreadable_policy_exits_2(tmp_path):
    done = run_cli("diff", "--base", tmp_path / "nope", "--head", BUNDLED_RULES, stdin="")
    assert done.returncode == 2 and "no such file or folder" in done.stderr
    assert run_cli("diff", "--head", BUNDLED_RULES, stdin="").returncode == 2  # --base is required


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(cwd), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def policy_repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(BUNDLED_RULES, repo / "rules")
    (repo / "tickets.jsonl").write_text(
        json.dumps({"id": "crash", "symptoms": {"crash_or_hang": True}}) + "\n"
        + json.dumps({"id": "slow", "symptoms": {"performance": "minor"}}) + "\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "policy")
    level1 = repo / "rules" / "level-1.yaml"
    level1.write_text(level1.read_text(encoding="utf-8").replace(
        "  - id: L1-crash-hang\n    level: 1", "  - id: L1-crash-hang\n    level: 2"), encoding="utf-8")
    return repo


def test_git_history_against_the_working_copy(policy_repo):
    done = run_cli("diff", "--base", "git:HEAD:rules", "--head", "rules", "tickets.jsonl", "--format", "json",
                   cwd=policy_repo)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [(c["id"], c["base"]["severity"], c["head"]["severity"]) for c in report["changes"]] == [("crash", 1, 2)]
    assert report["base"]["spec"] == "git:HEAD:rules" and report["base"]["hash"] != report["head"]["hash"]
    # PATH is relative to the current folder, and a single file works too.
    sub = policy_repo / "rules"
    same = run_cli("diff", "--base", "git:main:.", "--head", "git:HEAD:../rules", "../tickets.jsonl", "--format",
                   "json", cwd=sub)
    assert same.returncode == 0, same.stderr
    assert json.loads(same.stdout)["changes"] == []


def test_git_problems_point_at_the_file_in_history(policy_repo):
    git(policy_repo, "add", ".")
    git(policy_repo, "commit", "-q", "-m", "broken")
    (policy_repo / "rules" / "level-1.yaml").write_text("rules: [\n", encoding="utf-8")
    git(policy_repo, "commit", "-q", "-am", "broken yaml")
    done = run_cli("diff", "--base", "git:HEAD:rules", "--head", "git:HEAD~1:rules", "tickets.jsonl", cwd=policy_repo)
    assert done.returncode == 2
    assert re.search(r"^git:HEAD:rules/level-1\.yaml:\d+:\d+: error", done.stderr, re.M), done.stderr


@pytest.mark.parametrize("spec, message", [
    ("git:no-such-rev:rules", 'no revision "no-such-rev"'),
    ("git:HEAD:no-such-folder", "no file or folder no-such-folder at HEAD"),
    ("git:HEAD", "expected git:REV:PATH"),
])
def test_git_spec_errors_exit_2_with_a_clear_message(policy_repo, spec, message):
    done = run_cli("diff", "--base", spec, "--head", "rules", "tickets.jsonl", cwd=policy_repo)
    assert done.returncode == 2
    assert message in done.stderr


def test_git_outside_a_repository_exits_2(tmp_path):
    outside = tmp_path / "plain"
    outside.mkdir()
    done = run_cli("diff", "--base", "git:HEAD:rules", "--head", BUNDLED_RULES, stdin="", cwd=outside)
    assert done.returncode == 2
    assert "not a git repository" in done.stderr
