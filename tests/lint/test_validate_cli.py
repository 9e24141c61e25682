"""sevtriage validate end to end: exit codes, formats, the bundled policy, a new user's policy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lint_helpers import CLEAN_RULES, HEADER, findings, invoke_cli, run_sevtriage, write_policy

from sevtriage.engine.classifier import Classifier
from sevtriage.lint.registry import all_checks
from sevtriage.policy.loader import load_policy

REPO = Path(__file__).resolve().parents[2]

# A new author's first policy: one contradictory condition, one shadowed rule, and a gap.
NEW_USER_POLICY = HEADER.replace("default: {level: 3}\n", "") + """\
rules:
  - id: L1-data-loss
    level: 1
    source: "N1: perte de données"
    when: {field: symptoms.data_loss, is: true}
  - id: L2-crash-without-crash
    level: 2
    source: "N2: crash"
    when:
      all:
        - {field: symptoms.crash_or_hang, is: true}
        - not: {field: symptoms.crash_or_hang, is: true}
  - id: L3-data-loss-no-impact
    level: 3
    source: "N3: impact minime"
    when:
      all:
        - {field: symptoms.data_loss, is: true}
        - {field: symptoms.operations_affected, is: false}
"""


NEW_RULE = """
  - id: L3-operation-question
    level: 3
    source: "N3: questions sur le fonctionnement du produit en exploitation"
    when:
      all:
        - {field: request_type, equals: question}
        - {field: phase, equals: operation}
"""


def test_new_user_gets_one_precise_finding_each(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(NEW_USER_POLICY, encoding="utf-8")
    done = run_sevtriage("validate", "--format", "json", str(path))
    assert done.returncode == 1, done.stderr
    problems = json.loads(done.stdout)["policies"][0]["problems"]
    by_id: dict[str, list[dict]] = {}
    for p in problems:
        by_id.setdefault(p["check_id"], []).append(p)
    assert set(by_id) == {"never-true", "never-decides", "gap", "default-missing"}  # no default: section
    assert all(len(found) == 1 for found in by_id.values())
    (never_true,) = by_id["never-true"]
    assert (never_true["line"], never_true["column"], never_true["level"]) == (16, 7, "error")
    assert "L2-crash-without-crash" in never_true["message"]
    (shadowed,) = by_id["never-decides"]
    assert (shadowed["line"], shadowed["column"], shadowed["level"]) == (19, 5, "warning")
    assert "L1-data-loss" in shadowed["message"]
    (gap,) = by_id["gap"]
    assert gap["level"] == "info" and gap["witness"] == {"id": "gap"}
    classifier = Classifier(load_policy(path))
    witness = classifier.classify(shadowed["witness"])
    assert "L3-data-loss-no-impact" in witness["matched_rules"] and witness["severity"] == 1
    assert classifier.classify(gap["witness"])["basis"] == "default"


def test_new_user_text_output_is_file_line_col(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(NEW_USER_POLICY, encoding="utf-8")
    done = run_sevtriage("validate", str(path))
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{path}:1:1: warning: the policy has no default section")
    assert lines[1].startswith(f"{path}:7:1: info: some tickets match no rule")
    assert any(line.startswith(f"{path}:16:7: error: the condition of rule L2-crash-without-crash can never "
                               "be true") for line in lines)
    assert any(line.startswith(f"{path}:19:5: warning: rule L3-data-loss-no-impact (Level 3) can never decide")
               for line in lines)
    witness = lines[lines.index(next(l for l in lines if "(never-decides)" in l)) + 1]
    assert json.loads(witness.removeprefix("    witness: ")) == {
        "id": "never-decides-L3-data-loss-no-impact",
        "symptoms": {"data_loss": True, "operations_affected": False}}
    assert "1 error, 2 warnings, 1 info" in done.stderr


def test_bundled_policy_has_no_errors_or_warnings() -> None:
    done = run_sevtriage("validate", "--strict", "--format", "json")
    assert done.returncode == 0, done.stdout
    report = json.loads(done.stdout)
    assert report["counts"]["error"] == 0 and report["counts"]["warning"] == 0
    # Its rules split each field's values without overlap; only the default's gap is reported.
    assert {p["check_id"] for p in report["policies"][0]["problems"]} == {"gap"}


def test_a_new_rule_overlapping_the_bundled_ones(tmp_path: Path) -> None:
    """The walkthrough of docs/writing-rules.md: one overlap, with a witness matching both rules."""
    rules = tmp_path / "rules"
    rules.mkdir()
    for source in (REPO / "rules").glob("*.yaml"):
        (rules / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    with open(rules / "level-3.yaml", "a", encoding="utf-8") as handle:
        handle.write(NEW_RULE)
    done = run_sevtriage("validate", "--format", "json", str(rules))
    assert done.returncode == 0, done.stdout
    (overlap,) = [p for p in json.loads(done.stdout)["policies"][0]["problems"] if p["check_id"] == "overlap"]
    assert overlap["file"].endswith("level-4.yaml") and "L3-operation-question" in overlap["message"]
    matched = Classifier(load_policy(rules)).classify(overlap["witness"])["matched_rules"]
    assert matched == ["L3-operation-question", "L4-general-question"]


@pytest.mark.parametrize(("body", "strict", "status"), [
    (CLEAN_RULES, False, 0),
    (CLEAN_RULES.replace('source: "N1: crash", ', ""), False, 0),   # a warning only
    (CLEAN_RULES.replace('source: "N1: crash", ', ""), True, 1),    # ... fails with --strict
    (CLEAN_RULES.replace("level: 2\n", "level: 7\n"), False, 1),    # undefined level: error
    ("rules: [\n", False, 2),                                      # YAML syntax: cannot be read
])
def test_exit_status(tmp_path: Path, body: str, strict: bool, status: int) -> None:
    path = write_policy(tmp_path, body)
    result = invoke_cli("validate", *(["--strict"] if strict else []), str(path))
    assert result.exit_code == status, result.output


def test_missing_path_exits_2(tmp_path: Path) -> None:
    result = invoke_cli("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "no such file or folder (read)" in result.output


def test_min_level_hides_but_still_counts(tmp_path: Path) -> None:
    path = write_policy(tmp_path, CLEAN_RULES.replace('source: "N1: crash", ', ""))
    result = invoke_cli("validate", "--min-level", "error", "--strict", str(path))
    assert result.exit_code == 1 and "(missing-source)" not in result.stdout


def test_sarif(tmp_path: Path) -> None:
    path = write_policy(tmp_path, CLEAN_RULES.replace('source: "N1: crash", ', ""))
    document = json.loads(invoke_cli("validate", "--format", "sarif", str(path)).stdout)
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {c.id for c in all_checks()}
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"missing-source": "warning", "gap": "note"}
    gap = next(r for r in run["results"] if r["ruleId"] == "gap")
    assert gap["properties"]["witness"] == {"id": "gap"}
    assert gap["locations"][0]["physicalLocation"]["region"]["startLine"] == 7


def test_github_annotations(tmp_path: Path) -> None:
    path = write_policy(tmp_path, CLEAN_RULES.replace('source: "N1: crash", ', ""))
    lines = invoke_cli("validate", "--format", "github", str(path)).stdout.splitlines()
    assert lines[0].startswith(f"::notice file={path},line=7,col=1,title=gap::some tickets match no rule")
    assert "%0Awitness: {\"id\": \"gap\"}" in lines[0]
    assert lines[1].startswith(f"::warning file={path},line=9,col=5,title=missing-source::rule L1-crash has no source")


def test_pre_commit_hook_is_declared() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "sevtriage-validate"]
    assert hook["entry"].split()[:2] == ["sevtriage", "validate"]
    assert hook["pass_filenames"] is False


def test_pre_commit_warnings_are_visible_or_fail() -> None:
    """Issue 8: pre-commit hides passing hooks' output, so warnings were invisible."""
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["sevtriage-validate"]["verbose"] is True
    strict = hooks["sevtriage-validate-strict"]
    assert strict["entry"].split() == ["sevtriage", "validate", "--strict"] and strict["pass_filenames"] is False


def test_a_policy_without_default_gets_a_warning(tmp_path: Path) -> None:
    body = HEADER.replace("default: {level: 3}\n", "") + CLEAN_RULES
    path = tmp_path / "policy.yaml"
    path.write_text(body, encoding="utf-8")
    (problem,) = [p for p in findings(path) if p.check_id == "default-missing"]
    assert problem.level == "warning" and (problem.line, problem.column) == (1, 1)
    assert "gets Level 3 (implied)" in problem.message
    assert not [p for p in findings(write_policy(tmp_path, CLEAN_RULES)) if p.check_id == "default-missing"]


def test_sarif_uris_are_percent_encoded(tmp_path: Path) -> None:
    folder = tmp_path / "odd dir,v2:x"
    folder.mkdir()
    path = write_policy(folder, CLEAN_RULES.replace('source: "N1: crash", ', ""))
    done = run_sevtriage("validate", "--format", "sarif", str(path))
    document = json.loads(done.stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in document["runs"][0]["results"]}
    assert uris == {path.as_uri()} and "odd%20dir%2Cv2%3Ax" in path.as_uri()
    relative = run_sevtriage_in(folder, "validate", "--format", "sarif", "policy.yaml")
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(relative.stdout)["runs"][0]["results"]} == {"policy.yaml"}


def run_sevtriage_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "sevtriage"
    return subprocess.run([str(script), *args], capture_output=True, text=True, timeout=120, cwd=cwd, check=False)
