"""The compiler's output: guarded rules, negation normal form, limits checked early."""

from __future__ import annotations

import json
import textwrap

import pytest

from sevtriage.engine.compiler import CATCH_ALL, GUARD, compile_policy
from sevtriage.engine.durable_matcher import DurableMatcher
from sevtriage.engine.limits import co_true_bound
from sevtriage.policy.loader import load_policy_texts
from sevtriage.problems import PolicyError

HEADER = textwrap.dedent("""\
    policy: {name: test, version: "1"}
    levels:
      - {level: 1, name: critical, response_target: PT2H}
    """)


def compiled(rules_yaml: str):
    return compile_policy(load_policy_texts([("p.yaml", HEADER + textwrap.dedent(rules_yaml))]))


def test_every_rule_is_guarded_and_a_catch_all_exists(policy):
    result = compile_policy(policy)
    assert result.ruleset[CATCH_ALL] == {"all": [{"m": GUARD}]}
    for name, rule in result.ruleset.items():
        pattern = rule["all"][0]["m"]
        assert pattern == GUARD or pattern["$and"][0] == GUARD, name
    assert set(result.names.values()) == {i.id for i in (*policy.rules, *policy.ceilings)}


def test_no_ticket_string_reaches_the_engine(policy):
    definition = compile_policy(policy).definition_json()
    for word in ("secondary", "mssql", "staging", "question", "severe"):
        assert word not in definition


def test_not_is_pushed_down_to_the_predicates_with_missing_semantics():
    result = compiled("""\
        rules:
          - id: L1-x
            level: 1
            when:
              not:
                any:
                  - {field: server_role, equals: secondary}
                  - {field: symptoms.unstable, is: true}
        """)
    role, unstable = result.projection.base_keys["server_role"], result.projection.base_keys["symptoms.unstable"]
    assert result.ruleset["r0"]["all"][0]["m"] == {"$and": [
        GUARD,
        {"$or": [{"$neq": {role: 0}}, {"$nex": {role: 1}}]},
        {"$or": [{"$neq": {unstable: True}}, {"$nex": {unstable: 1}}]},
    ]}


def test_negated_comparison_and_in():
    result = compiled("""\
        rules:
          - {id: L1-a, level: 1, when: {not: {field: declared_severity, gt: 2}}}
          - {id: L1-b, level: 1, when: {not: {field: environment, in: [staging, development]}}}
        """)
    declared, env = result.projection.base_keys["declared_severity"], result.projection.base_keys["environment"]
    assert result.ruleset["r0"]["all"][0]["m"]["$and"][1] == {"$or": [{"$lte": {declared: 2}}, {"$nex": {declared: 1}}]}
    assert result.ruleset["r1"]["all"][0]["m"]["$and"][1] == {
        "$or": [{"$and": [{"$neq": {env: 0}}, {"$neq": {env: 1}}]}, {"$nex": {env: 1}}]}


def test_too_many_distinct_conditions_is_a_policy_error_naming_a_rule():
    rules = "rules:\n" + "".join(
        f"  - {{id: L1-r{i}, level: 1, when: {{field: declared_severity, gte: {1 + i % 4}}}}}\n"
        for i in range(4))
    compiled(rules)  # few conditions: fine
    many = "rules:\n  - {id: L1-r, level: 1, when: {any: [" + ", ".join(
        f"{{field: declared_severity, lt: {i}}}" for i in range(70)) + "]}}\n"
    with pytest.raises(PolicyError) as caught:
        compiled(many)
    (problem,) = caught.value.problems
    assert problem.check_id == "engine-limit" and "error 303" in problem.message and problem.line > 1


def test_too_many_all_groups_in_one_any_is_a_policy_error():
    flags = ["service_stopped", "users_blocked", "customer_can_resolve", "workaround_available", "crash_or_hang",
             "data_loss", "data_corruption", "unstable"]
    groups = ", ".join(f"{{all: [{{field: declared_severity, equals: {1 + i % 2}}}, "
                       f"{{field: symptoms.{flags[i // 2]}, is: true}}]}}" for i in range(15))
    with pytest.raises(PolicyError) as caught:
        compiled(f"rules:\n  - {{id: L1-x, level: 1, when: {{any: [{groups}]}}}}\n")
    assert "error 113" in caught.value.problems[0].message


def test_definition_is_plain_json(policy):
    assert json.loads(compile_policy(policy).definition_json())


def test_identical_branches_are_compiled_once():
    # durable_rules keeps each copy as a node: 65 identical true branches fail (303), 200 do not compile (107).
    branches = ", ".join(["{field: symptoms.data_loss, is: true}"] * 300)
    result = compiled(f"rules:\n  - {{id: L1-x, level: 1, when: {{any: [{branches}]}}}}\n")
    key = result.projection.base_keys["symptoms.data_loss"]
    assert result.ruleset["r0"]["all"][0]["m"] == {"$and": [GUARD, {key: True}]}
    matcher = DurableMatcher(result)
    assert matcher.match_many([{"symptoms.data_loss": True}, {}]) == [{"L1-x"}, set()]


def test_many_exclusive_alternatives_of_one_field_are_within_the_limit():
    # 70 values of one string field: only one can hold at a time, so the engine's 64 is not reached.
    names = ", ".join(f"tech{i}" for i in range(70))
    result = compiled(f"rules:\n  - {{id: L1-x, level: 1, when: {{field: technology, in: [{names}]}}}}\n")
    assert co_true_bound(result.ruleset, result.projection) == 2  # the guard and one value
    matcher = DurableMatcher(result)
    assert matcher.match_many([{"technology": "tech69"}, {"technology": "php"}]) == [{"L1-x"}, set()]


def test_bundled_policy_is_well_within_the_co_true_limit(policy):
    result = compile_policy(policy)
    assert co_true_bound(result.ruleset, result.projection) <= 32
