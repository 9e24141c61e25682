"""Every check id validate can report: one failing and one passing policy each."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lint_helpers import CLEAN_RULES, HEADER, findings, write_policy

from sevtriage.cli.main import cli
from sevtriage.lint.registry import all_checks


def _calendar(setting: str) -> str:
    """A calendar section whose one changed setting is ``setting`` (a YAML line)."""
    lines = {"time_zone": "time_zone: Europe/Paris", "hours": 'hours: {mon: ["09:00-18:00"]}'}
    lines[setting.split(":", 1)[0]] = setting
    return "calendars:\n  office:\n" + "".join(f"    {line}\n" for line in lines.values()) + CLEAN_RULES


# check id -> (failing policy body, passing policy body); bodies follow HEADER.
CASES: dict[str, tuple[str, str]] = {
    "duplicate-id": (CLEAN_RULES + '  - {id: L1-crash, level: 1, source: s, when: {field: symptoms.data_loss, is: true}}\n',
                     CLEAN_RULES),
    "undefined-level": ('rules:\n  - {id: L5-x, level: 5, source: s, when: {field: symptoms.unstable, is: true}}\n',
                        CLEAN_RULES),
    "unknown-field": ('rules:\n  - {id: L1-x, level: 1, source: s, when: {field: symptoms.data_los, is: true}}\n',
                      CLEAN_RULES),
    "type-mismatch": ('rules:\n  - {id: L1-x, level: 1, source: s, when: {field: symptoms.data_loss, equals: "yes"}}\n',
                      CLEAN_RULES),
    "enum-value": ('rules:\n  - {id: L3-x, level: 3, source: s, when: {field: environment, equals: prod}}\n',
                   CLEAN_RULES),
    "unknown-alias": ('aliases: {technology: {mssql: [mssql]}}\nrules:\n'
                      '  - {id: L2-x, level: 2, source: s, when: {field: technology, alias_of: ms-sql}}\n',
                      'aliases: {technology: {mssql: [mssql]}}\nrules:\n'
                      '  - {id: L2-x, level: 2, source: s, when: {field: technology, alias_of: mssql}}\n'),
    "key-duplicates": (CLEAN_RULES + "default: {level: 2}\n", CLEAN_RULES),
    "engine-limit": ("rules:\n  - {id: L1-r, level: 1, source: s, when: {any: ["
                     + ", ".join(f"{{field: declared_severity, lt: {i}}}" for i in range(70)) + "]}}\n",
                     "rules:\n" + "".join(f"  - {{id: L1-r{i}, level: 1, source: s, when: "
                                            f"{{field: technology, equals: t{i}}}}}\n" for i in range(70))),
    "schema": ('rules:\n  - {id: L1-x, source: s, when: {field: symptoms.unstable, is: true}}\n', CLEAN_RULES),
    "never-true": (
        "rules:\n  - id: L1-x\n    level: 1\n    source: s\n    when:\n      all:\n"
        "        - {field: symptoms.crash_or_hang, is: true}\n        - {field: symptoms.crash_or_hang, is: false}\n",
        CLEAN_RULES),
    "never-decides": (
        CLEAN_RULES + "  - id: L3-crash-minor\n    level: 3\n    source: s\n    when:\n      all:\n"
                      "        - {field: symptoms.crash_or_hang, is: true}\n"
                      "        - {field: symptoms.operations_affected, is: false}\n",
        CLEAN_RULES + "  - {id: L3-incorrect, level: 3, source: s, when: {field: symptoms.incorrect_behavior, is: true}}\n"),
    "ceiling-never-lowers": (
        CLEAN_RULES + "ceilings:\n  - {id: cap-useless, max_level: 1, source: s, when: {field: symptoms.unstable, is: true}}\n",
        CLEAN_RULES + "ceilings:\n  - {id: cap-staging, max_level: 3, source: s, when: {field: environment, equals: staging}}\n"),
    "overlap": (
        "rules:\n  - {id: L2-slow, level: 2, source: s, when: {all: [{field: symptoms.performance, in: [minor, severe]},"
        " {field: symptoms.unstable, is: true}]}}\n"
        "  - {id: L3-minor-performance, level: 3, source: s, when: {field: symptoms.performance, equals: minor}}\n",
        "rules:\n  - {id: L2-slow, level: 2, source: s, when: {field: symptoms.performance, equals: severe}}\n"
        "  - {id: L3-minor-performance, level: 3, source: s, when: {field: symptoms.performance, equals: minor}}\n"
        "  - {id: L4-crash, level: 4, source: s, when: {field: symptoms.crash_or_hang, is: true}}\n"),
    "gap": (CLEAN_RULES,
            CLEAN_RULES + "  - {id: L4-rest, level: 4, source: s, when: {not: {field: symptoms.crash_or_hang, is: true}}}\n"),
    "alias-duplicate": (
        "aliases:\n  technology:\n    mssql: [mssql, sql server]\n    sybase: [sybase, SQL  Server]\n" + CLEAN_RULES,
        "aliases:\n  technology:\n    mssql: [mssql, sql server]\n    sybase: [sybase, ase]\n" + CLEAN_RULES),
    "alias-unused": (
        "aliases: {technology: {oracle: [oracle]}}\n" + CLEAN_RULES,
        "aliases: {technology: {oracle: [oracle]}}\n" + CLEAN_RULES
        + "ceilings:\n  - {id: cap-oracle, max_level: 2, source: s, when: {field: technology, alias_of: oracle}}\n"),
    "missing-source": ("rules:\n  - {id: L1-crash, level: 1, when: {field: symptoms.crash_or_hang, is: true}}\n",
                       CLEAN_RULES),
    "id-convention": ("rules:\n  - {id: L2-crash, level: 1, source: s, when: {field: symptoms.crash_or_hang, is: true}}\n",
                      CLEAN_RULES),
    "calendar-time-zone": (_calendar("time_zone: Europe/Pariss"), _calendar("time_zone: Europe/Paris")),
    "calendar-intervals": (_calendar('hours: {mon: ["09:00-12:30", "12:00-18:00"]}'),
                           _calendar('hours: {mon: ["09:00-12:30", "13:30-18:00"]}')),
    "calendar-never-open": (_calendar("hours: {}"), _calendar('hours: {sun: ["10:00-11:00"]}')),
    "calendar-holidays": (_calendar("holidays: {country: FX}"), _calendar("holidays: {country: FR}")),
}

# These need a policy that is not HEADER + body (calendar checks: tests/test_calendar_checks.py).
SPECIAL = {"read", "yaml-syntax", "merge", "duplicate-level", "unknown-clock", "calendar-unused",
           "default-missing",  # default-missing: HEADER has a default (tests/lint/test_validate_cli.py)
           # the text detector checks need a policy folder with text/ (tests/tickets/test_text_flags.py)
           "text-pattern", "text-flag", "text-cannot-match", "text-duplicate-pattern", "text-opposite-values",
           "text-cue-swallows", "text-example"}


def test_every_check_id_has_a_case() -> None:
    assert {c.id for c in all_checks()} == set(CASES) | SPECIAL


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_failing_policy_reports_the_check(tmp_path: Path, check_id: str) -> None:
    failing, _ = CASES[check_id]
    found = findings(write_policy(tmp_path, failing), check_id)
    assert len(found) == 1, found
    assert found[0].line > 1 and found[0].file.endswith("policy.yaml")


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_passing_policy_does_not(tmp_path: Path, check_id: str) -> None:
    _, passing = CASES[check_id]
    assert findings(write_policy(tmp_path, passing), check_id) == []


def test_read(tmp_path: Path) -> None:
    assert [p.check_id for p in findings(tmp_path / "nowhere.yaml")] == ["read"]
    (tmp_path / "latin1.yaml").write_bytes(b"policy: caf\xe9\n")
    assert [p.check_id for p in findings(tmp_path / "latin1.yaml")] == ["read"]
    assert findings(write_policy(tmp_path, CLEAN_RULES), "read") == []


def test_yaml_syntax(tmp_path: Path) -> None:
    found = findings(write_policy(tmp_path, "rules: [\n"))
    assert [p.check_id for p in found] == ["yaml-syntax"]
    assert findings(write_policy(tmp_path, CLEAN_RULES), "yaml-syntax") == []


def test_merge(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text('policy: {name: p, version: "1"}\n' + CLEAN_RULES, encoding="utf-8")
    assert "merge" in {p.check_id for p in findings(tmp_path)}
    (tmp_path / "b.yaml").write_text(HEADER.split("\n", 1)[1], encoding="utf-8")
    assert findings(tmp_path, "merge") == []


def test_duplicate_level(tmp_path: Path) -> None:
    header = HEADER.replace("- {level: 2, name: important", "- {level: 1, name: important")
    assert "duplicate-level" in {p.check_id for p in findings(write_policy(tmp_path, CLEAN_RULES, header=header))}
    assert findings(write_policy(tmp_path, CLEAN_RULES), "duplicate-level") == []


def test_never_true_points_at_the_dead_branch(tmp_path: Path) -> None:
    body = ("rules:\n  - id: L1-x\n    level: 1\n    source: s\n    when:\n      any:\n"
            "        - {field: symptoms.unstable, is: true}\n"
            "        - all: [{field: declared_severity, gt: 4}, {field: symptoms.data_loss, is: true}]\n")
    (problem,) = findings(write_policy(tmp_path, body), "never-true")
    assert problem.json_path == "$.rules[0].when.any[1]"
    assert "branch" in problem.message and problem.witness is None


def test_never_decides_names_the_shadowing_rule_and_gives_a_witness(tmp_path: Path) -> None:
    failing, _ = CASES["never-decides"]
    (problem,) = findings(write_policy(tmp_path, failing), "never-decides")
    assert "L1-crash" in problem.message and "L2-unstable" not in problem.message
    assert problem.witness == {"id": "never-decides-L3-crash-minor",
                               "symptoms": {"crash_or_hang": True, "operations_affected": False}}


def test_never_decides_by_a_ceiling(tmp_path: Path) -> None:
    body = ("rules:\n  - {id: L1-stopped, level: 1, source: s, when: {field: symptoms.service_stopped, is: true}}\n"
            "ceilings:\n  - {id: cap-stopped, max_level: 2, source: s, when: {field: symptoms.service_stopped, is: true}}\n")
    (problem,) = findings(write_policy(tmp_path, body), "never-decides")
    assert "ceiling" in problem.message and "cap-stopped" in problem.message


def test_alias_declared_twice_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(HEADER + "aliases: {technology: {mssql: [mssql]}}\n" + CLEAN_RULES, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("aliases: {technology: {mssql: [sql server]}}\n", encoding="utf-8")
    (problem,) = findings(tmp_path, "merge")  # a load error: the second would replace the first
    assert problem.file.endswith("b.yaml") and "already declared" in problem.message
    assert (problem.line, problem.column) == (1, 24)


def test_ceiling_ids(tmp_path: Path) -> None:
    body = CLEAN_RULES + ("ceilings:\n  - {id: mssqlMax, max_level: 3, source: s, when: {field: environment, equals: staging}}\n"
                          "  - {id: gate-L1-staging, max_level: 3, source: s, when: {field: environment, equals: staging}}\n")
    found = findings(write_policy(tmp_path, body), "id-convention")
    assert [p.json_path for p in found] == ["$.ceilings[0].id"]


def test_overlap_witness_matches_both(tmp_path: Path) -> None:
    failing, _ = CASES["overlap"]
    (problem,) = findings(write_policy(tmp_path, failing), "overlap")
    assert problem.witness == {"id": "overlap-L2-slow-L3-minor-performance",
                               "symptoms": {"performance": "minor", "unstable": True}}
    assert "L2-slow" in problem.message and problem.json_path == "$.rules[1]"


@pytest.mark.parametrize("check_id", ["never-decides", "overlap", "gap"])
def test_witness_shows_the_finding_when_classified(tmp_path: Path, check_id: str) -> None:
    from sevtriage.engine.classifier import Classifier
    from sevtriage.policy.loader import load_policy

    path = write_policy(tmp_path, CASES[check_id][0])
    (problem,) = findings(path, check_id)
    policy = load_policy(path)
    result = Classifier(policy).classify(problem.witness)
    rule_id = problem.message.split(" ")[1]
    if check_id == "never-decides":
        levels = {r.id: r.level for r in policy.rules}
        assert rule_id in result["matched_rules"] and result["severity"] != levels[rule_id]
    elif check_id == "overlap":
        assert len(result["matched_rules"]) == 2 and rule_id in result["matched_rules"]
    else:
        assert result["matched_rules"] == [] and result["basis"] == "default"


def test_never_decides_by_a_ceiling_witness(tmp_path: Path) -> None:
    from sevtriage.engine.classifier import Classifier
    from sevtriage.policy.loader import load_policy

    body = ("rules:\n  - {id: L1-stopped, level: 1, source: s, when: {field: symptoms.service_stopped, is: true}}\n"
            "ceilings:\n  - {id: cap-stopped, max_level: 2, source: s, when: {field: symptoms.service_stopped, is: true}}\n")
    path = write_policy(tmp_path, body)
    (problem,) = findings(path, "never-decides")
    result = Classifier(load_policy(path)).classify(problem.witness)
    assert result["matched_rules"] == ["L1-stopped"] and result["applied_caps"] == ["cap-stopped"]


def test_engine_limit_is_reported_at_the_rule_that_breaks_it_alone_and_lint_still_runs(tmp_path: Path) -> None:
    # One rule with 70 tests on one field that can all hold at once: beyond the engine's 64 (error 303),
    # in any ruleset: no split of the policy can help.
    body = ("rules:\n  - {id: L1-r, level: 1, when: {any: ["
            + ", ".join(f"{{field: declared_severity, lt: {i}}}" for i in range(70)) + "]}}\n"
            + "".join(f"  - {{id: L2-r{i}, level: 2, when: {{field: symptoms.unstable, is: true}}}}\n"
                      for i in range(3)))
    path = write_policy(tmp_path, body)
    (problem,) = findings(path, "engine-limit")
    assert problem.json_path == "$.rules[0].when"  # the rule, not the policy
    assert "error 303" in problem.message and "co-true tests 69/64" in problem.message
    # the checks that do not need the engine still ran: no rule has a source
    assert len(findings(path, "missing-source")) == 4


def test_a_policy_beyond_one_ruleset_is_split_and_has_no_engine_limit_finding(tmp_path: Path) -> None:
    from sevtriage.engine.classifier import Classifier
    from sevtriage.policy.loader import load_policy

    # 70 rules whose tests can all hold at once: 69 co-true tests, beyond the 64 of one ruleset.
    body = "rules:\n" + "".join(f"  - {{id: L1-r{i}, level: 1, source: s, when: "
                                f"{{field: declared_severity, lt: {i}}}}}\n" for i in range(70))
    path = write_policy(tmp_path, body)
    assert findings(path, "engine-limit") == []
    result = Classifier(load_policy(path)).classify({"id": "t", "declared_severity": 3})
    assert result["matched_rules"] == [f"L1-r{i}" for i in range(4, 70)]


def test_engine_limit_exits_2_in_every_command_with_the_budget(tmp_path: Path) -> None:
    body = ("rules:\n  - {id: L1-r, level: 1, source: s, when: {any: ["
            + ", ".join(f"{{field: declared_severity, lt: {i}}}" for i in range(70)) + "]}}\n")
    path = write_policy(tmp_path, body)
    result = CliRunner().invoke(cli, ["classify", "--rules", str(path), "--jobs", "1"], input="{}")
    assert result.exit_code == 2
    assert "engine-limit" in result.output and "co-true tests 69/64" in result.output


def test_a_ceiling_inside_a_stricter_one_never_decides(tmp_path: Path) -> None:
    """Issue 8: validate reports the ceiling that ``test`` could never count as deciding."""
    body = CLEAN_RULES + (
        "ceilings:\n"
        "  - {id: cap-staging, max_level: 3, source: s, when: {field: environment, equals: staging}}\n"
        "  - id: cap-staging-unstable\n    max_level: 2\n    source: s\n"
        "    when: {all: [{field: environment, equals: staging}, {field: symptoms.unstable, is: true}]}\n")
    (problem,) = findings(write_policy(tmp_path, body), "ceiling-never-lowers")
    assert "cap-staging-unstable can never decide" in problem.message and "cap-staging (at most Level 3" in problem.message
    assert problem.witness is not None and problem.witness["environment"] == "staging"


def test_overlap_names_the_winner_with_ceilings_applied_and_skips_rules_that_never_decide(tmp_path: Path) -> None:
    """Issue 8: "Level N wins" ignored ceilings, and rules that never decide were listed."""
    body = ("rules:\n"
            "  - {id: L1-severe, level: 1, source: s, when: {any: [{field: symptoms.performance, equals: severe},"
            " {field: symptoms.data_loss, is: true}]}}\n"
            "  - {id: L3-perf, level: 3, source: s, when: {field: symptoms.performance, in: [minor, severe]}}\n"
            "  - {id: L2-shadowed, level: 2, source: s, when: {all: [{field: symptoms.data_loss, is: true},"
            " {field: symptoms.performance, equals: minor}]}}\n"
            "ceilings:\n"
            "  - {id: cap-severe, max_level: 2, source: s, when: {field: symptoms.performance, equals: severe}}\n")
    path = write_policy(tmp_path, body)
    messages = [p.message for p in findings(path, "overlap")]
    assert not any("L2-shadowed" in m for m in messages)  # never-decides reports it
    assert [p.message.split(" (")[0] for p in findings(path, "never-decides")] == ["rule L2-shadowed"]
    (message,) = messages
    assert message.startswith("rule L3-perf (Level 3) and rule L1-severe (Level 1")
    assert message.endswith("on the witness, Level 1 wins, and cap-severe takes it to Level 2")
