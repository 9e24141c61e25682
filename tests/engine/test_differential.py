"""The durable_rules classifier against the pure-Python reference evaluator.

The reference (``sevtriage.engine.reference``) reads the condition tree
directly and is obviously right; agreement on every generated ticket, with
random subsets of fields missing, is what proves the compiler's semantics
(negation normal form, missing fields, projection of strings and aliases).
"""

from __future__ import annotations

import random

import pytest
from differential_helpers import random_policy_yaml, random_ticket

from sevtriage.engine.classifier import Classifier
from sevtriage.engine.compiler import compile_policy
from sevtriage.engine.durable_matcher import DurableMatcher
from sevtriage.engine.reference import ReferenceMatcher, compile_condition, holds
from sevtriage.policy.loader import load_policy_texts
from sevtriage.problems import PolicyError
from sevtriage.tickets.records import InputRecord

TICKETS = 10_000


def test_bundled_policy_engine_agrees_with_reference_on_10000_tickets(policy, classifier, reference_classifier):
    rng = random.Random(20261126)
    tickets = [random_ticket(rng, n) for n in range(TICKETS)]
    engine = list(classifier.classify_records(_records(tickets)))
    oracle = list(reference_classifier.classify_records(_records(tickets)))
    disagreements = [(t, e, o) for t, e, o in zip(tickets, engine, oracle) if e != o]
    assert disagreements == []
    # The generated tickets exercise every rule and ceiling, and every level.
    fired = {rule for r in engine for rule in r["matched_rules"] + r["applied_caps"]}
    assert fired == {i.id for i in (*policy.rules, *policy.ceilings)}
    assert {r["severity"] for r in engine} == {1, 2, 3, 4}


@pytest.mark.parametrize("seed", range(40))
def test_random_policies_engine_agrees_with_reference(seed):
    rng = random.Random(seed)
    try:
        policy = load_policy_texts([(f"random-{seed}.yaml", random_policy_yaml(rng))])
        engine = DurableMatcher(compile_policy(policy))
    except PolicyError as error:  # a generated contradiction the loader rejects is fine; say which
        pytest.fail(f"generated policy rejected: {error}")
    reference = ReferenceMatcher(policy)
    classifier = Classifier(policy, engine)
    batch = [classifier.prepare(random_ticket(rng, n, present=rng.choice([0.2, 0.5, 0.8]))).values
             for n in range(500)]
    assert engine.match_many(batch) == reference.match_many(batch)


def _records(tickets):
    return (InputRecord(None, n + 1, ticket=t) for n, t in enumerate(tickets))


@pytest.mark.parametrize("seed", range(10))
def test_compiled_reference_agrees_with_the_tree_walking_one(seed):
    """The reference matcher's closures mean what ``holds`` means, condition by condition."""
    rng = random.Random(1000 + seed)
    policy = load_policy_texts([(f"random-{seed}.yaml", random_policy_yaml(rng))])
    classifier = Classifier(policy, ReferenceMatcher(policy))
    items = (*policy.rules, *policy.ceilings)
    compiled = [compile_condition(item.condition, policy) for item in items]
    for n in range(300):
        values = classifier.prepare(random_ticket(rng, n, present=rng.choice([0.2, 0.5, 0.8]))).values
        assert [test(values) for test in compiled] == [holds(i.condition, values, policy) for i in items]


@pytest.mark.parametrize("seed", range(1))
def test_policies_of_1000_rules_are_split_over_rulesets_and_agree_with_reference(seed):
    """Larger than one ruleset can hold: the compiler shards it, the matcher merges the shards."""
    rng = random.Random(5000 + seed)
    policy = load_policy_texts([(f"big-{seed}.yaml", random_policy_yaml(rng, rules_count=1000))])
    compiled = compile_policy(policy)
    assert len(compiled.shards()) > 1
    tickets = [random_ticket(rng, n, present=rng.choice([0.2, 0.5, 0.8])) for n in range(200)]
    engine = list(Classifier(policy, DurableMatcher(compiled)).classify_records(_records(tickets)))
    oracle = list(Classifier(policy, ReferenceMatcher(policy)).classify_records(_records(tickets)))
    assert engine == oracle
    assert sum(len(r["matched_rules"]) for r in engine) > 0
