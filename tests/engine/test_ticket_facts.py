"""The one-pass preparer vouches only for valid tickets, and then agrees with the slow path."""

from __future__ import annotations

import random

import pytest
from differential_helpers import random_policy_yaml, random_ticket
from hypothesis import HealthCheck, given, settings
from ticket_strategies import tickets

from sevtriage.contract import readable_fields
from sevtriage.engine.classifier import Classifier
from sevtriage.engine.projection import build_projection
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.engine.ticket_facts import OBJECT, _encode, _Entry, _entry, _find, _project, build_ticket_facts
from sevtriage.policy.loader import load_policy_texts
from sevtriage.resources import load_schema
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.prepare import prepare_ticket


@pytest.fixture(scope="module")
def bundled(policy):
    projection = build_projection(policy)
    return policy, projection, build_ticket_facts(policy, projection)


def _slow(policy, projection, ticket):
    try:
        prepared = prepare_ticket(ticket, policy.field_defaults)
    except TicketError:
        return None
    return prepared, projection.fact(prepared.values)


def _check(policy, projection, fast, ticket):
    slow = _slow(policy, projection, ticket)
    done = fast(ticket)
    if done is None:
        return slow is None
    assert slow is not None, ticket  # it vouched for an invalid ticket
    assert done[0] == slow[0]
    assert done[1] == slow[1]
    assert list(done[0].values) == list(slow[0].values)  # the same order too
    return True


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tickets)
def test_the_one_pass_preparer_equals_prepare_ticket_and_the_projection(bundled, ticket):
    policy, projection, fast = bundled
    _check(policy, projection, fast, ticket)


def test_the_one_pass_preparer_vouches_for_every_valid_ticket_of_random_policies():
    for seed in range(10):
        rng = random.Random(seed)
        policy = load_policy_texts([(f"random-{seed}.yaml", random_policy_yaml(rng))])
        projection = build_projection(policy)
        fast = build_ticket_facts(policy, projection)
        assert fast is not None
        for n in range(200):
            ticket = random_ticket(rng, n, present=rng.choice([0.2, 0.5, 0.8]))
            assert fast(ticket) is not None
            assert _check(policy, projection, fast, ticket)


def test_a_ticket_with_no_unknown_field_gets_no_warning_work_and_one_with_gets_the_hint(policy):
    classifier = Classifier(policy, ReferenceMatcher(policy))
    assert classifier.classify({"id": "a", "symptoms": {"unstable": True}})["warnings"] == []
    warned = classifier.classify({"id": "b", "creatd_at": "x", "symptoms": {"data_los": True}})["warnings"]
    assert warned == ['unknown field "creatd_at": no rule can read it (did you mean "created_at"?)',
                      'unknown field "symptoms.data_los": no rule can read it (did you mean "symptoms.data_loss"?)']


def _nested(name, value):
    """``symptoms.data_loss`` -> ``{"symptoms": {"data_loss": value}}``."""
    for part in reversed(name.split(".")):
        value = {part: value}
    return value


def test_encode_and_its_copy_inlined_in_walk_agree_with_projection_fact(policy):
    """``_encode`` (field defaults) and the lines ``_walk`` inlines from it (every ticket key) give
    ``Projection.fact``'s values for every field the policy reads, at every literal it names."""
    projection = build_projection(policy)
    fast = build_ticket_facts(policy, projection)
    root = _Entry(OBJECT, None, None)
    readable = set(readable_fields())
    root.table = {name: _entry(sub, name, readable) for name, sub in load_schema("ticket")["properties"].items()}
    _project(root, projection)
    checked = 0
    for name, kind in projection.kinds.items():
        if kind == "boolean":
            candidates = [True, False]
        elif kind == "integer":
            candidates = [1, 2, 3, 4, 2.0]
        else:
            candidates = [*projection.vocab[name], "not-a-literal-of-the-policy"]
            candidates += [s for (field, _), spellings in projection.alias_spellings.items() if field == name
                           for s in sorted(spellings)[:3]]
        entry = _find(root, name)
        assert entry is not None, name
        for value in candidates:
            fact = {}
            _encode(entry, value, fact)
            assert fact == projection.fact({name: int(value) if entry.integral else value}), (name, value)
            done = fast({"id": "T", **_nested(name, value)})
            if done is not None:  # values the contract refuses are left to prepare_ticket
                assert done[1] == projection.fact(done[0].values), (name, value)
                checked += 1
    assert checked > 20
