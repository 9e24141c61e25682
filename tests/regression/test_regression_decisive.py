"""Who decides a level, and decisive coverage, on a small policy through the real classifier."""

from __future__ import annotations

import pytest

from sevtriage.engine.classifier import Classifier
from sevtriage.policy.loader import load_policy_texts
from sevtriage.regression.coverage import DECIDED, MATCHED, UNTOUCHED, DecisiveCoverage
from sevtriage.regression.decisive import decisive
from sevtriage.regression.fixture_run import (
    FAILED,
    FIXED,
    PASSED,
    TODO,
    run_fixtures,
    select,
)
from sevtriage.regression.fixtures import Fixture

MINI_POLICY = """
policy: {name: mini, version: "1"}
levels:
  - {level: 1, name: critical, response_target: PT2H}
  - {level: 2, name: important, response_target: PT6H}
  - {level: 3, name: minimal, response_target: PT12H}
rules:
  - id: R1-crash
    level: 1
    when: {field: symptoms.crash_or_hang, is: true}
  - id: R1-data
    level: 1
    when: {field: symptoms.data_loss, is: true}
  - id: R3-unstable
    level: 3
    when: {field: symptoms.unstable, is: true}
ceilings:
  - id: C2-workaround
    max_level: 2
    when: {field: symptoms.workaround_available, is: true}
  - id: C2-resolve
    max_level: 2
    when: {field: symptoms.customer_can_resolve, is: true}
  - id: C3-staging
    max_level: 3
    when: {field: environment, equals: staging}
"""


@pytest.fixture(scope="module")
def policy():
    return load_policy_texts([("mini.yaml", MINI_POLICY)])


@pytest.fixture(scope="module")
def classifier(policy):
    return Classifier(policy)


def classify(classifier, **ticket):
    return classifier.classify({"id": "T", **ticket})


def decided(classifier, **ticket):
    """The deciding criteria of one ticket, from the decision the classifier handed out."""
    _, decision = classifier.classify_one({"id": "T", **ticket})
    return decisive(decision)


def test_the_most_severe_matched_rules_decide_and_the_others_are_overridden(classifier, policy):
    found = decided(classifier, symptoms={"crash_or_hang": True, "unstable": True})
    assert (found.rule, found.ceilings) == ("R1-crash", ())
    assert [(o.rule_id, o.by) for o in found.overridden] == [("R3-unstable", "rule R1-crash")]
    assert found.label() == "R1-crash"


def test_rules_tied_at_the_deciding_level_all_decide(classifier, policy):
    # as validate reads "decides": a rule at the same level as another is never reported as
    # never-deciding, so coverage credits both (issue 8: validate and test agree)
    found = decided(classifier, symptoms={"crash_or_hang": True, "data_loss": True, "unstable": True})
    assert found.deciders() == ("R1-crash", "R1-data") and found.rule == "R1-crash"
    assert [(o.rule_id, o.by) for o in found.overridden] == [("R3-unstable", "rule R1-crash")]


def test_a_ceiling_that_sets_the_final_level_decides_and_the_rule_does_not(classifier, policy):
    record = classify(classifier, symptoms={"crash_or_hang": True, "workaround_available": True})
    found = decided(classifier, symptoms={"crash_or_hang": True, "workaround_available": True})
    assert record["severity"] == 2
    assert (found.rule, found.ceilings) == (None, ("C2-workaround",))
    assert [(o.rule_id, o.by) for o in found.overridden] == [("R1-crash", "ceiling C2-workaround")]
    assert found.label() == "C2-workaround over R1-crash"


def test_only_the_strictest_applied_ceiling_decides(classifier, policy):
    record = classify(classifier, environment="staging",
                      symptoms={"crash_or_hang": True, "workaround_available": True})
    assert record["applied_caps"] == ["C2-workaround", "C3-staging"]
    assert decided(classifier, environment="staging",
                   symptoms={"crash_or_hang": True, "workaround_available": True}).ceilings == ("C3-staging",)


def test_two_ceilings_with_the_same_maximum_both_decide(classifier, policy):
    found = decided(classifier, symptoms={"crash_or_hang": True, "workaround_available": True,
                                          "customer_can_resolve": True})
    assert found.deciders() == ("C2-workaround", "C2-resolve")


def test_without_a_rule_the_basis_is_named(classifier, policy):
    assert decided(classifier, symptoms={}).label() == "default level"
    found = decided(classifier, declared_severity=1, environment="staging")
    assert found.label() == "C3-staging over declared level"


def test_coverage_distinguishes_decided_matched_and_untouched(classifier, policy):
    coverage = DecisiveCoverage(policy)
    for symptoms in ({"crash_or_hang": True, "unstable": True},   # R1-crash decides, R3 matches
                     {"data_loss": True, "workaround_available": True},  # C2 decides over R1-data
                     {"unstable": True, "workaround_available": True}):  # C2 holds, not stricter than 3
        _, decision = classifier.classify_one({"id": "T", "symptoms": symptoms})
        coverage.add(decision)
    statuses = {item_id: item.status for item_id, item in coverage.items.items()}
    assert statuses == {"R1-crash": DECIDED, "R1-data": MATCHED, "R3-unstable": DECIDED,
                        "C2-workaround": DECIDED, "C2-resolve": UNTOUCHED, "C3-staging": UNTOUCHED}
    assert coverage.items["C2-workaround"].matched == 2 and coverage.items["C2-workaround"].decided == 1
    assert coverage.decided_count == 3 and coverage.total == 6
    assert coverage.below(0.6) and not coverage.below(3 / 6)


def _fixture(fixture_id, symptoms, severity, todo=None):
    return Fixture(fixture_id, {"id": fixture_id, "symptoms": symptoms}, {"severity": severity}, "",
                   [], todo, "mini-fixtures.yaml", 1)


def test_run_statuses_and_the_holding_ceiling_seen_through_the_engine(policy):
    run = run_fixtures(policy, [
        _fixture("pass", {"unstable": True, "workaround_available": True}, 3),
        _fixture("fail", {"crash_or_hang": True}, 2),
        _fixture("todo", {"crash_or_hang": True}, 3, todo="not yet"),
        _fixture("fixed", {"data_loss": True}, 1, todo="was a gap"),
    ])
    assert [o.status for o in run.outcomes] == [PASSED, FAILED, TODO, FIXED]
    assert run.summary == {"passed": 1, "failed": 2, "todo": 1}
    assert run.summary_line() == "1 passed, 2 failed, 1 todo"
    # C2-workaround held for the passing fixture without being stricter: matched, not untouched.
    assert run.coverage.items["C2-workaround"].status == MATCHED
    # Only passing fixtures count: the failing R1-crash fixture does not cover R1-crash.
    assert run.coverage.items["R1-crash"].status == UNTOUCHED


def test_select_by_substring_or_glob():
    fixtures = [_fixture(name, {}, 3) for name in ("L1-crash/a", "L1-data/b", "L2-crash/c")]
    assert [f.id for f in select(fixtures, ("crash",))] == ["L1-crash/a", "L2-crash/c"]
    assert [f.id for f in select(fixtures, ("L1-*",))] == ["L1-crash/a", "L1-data/b"]
    assert [f.id for f in select(fixtures, ("*/b", "L2"))] == ["L1-data/b", "L2-crash/c"]
    assert select(fixtures, ("L1-*/c",)) == []
