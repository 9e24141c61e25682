"""The loader: bundled policy, and every kind of broken policy with exact positions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from sevtriage.policy.loader import load_policy
from sevtriage.problems import PolicyError

HEADER = """\
policy: {name: test, version: "1"}
levels:
  - {level: 1, name: critical, response_target: PT2H}
  - {level: 2, name: important, response_target: PT6H}
"""


def write(tmp_path: Path, body: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    return [str(p) for p in caught.value.problems]


def test_bundled_policy_loads_every_rule_and_ceiling(policy):
    assert policy.name == "ragnarokkr-support-severity"
    assert [level.response_target for level in policy.levels.values()] == ["PT2H", "PT6H", "PT12H", "PT24H"]
    assert len(policy.rules) == 21
    assert [c.id for c in policy.ceilings] == ["gate-L1-resolvable", "cap-dotnet-mssql", "cap-non-production"]
    assert policy.default_level == 3
    assert policy.field_defaults == {"environment": "production", "request_type": "incident"}


def test_a_single_file_policy_loads(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - {id: L1-crash, level: 1, source: s, when: {field: symptoms.crash_or_hang, is: true}}
""")
    policy = load_policy(path)
    assert [r.id for r in policy.rules] == ["L1-crash"]
    assert policy.files == [str(path)]


def test_typo_in_a_key_is_reported_at_the_key_with_a_suggestion(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - id: L1-crash
    levle: 1
    when: {field: symptoms.crash_or_hang, is: true}
""")
    found = problems_of(path)
    assert f'{path}:7:5: error: unexpected key "levle"; did you mean "level"? (schema) ($.rules[0].levle)' in found
    assert len(found) == 1, "the missing 'level' is the typo, reported once"


def test_wrong_type_is_reported_at_the_value(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - id: L1-crash
    level: "1"
    when: {field: symptoms.crash_or_hang, is: true}
""")
    assert problems_of(path) == [f'{path}:7:12: error: "1" is not of type "integer" (schema) ($.rules[0].level)']


def test_every_schema_error_is_reported_at_once(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - {id: L1-a, level: one, when: {field: symptoms.unstable, is: true}}
  - {id: L1-b, level: 1, when: {field: symptoms.unstable, equal: true}}
  - {id: L1-c, level: 1, when: {field: symptoms.unstable, is: true, equals: true}}
""")
    found = problems_of(path)
    assert len(found) == 3
    assert found[0].startswith(f'{path}:6:23: error: "one" is not of type "integer"')
    assert found[1] == (f'{path}:7:59: error: unexpected key "equal"; did you mean "equals"? (schema) '
                        f"($.rules[1].when.equal)")
    assert found[2].startswith(f"{path}:8:32: error: a predicate takes exactly one operator, found 2: is, equals")


def test_duplicate_rule_id(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - {id: L1-crash, level: 1, when: {field: symptoms.crash_or_hang, is: true}}
  - {id: L1-crash, level: 1, when: {field: symptoms.data_loss, is: true}}
""")
    assert problems_of(path) == [
        f'{path}:7:10: error: id "L1-crash" is already used at {path}:6 (duplicate-id) ($.rules[1].id)']


def test_duplicate_yaml_key(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - id: L1-crash
    level: 1
    level: 2
    when: {field: symptoms.crash_or_hang, is: true}
""")
    assert problems_of(path) == [
        f'{path}:8:5: error: duplication of key "level" in mapping (key-duplicates) ($.rules[0].level)']


def test_unknown_field_with_suggestion(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - {id: L1-loss, level: 1, when: {field: symptoms.data_los, is: true}}
""")
    assert problems_of(path) == [
        f'{path}:6:43: error: field "symptoms.data_los" is not in the ticket contract '
        f'(did you mean "symptoms.data_loss"?) (unknown-field) ($.rules[0].when.field)']


def test_free_text_cannot_be_read(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - {id: L1-text, level: 1, when: {field: description, equals: outage}}
""")
    assert "cannot be read by rules (unknown-field)" in problems_of(path)[0]


def test_flag_compared_to_a_string_is_a_type_mismatch(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - id: L1-loss
    level: 1
    when:
      all:
        - {field: symptoms.data_loss, equals: "true"}
        - {field: symptoms.performance, is: true}
        - {field: server_role, gt: 1}
""")
    assert problems_of(path) == [
        f'{path}:10:47: error: symptoms.data_loss is a boolean; "true" is a string and can never match '
        f"(type-mismatch) ($.rules[0].when.all[0].equals)",
        f'{path}:11:41: error: operator "is" does not apply to symptoms.performance, which is one of '
        f'"normal", "minor", "severe" (type-mismatch) ($.rules[0].when.all[1].is)',
        f'{path}:12:32: error: operator "gt" does not apply to server_role, which is one of '
        f'"primary", "secondary" (type-mismatch) ($.rules[0].when.all[2].gt)',
    ]


def test_enum_value_outside_the_contract(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - {id: L2-prod, level: 2, when: {field: environment, in: [prod, staging]}}
""")
    assert problems_of(path) == [
        f'{path}:6:61: error: "prod" is not a value of environment (one of "production", "staging", '
        f'"development") (enum-value) ($.rules[0].when.in[0])']


def test_undefined_level(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - {id: L3-minor, level: 3, when: {field: symptoms.unstable, is: true}}
ceilings:
  - {id: cap-x, max_level: 5, when: {field: symptoms.unstable, is: true}}
""")
    assert problems_of(path) == [
        f"{path}:6:27: error: level 3 is not defined (levels: 1, 2) (undefined-level) ($.rules[0].level)",
        f"{path}:8:28: error: level 5 is not defined (levels: 1, 2) (undefined-level) ($.ceilings[0].max_level)",
    ]


def test_unknown_alias(tmp_path):
    path = write(tmp_path, HEADER + """\
aliases:
  technology:
    mssql: [mssql, sql server]
ceilings:
  - {id: cap-sql, max_level: 2, when: {field: technology, alias_of: ms-sql}}
rules: []
""")
    assert problems_of(path) == [
        f'{path}:9:69: error: alias "ms-sql" is not declared for technology (did you mean "mssql"?); '
        f"declared: mssql (unknown-alias) ($.ceilings[0].when.alias_of)"]


def test_yaml_syntax_error_has_a_position(tmp_path):
    path = write(tmp_path, HEADER + "rules: [\n  - {id: x\n")
    (found,) = problems_of(path)
    assert found.startswith(f"{path}:") and "YAML syntax error" in found and "(yaml-syntax)" in found


def test_unsafe_yaml_tags_are_refused(tmp_path):
    path = write(tmp_path, HEADER + "rules: !!python/object/apply:os.system [echo pwned]\n")
    (found,) = problems_of(path)
    assert "could not determine a constructor" in found and ":5:8:" in found


def test_folder_policy_merges_files_and_reports_a_section_given_twice(tmp_path):
    write(tmp_path, HEADER, "a.yaml")
    write(tmp_path, "rules:\n  - {id: L1-x, level: 1, when: {field: symptoms.unstable, is: true}}\n", "b.yaml")
    assert [r.id for r in load_policy(tmp_path).rules] == ["L1-x"]
    write(tmp_path, 'policy: {name: other, version: "2"}\n', "c.yaml")
    assert problems_of(tmp_path) == [
        f'{tmp_path / "c.yaml"}:1:1: error: section "policy" is already given in {tmp_path / "a.yaml"} '
        f"(merge) ($.policy)"]


def test_missing_sections_and_empty_folder(tmp_path):
    path = write(tmp_path, 'policy: {name: x, version: "1"}\n')
    assert problems_of(path) == [
        f'{path}:1:1: error: the policy has no "levels" section (in {path}) (merge) ($)',
        f'{path}:1:1: error: the policy has no "rules" section (in {path}) (merge) ($)',
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no policy files (*.yaml) found" in problems_of(empty)[0]


def test_cli_reports_a_broken_policy_with_exit_2_and_no_traceback(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - {id: L1-a, level: 1, when: {field: symptoms.data_los, is: true}}
  - {id: L1-a, level: 1, when: {field: symptoms.unstable, equals: "yes"}}
""")
    done = run_cli("classify", "--rules", str(path), input='{"id": "T1"}\n')
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert done.stdout == b""
    assert "Traceback" not in stderr
    assert f"{path}:6:40: error: field \"symptoms.data_los\"" in stderr
    assert f'{path}:7:10: error: id "L1-a" is already used' in stderr
    assert "(type-mismatch)" in stderr
    assert "the policy cannot be loaded (3 problems)" in stderr


def test_missing_policy_path_is_a_policy_error(tmp_path):
    done = run_cli("classify", "--rules", str(tmp_path / "nope.yaml"), input="")
    assert done.returncode == 2
    assert "no such file or folder" in done.stderr.decode()


def test_bundled_policy_is_found_from_any_folder(tmp_path):
    done = run_cli("classify", input='{"id": "T1", "symptoms": {"unstable": true}}\n', cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b'"severity":2' in done.stdout


def test_policy_yaml_files_declare_their_schema():
    for path in sorted((REPO / "rules").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../sevtriage/schemas/policy.schema.json", path


def test_schema_errors_in_one_rule_do_not_hide_semantic_errors_in_others(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - {id: L1-a, levle: 1, when: {field: symptoms.unstable, is: true}}
  - {id: L1-b, level: 1, when: {field: symptoms.data_los, is: true}}
""")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert [(p.line, p.check_id) for p in caught.value.problems] == [(6, "schema"), (7, "unknown-field")]


def test_schema_errors_outside_rules_stop_before_semantic_checks(tmp_path):
    path = write(tmp_path, 'policy: {name: x, version: 1}\nlevels: []\nrules:\n'
                           '  - {id: L1-b, level: 1, when: {field: symptoms.data_los, is: true}}\n')
    found = problems_of(path)
    assert all("(schema)" in p for p in found) and len(found) == 2


def test_a_missing_key_is_still_reported_beside_an_unrelated_unknown_key(tmp_path):
    path = write(tmp_path, HEADER + """\
rules:
  - {id: L1-a, colour: red, when: {field: symptoms.unstable, is: true}}
  - {id: L1-b, level: 1, when: {alll: [{field: symptoms.unstable, is: true}]}}
""")
    found = problems_of(path)
    assert found == [
        f'{path}:6:5: error: "level" is a required property (schema) ($.rules[0])',
        f'{path}:6:16: error: unexpected key "colour"; allowed: id, level, source, reading, when (schema) '
        f"($.rules[0].colour)",
        f'{path}:7:33: error: unexpected key "alll"; did you mean "all"? (schema) ($.rules[1].when.alll)',
    ]


@pytest.mark.parametrize("broken_text", [
    ("'re:(?<!\\w)(?:suggestion|proposal|idea|improvement idea)s?\\s{0,2}:'",
     "'re:(?<!\\w)(?:suggestion|proposal(idea'"),  # a pattern that does not compile
    ("\n", "\n  - [unclosed\n"),  # a detector file that does not parse
])
def test_a_broken_detector_does_not_hide_the_rule_files_semantic_errors(
        tmp_path: Path, broken_text: tuple[str, str]) -> None:
    import shutil

    rules = shutil.copytree(REPO / "rules", tmp_path / "r2")
    level_1 = rules / "level-1.yaml"
    text = level_1.read_text(encoding="utf-8")
    assert "  - id: L1-data-loss\n    level: 1\n" in text
    level_1.write_text(text.replace("  - id: L1-data-loss\n    level: 1\n", "  - id: L1-data-loss\n    level: 7\n"),
                       encoding="utf-8")
    context = rules / "text" / "context.yaml"
    old, new = broken_text
    assert old in context.read_text(encoding="utf-8")
    context.write_text(context.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(rules)
    found = {(Path(p.file).name, p.check_id) for p in caught.value.problems}
    assert ("level-1.yaml", "undefined-level") in found
    assert any(name == "context.yaml" for name, _ in found)


def test_a_misspelt_detector_flag_or_clock_gets_a_did_you_mean_at_its_position(tmp_path: Path) -> None:
    import shutil

    rules = shutil.copytree(REPO / "rules", tmp_path / "tx")
    context = rules / "text" / "context.yaml"
    text = context.read_text(encoding="utf-8")
    assert "    sets: {request_type: enhancement}\n" in text
    context.write_text(text.replace("    sets: {request_type: enhancement}\n",
                                    "    sets: {request_typ: enhancement}\n", 1), encoding="utf-8")
    line = text[:text.index("    sets: {request_type: enhancement}\n")].count("\n") + 1
    policy = rules / "policy.yaml"
    text = policy.read_text(encoding="utf-8")
    assert "    response_target: PT6H\n" in text
    policy.write_text(text.replace("    response_target: PT6H\n", "    response_target: PT6H\n    clocks:\n"
                                   "      - {when: {field: technology, equals: mssql}, clock: 24x8}\n", 1),
                      encoding="utf-8")
    clock_line = text[:text.index("    response_target: PT6H\n")].count("\n") + 3
    with pytest.raises(PolicyError) as caught:
        load_policy(rules)
    messages = {(Path(p.file).name, p.line, p.column): p.message for p in caught.value.problems}
    sets = messages[("context.yaml", line, 12)]
    assert 'key "request_typ"' in sets and sets.endswith('did you mean "request_type"?')
    assert messages[("policy.yaml", clock_line, 59)].endswith('did you mean "24x7"?')


def test_a_resolution_order_given_twice_says_where_it_was_first_given(tmp_path: Path) -> None:
    import shutil

    rules = shutil.copytree(REPO / "rules", tmp_path / "s2")
    cues = rules / "text" / "cues.yaml"
    line = cues.read_text(encoding="utf-8").splitlines().index("  environment: [production, staging, development]")
    (rules / "text" / "extra-cues.yaml").write_text("resolution:\n  environment: [staging, production]\n",
                                                    encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(rules)
    [problem] = caught.value.problems
    assert (Path(problem.file).name, problem.line, problem.column) == ("extra-cues.yaml", 2, 3)
    assert problem.message.endswith(f"already given at {cues}:{line + 1}:3")
