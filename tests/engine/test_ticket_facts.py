"""The one-pass preparer vouches only for valid tickets, and then agrees with the slow path."""

from __future__ import annotations

import random

import pytest
from differential_helpers import random_policy_yaml, random_ticket
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sevtriage.contract import readable_fields
from sevtriage.engine.classifier import Classifier
from sevtriage.engine.projection import build_projection
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.engine.ticket_facts import build_ticket_facts
from sevtriage.policy.loader import load_policy_texts
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.prepare import prepare_ticket

FIELDS = ["id", "created_at", "declared_severity", "technology", "environment", "server_role",
          "request_type", "phase", "contact_available", "subject", "description", "language",
          "symptoms", "unknown", "symptom"]
FLAGS = [path.split(".", 1)[1] for path in readable_fields() if path.startswith("symptoms.")] + ["data_los"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 7), st.sampled_from([1.0, 2.0, 4.0, 2.5, -0.0, 1e300]),
    st.floats(allow_nan=False), st.text(max_size=8),
    st.sampled_from(["", "production", "staging", "primary", "secondary", "question", "implementation",
                     "minor", "severe", "true", "MS SQL", " .NET ", "dotnet", "sqlserver",
                     "2026-03-02T09:15:00+01:00", "2026-03-02T09:15:00Z", "2026-03-02T09:15:00.123456789z",
                     "2026-03-02T09:15:00-00:00", "2026-03-02 09:15:00+01:00", "2026-02-30T09:15:00Z",
                     "2026-03-02T09:15:00", "2026-03-02T24:00:00Z", "2026-03-02T09:15:00+25:00"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.sampled_from(FLAGS), inner, max_size=4), max_leaves=6)
tickets = st.one_of(
    values,
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=8),
    st.fixed_dictionaries({"id": st.text(max_size=4)}, optional={name: values for name in FIELDS[1:]}),
    st.fixed_dictionaries({"id": st.just("T"), "symptoms": st.dictionaries(st.sampled_from(FLAGS), scalars)},
                          optional={name: scalars for name in FIELDS[1:12]}),
)


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
