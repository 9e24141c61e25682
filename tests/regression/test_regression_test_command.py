"""``sevtriage test`` end to end: every exit code, the summary line, todo, JUnit and JSON."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from regression_helpers import (
    BUNDLED_FIXTURES,
    BUNDLED_RULES,
    copy_policy_with_level,
    fixture,
    last_line,
    run_cli,
    write_fixtures,
)

from sevtriage.regression.fixtures import load_fixtures

SUMMARY = re.compile(r"^(\d+) passed, (\d+) failed(, (\d+) todo)?$")


def test_bundled_fixtures_pass_with_full_decisive_coverage(tmp_path):
    """The project's own CI gate: every rule and ceiling decides some fixture."""
    junit = tmp_path / "reports" / "junit.xml"
    done = run_cli("test", BUNDLED_FIXTURES, "--coverage-min", "1.0", "--junit", junit)
    assert done.returncode == 0, done.stdout + done.stderr
    count = len(load_fixtures([BUNDLED_FIXTURES]))
    assert last_line(done.stdout) == f"{count} passed, 0 failed"
    assert "Decisive coverage: 24/24" in done.stdout
    assert ET.parse(junit).getroot().find("testsuite").get("tests") == str(count)


def test_default_path_is_the_fixtures_folder_of_the_current_folder(tmp_path):
    write_fixtures(tmp_path / "fixtures" / "one.yaml", [fixture("one", {"crash_or_hang": True}, 1)])
    done = run_cli("test", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert last_line(done.stdout) == "1 passed, 0 failed"


def test_no_path_and_no_fixtures_folder_exits_2(tmp_path):
    done = run_cli("test", cwd=tmp_path)
    assert done.returncode == 2
    assert "no fixtures/ folder" in done.stderr


def test_zero_fixtures_found_is_an_error_not_a_pass(tmp_path):
    (tmp_path / "empty").mkdir()
    done = run_cli("test", tmp_path / "empty")
    assert done.returncode == 2
    assert "no fixtures found" in done.stderr
    write_fixtures(tmp_path / "none.yaml", [])
    assert run_cli("test", tmp_path / "none.yaml").returncode == 2


def test_a_pattern_that_selects_nothing_exits_2():
    done = run_cli("test", BUNDLED_FIXTURES, "-k", "no-such-fixture-*")
    assert done.returncode == 2
    assert "no fixture id matches" in done.stderr


def test_a_fixture_that_cannot_be_read_exits_2_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("fixtures:\n  - id: x\n    ticket: {id: X}\n    expect: {severity: high}\n", encoding="utf-8")
    done = run_cli("test", bad)
    assert done.returncode == 2
    assert re.search(rf"{re.escape(str(bad))}:4:\d+: error: .*severity", done.stderr), done.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("fixtures:\n  - id: [unclosed\n", encoding="utf-8")
    done = run_cli("test", broken)
    assert done.returncode == 2 and f"{broken}:" in done.stderr
    assert run_cli("test", tmp_path / "missing.yaml").returncode == 2


def test_a_policy_that_cannot_be_read_exits_2_with_file_and_line(tmp_path):
    policy = tmp_path / "policy"
    copy_policy_with_level(policy, "L1-crash-hang", 7)  # level 7 is not defined
    done = run_cli("test", BUNDLED_FIXTURES, "--rules", policy)
    assert done.returncode == 2
    assert re.search(r"level-1\.yaml:\d+:\d+: error: .*7", done.stderr), done.stderr


def test_a_failure_exits_1_and_shows_expected_actual_and_the_deciding_rule(tmp_path):
    file = write_fixtures(tmp_path / "f.yaml", [
        fixture("ok", {"users_blocked": True}, 1),
        fixture("wrong", {"crash_or_hang": True, "unstable": True}, 2, expect={"matched_rules": ["L2-unstable"]}),
    ])
    done = run_cli("test", file)
    assert done.returncode == 1
    out = done.stdout
    line = file.read_text(encoding="utf-8").splitlines().index("- id: wrong") + 1
    assert f"FAIL wrong  {file}:{line}\n" in out
    assert "severity       expected 2\n" in out and "               actual   1\n" in out
    assert 'actual   ["L1-crash-hang", "L2-unstable"]' in out
    assert re.search(r"decided by: L1-crash-hang \(Level 1, basis rules; .*level-1\.yaml:\d+\)", out)
    assert "overridden: L2-unstable (level 2) overridden by rule L1-crash-hang" in out
    assert "FAIL ok" not in out and "PASS ok" not in out
    assert last_line(out) == "1 passed, 1 failed"
    assert "PASS ok" in run_cli("test", file, "-v").stdout


def test_a_failure_expecting_a_more_severe_level_shows_the_nearest_misses(tmp_path):
    # Level 1 expected for an important feature without workaround (Level 2): why no Level 1 rule matched.
    file = write_fixtures(tmp_path / "f.yaml", [fixture("too-low", {"important_feature_unavailable": True,
                                                                    "crash_or_hang": False}, 1)])
    out = run_cli("test", file).stdout
    misses = [line.strip() for line in out.splitlines() if line.strip().startswith("nearest miss:")]
    assert [re.sub(r" \(Level 1, \S+level-1\.yaml:\d+:\d+\)", "", m) for m in misses] == [
        'nearest miss: L1-production-stopped: symptoms.service_stopped is true: expected true, had "missing"',
        'nearest miss: L1-users-blocked: symptoms.users_blocked is true: expected true, had "missing"',
        "nearest miss: L1-crash-hang: symptoms.crash_or_hang is true: expected true, had false",
    ]
    assert "... and 2 more (sevtriage explain shows all)" in out


def test_an_unclassifiable_ticket_is_a_failure_that_says_why(tmp_path):
    file = write_fixtures(tmp_path / "f.yaml", [fixture("typo", {"data_loss": "yes"}, 1)])
    done = run_cli("test", file)
    assert done.returncode == 1
    assert "the ticket cannot be classified" in done.stdout and "/symptoms/data_loss" in done.stdout


def test_todo_fixture_still_failing_does_not_fail_the_run(tmp_path):
    file = write_fixtures(tmp_path / "f.yaml", [
        fixture("ok", {"users_blocked": True}, 1),
        fixture("gap", {"unstable": True}, 1, expect_todo="periodic outages should be Level 1 (ticket #12)"),
    ])
    done = run_cli("test", file)
    assert done.returncode == 0, done.stdout
    assert last_line(done.stdout) == "1 passed, 0 failed, 1 todo"
    assert "TODO gap" in done.stdout and "ticket #12" in done.stdout


def test_todo_fixture_that_starts_passing_fails_the_run_and_asks_for_promotion(tmp_path):
    file = write_fixtures(tmp_path / "f.yaml", [
        fixture("gap", {"unstable": True}, 2, expect_todo="was Level 3 before"),
    ])
    done = run_cli("test", file)
    assert done.returncode == 1
    assert "FIXED gap" in done.stdout and "remove expect_todo to promote it" in done.stdout
    assert last_line(done.stdout) == "0 passed, 1 failed"


def test_coverage_below_the_minimum_exits_3(tmp_path):
    done = run_cli("test", BUNDLED_FIXTURES, "-k", "L1-*", "--coverage-min", "0.5")
    assert done.returncode == 3, done.stdout
    assert "below --coverage-min 0.5" in done.stderr
    assert SUMMARY.match(last_line(done.stdout)).group(2) == "0"
    assert "untouched  rule     L4-advice" in done.stdout
    assert run_cli("test", BUNDLED_FIXTURES, "-k", "L1-*", "--coverage-min", "0.1").returncode == 0


def test_failures_take_precedence_over_coverage(tmp_path):
    file = write_fixtures(tmp_path / "f.yaml", [fixture("wrong", {"users_blocked": True}, 4)])
    assert run_cli("test", file, "--coverage-min", "1").returncode == 1


def test_coverage_min_must_be_a_ratio():
    done = run_cli("test", BUNDLED_FIXTURES, "--coverage-min", "1.5")
    assert done.returncode == 2 and "1.5" in done.stderr


def test_k_runs_a_subset_by_substring_or_glob():
    done = run_cli("test", BUNDLED_FIXTURES, "-k", "L4-advice/")
    count = sum(f.id.startswith("L4-advice/") for f in load_fixtures([BUNDLED_FIXTURES]))
    assert count and last_line(done.stdout) == f"{count} passed, 0 failed"
    glob = run_cli("test", BUNDLED_FIXTURES, "-k", "L4-*/minimal", "-v")
    assert {line.split()[1] for line in glob.stdout.splitlines() if line.startswith("PASS")} == {
        f.id for f in load_fixtures([BUNDLED_FIXTURES]) if f.id.startswith("L4-") and f.id.endswith("/minimal")}


def test_junit_structure(tmp_path):
    file = write_fixtures(tmp_path / "suite.yaml", [
        fixture("pass", {"users_blocked": True}, 1),
        fixture("fail", {"users_blocked": True}, 3),
        fixture("todo", {"unstable": True}, 1, expect_todo="known gap"),
        fixture("fixed", {"unstable": True}, 2, expect_todo="fixed since"),
    ])
    junit = tmp_path / "out" / "junit.xml"
    done = run_cli("test", file, "--junit", junit)
    assert done.returncode == 1
    root = ET.parse(junit).getroot()
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["pass", "fail", "todo", "fixed"]
    assert {c.get("classname") for c in cases} == {str(file)}
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("4", "2", "0", "1")
    assert len(suite.findall("testcase/failure")) == 2 and len(suite.findall("testcase/skipped")) == 1
    by_name = {c.get("name"): c for c in cases}
    assert list(by_name["pass"]) == []
    failure = by_name["fail"].find("failure")
    assert failure.get("message") == "severity: expected 3, actual 1"
    assert "expected 3" in failure.text and "actual   1" in failure.text and "decided by: L1-users-blocked" in failure.text
    assert by_name["todo"].find("skipped").get("message") == "expect_todo: known gap"
    assert "promote" in by_name["fixed"].find("failure").get("message")


def test_json_format(tmp_path):
    file = write_fixtures(tmp_path / "f.yaml", [
        fixture("pass", {"crash_or_hang": True, "unstable": True}, 1),
        fixture("fail", {"users_blocked": True}, 2),
    ])
    done = run_cli("test", file, "--format", "json", "--coverage-min", "0")
    assert done.returncode == 1
    document = json.loads(done.stdout)
    assert document["summary"] == {"passed": 1, "failed": 1, "todo": 0}
    assert last_line(done.stderr) == "1 passed, 1 failed"
    first, second = document["fixtures"]
    assert first["status"] == "passed" and first["decided_by"]["rule"] == "L1-crash-hang"
    assert first["overridden"] == [{"rule": "L2-unstable", "level": 2, "by": "rule L1-crash-hang"}]
    assert second["differences"] == {"severity": {"expected": 2, "actual": 1}}
    items = {item["id"]: item for item in document["coverage"]["items"]}
    assert items["L1-crash-hang"]["status"] == "decided" and items["L2-unstable"]["status"] == "matched"
    assert items["L1-users-blocked"]["status"] == "untouched"  # its only fixture failed
    assert document["coverage"]["decided"] == 1 and document["coverage"]["minimum"] == 0


def test_rules_from_git_history_for_test_and_classify(tmp_path):
    import shutil
    import subprocess
    repo = tmp_path / "repo"
    shutil.copytree(BUNDLED_RULES, repo / "rules")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "policy"], cwd=repo, check=True)
    done = run_cli("test", BUNDLED_FIXTURES, "--rules", "git:HEAD:rules", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert last_line(done.stdout).endswith(" passed, 0 failed")
    missing = run_cli("classify", "--rules", "git:HEAD:nope", cwd=repo, stdin="")
    assert missing.returncode == 2 and "git:HEAD:nope" in missing.stderr


def test_validate_and_test_agree_on_decides_for_a_same_level_copy(tmp_path):
    """Issue 8: an exact copy of a rule at the same level passes validate --strict, so
    ``test`` credits every rule tied at the deciding level and full coverage is reachable."""
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        'policy: {name: tie, version: "1"}\n'
        "levels:\n  - {level: 1, name: critical, response_target: PT2H}\n"
        "  - {level: 3, name: minimal, response_target: PT12H}\n"
        "default: {level: 3, source: s}\n"
        "rules:\n"
        "  - {id: L1-crash, level: 1, source: s, when: {field: symptoms.crash_or_hang, is: true}}\n"
        "  - {id: L1-crash-copy, level: 1, source: s, when: {field: symptoms.crash_or_hang, is: true}}\n"
        "  - {id: L3-rest, level: 3, source: s, when: {not: {field: symptoms.crash_or_hang, is: true}}}\n",
        encoding="utf-8")
    validated = run_cli("validate", "--strict", "--min-level", "warning", policy)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    fixtures = write_fixtures(tmp_path / "fixtures.yaml", [fixture("crash", {"crash_or_hang": True}, 1),
                                                          fixture("calm", {"crash_or_hang": False}, 3)])
    done = run_cli("test", fixtures, "--rules", policy, "--coverage-min", "1.0")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Decisive coverage: 3/3" in done.stdout


def test_junit_xml_parses_with_control_characters_in_ids_and_reasons(tmp_path):
    """Issue 8: a fixture id or todo reason with a control character gave XML no parser reads."""
    fixtures = write_fixtures(tmp_path / "f.yaml", [
        fixture("bell\x07id", {"crash_or_hang": True}, 2),
        fixture("todo", {"crash_or_hang": True}, 3, expect_todo="reason with \x1b[31m escape"),
    ])
    junit = tmp_path / "junit.xml"
    done = run_cli("test", fixtures, "--junit", junit)
    assert done.returncode == 1, done.stderr
    root = ET.parse(junit).getroot()  # parses
    names = [c.get("name") for c in root.iter("testcase")]
    assert names == ["bell\ufffdid", "todo"]
    assert root.find(".//skipped").get("message") == "expect_todo: reason with \ufffd[31m escape"


def test_a_failure_expecting_what_the_policy_does_not_have_says_so(tmp_path):
    file = write_fixtures(tmp_path / "f.yaml", [
        fixture("level-9", {"users_blocked": True}, 9),
        fixture("typo", {"users_blocked": True}, 1, expect={"matched_rules": ["L1-users-blockd"],
                                                            "applied_caps": ["cap-nope"]}),
        fixture("plain", {"users_blocked": True}, 2),
    ])
    done = run_cli("test", file)
    assert done.returncode == 1
    assert "the policy has no Level 9 (levels: 1, 2, 3, 4)" in done.stdout
    assert 'the policy has no rule "L1-users-blockd" (matched_rules)' in done.stdout
    assert 'the policy has no ceiling "cap-nope" (applied_caps)' in done.stdout
    assert done.stdout.count("the policy has no") == 3  # nothing for the fixture that merely fails
