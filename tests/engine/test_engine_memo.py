"""The engine's memo (``DurableMatcher(memo=True)``, the default) against no memo: the same output.

The memo answers a fact met again from memory instead of asserting it again. It is
exact because every engine rule is one pattern over one fact and the session holds
no fact between batches. These tests check that claim where it could fail: on random
policies (small ones, and policies of 1,000 rules sharded over several rulesets), on
random tickets drawn with many repeats, with the memo's generations made tiny so
that they turn over, every record and result line with the memo equals the one
without it, and the reference evaluator's. They also check that a repeat is really
not asserted again, that facts differing only in type are not confused, and that
the memo stays bounded.
"""

from __future__ import annotations

import itertools
import random
import tracemalloc
from typing import Any

import pytest
from differential_helpers import random_policy_yaml, random_ticket
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ticket_strategies import tickets as any_tickets

from sevtriage.contract import MISSING
from sevtriage.engine import durable_matcher
from sevtriage.engine.classifier import Classifier
from sevtriage.engine.compiler import compile_policy
from sevtriage.engine.durable_matcher import DurableMatcher
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.policy.loader import load_policy_texts
from sevtriage.policy.model import Policy
from sevtriage.tickets.json_codec import jsonl_line
from sevtriage.tickets.records import InputRecord


def _records(tickets: list[Any]) -> list[InputRecord]:
    return [InputRecord(None, n + 1, ticket=t) for n, t in enumerate(tickets)]


def _with_repeats(rng: random.Random, count: int, distinct: int) -> list[dict[str, Any]]:
    """``count`` tickets drawn from ``distinct`` random ones (each copy with its own id)."""
    pool = [random_ticket(rng, n, present=rng.choice([0.2, 0.5, 0.8])) for n in range(distinct)]
    return [{**rng.choice(pool), "id": f"R{n}"} for n in range(count)]


def _all_ways(policy: Policy, tickets: list[Any]) -> tuple[list[Any], list[Any], list[Any]]:
    """Records with the memo, without it, and from the reference evaluator; the memo's result
    lines are checked against its records on the way."""
    memo = Classifier(policy, text_flags=False)
    assert isinstance(memo.matcher, DurableMatcher) and memo.matcher.memo
    plain = Classifier(policy, text_flags=False, memo=False)
    reference = Classifier(policy, ReferenceMatcher(policy), text_flags=False)
    with_memo = list(memo.classify_records(_records(tickets)))
    lines = Classifier(policy, text_flags=False).result_lines(_records(tickets)).lines
    assert lines == [jsonl_line(record) for record in with_memo]
    return with_memo, list(plain.classify_records(_records(tickets))), \
        list(reference.classify_records(_records(tickets)))


@pytest.mark.parametrize("seed", range(20))
def test_memo_gives_the_same_results_as_no_memo_on_random_policies(seed, monkeypatch):
    monkeypatch.setattr(durable_matcher, "MEMO_GENERATION", 16)  # generations turn over many times
    rng = random.Random(7000 + seed)
    policy = load_policy_texts([(f"random-{seed}.yaml", random_policy_yaml(rng))])
    with_memo, without, reference = _all_ways(policy, _with_repeats(rng, 600, 80))
    assert with_memo == without
    assert with_memo == reference


def test_memo_gives_the_same_results_on_policies_of_1000_rules(monkeypatch):
    monkeypatch.setattr(durable_matcher, "MEMO_GENERATION", 64)
    rng = random.Random(7100)
    policy = load_policy_texts([("big.yaml", random_policy_yaml(rng, rules_count=1000))])
    assert len(compile_policy(policy).shards()) > 1
    with_memo, without, reference = _all_ways(policy, _with_repeats(rng, 400, 60))
    assert with_memo == without
    assert with_memo == reference
    assert sum(len(r["matched_rules"]) for r in with_memo) > 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=any_tickets.flatmap(lambda first: st.lists(st.one_of(any_tickets, st.just(first)), max_size=12)))
def test_memo_gives_the_same_records_on_any_tickets(batch, policy, memo_pair):
    """Valid and invalid tickets of every shape (tests/ticket_strategies.py), with repeats."""
    with_memo, without = memo_pair
    assert list(with_memo.classify_records(_records(batch))) == list(without.classify_records(_records(batch)))


@pytest.fixture(scope="module")
def memo_pair(policy):
    return Classifier(policy), Classifier(policy, memo=False)


class _Counting(DurableMatcher):
    """Counts the facts actually asserted."""

    def __init__(self, *args: Any, **kwargs: Any):
        self.asserted: list[int] = []
        super().__init__(*args, **kwargs)

    def _run(self, payload: str, count: int) -> list[set[str]]:
        self.asserted.append(count)
        return super()._run(payload, count)


def test_a_fact_met_again_is_not_asserted_again(policy):
    matcher = _Counting(compile_policy(policy))
    fact = matcher.compiled.projection.fact
    same = fact({"symptoms.data_loss": True, "environment": "production"})
    other = fact({"environment": "staging"})
    first = matcher.match_facts([same] * 200 + [other])
    assert matcher.asserted == [2]  # each distinct fact once
    assert first[0] == first[199] and first[0] != first[200]
    again = matcher.match_facts([other, same, dict(reversed(same.items()))])  # key order is not the fact
    assert matcher.asserted == [2]
    assert again == [first[200], first[0], first[0]]
    plain = _Counting(compile_policy(policy), memo=False)
    assert plain.match_facts([same] * 3) == [first[0]] * 3
    assert plain.asserted == [3]


def test_facts_that_differ_only_in_type_are_not_confused(policy):
    """``1 == True`` in Python, not in the payload: the memo keys on the encoding."""
    matcher = _Counting(compile_policy(policy))
    key = next(iter(matcher.compiled.projection.base_keys.values()))
    matcher.match_facts([{key: 1}, {key: True}, {key: 1.0}])
    assert matcher.asserted == [3]


def test_memo_is_bounded(policy, monkeypatch):
    monkeypatch.setattr(durable_matcher, "MEMO_GENERATION", 10)
    matcher = DurableMatcher(compile_policy(policy))
    projection = matcher.compiled.projection
    keys = list(projection.base_keys.values())[:6]
    domains = [[value for value in projection.domain(key) if value is not MISSING] for key in keys]
    facts = [dict(zip(keys, values, strict=True)) for values in itertools.product(*domains)][:60]
    assert len(facts) == 60
    no_memo = DurableMatcher(compile_policy(policy), memo=False)
    assert matcher.match_facts(facts) == no_memo.match_facts(facts)
    assert len(matcher._young) <= 10 and len(matcher._old) <= 10


def test_the_memo_keeps_small_keys(policy):
    """Each remembered fact costs its key's length, not orjson's 4 KB buffer (which made the
    memo's 16,384 facts 64 MB at a million tickets)."""
    matcher = DurableMatcher(compile_policy(policy))
    projection = matcher.compiled.projection
    keys = list(projection.base_keys.values())[:12]
    domains = [[value for value in projection.domain(key) if value is not MISSING] for key in keys]
    facts = [dict(zip(keys, values, strict=True)) for values in itertools.islice(itertools.product(*domains), 3000)]
    assert len(facts) == 3000
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for start in range(0, len(facts), 250):
            matcher.match_facts(facts[start:start + 250])
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(matcher._young) + len(matcher._old) == 3000
    assert grown < 3000 * 600  # about 300 bytes a fact; 4 KB a fact before
