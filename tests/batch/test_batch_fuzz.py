"""Fuzz: any JSON ticket and any YAML policy end in a result, an error record or a PolicyError.

Never a traceback. Where a policy loads, the engine must also agree with the
reference evaluator on every generated ticket.
"""

from __future__ import annotations

import yaml
from batch_helpers import policy_head
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples

from sevtriage.contract import readable_fields
from sevtriage.engine.classifier import Classifier
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.policy.loader import load_policy, load_policy_texts
from sevtriage.problems import PolicyError
from sevtriage.resources import bundled_policy_path
from sevtriage.tickets.records import InputRecord

FIELDS = sorted(readable_fields())
FUZZ = settings(max_examples=examples(300), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
              st.text(max_size=10), st.sampled_from(["production", "staging", "secondary", "question",
                                                     "implementation", "severe", "minor", "mssql",
                                                     "SQL Server", ".NET", "true"])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
symptoms = st.dictionaries(st.sampled_from([f.split(".", 1)[1] for f in FIELDS if "." in f]),
                           st.one_of(st.booleans(), json_values), max_size=5)
tickets = st.one_of(
    json_values,
    st.fixed_dictionaries({"id": st.one_of(st.text(min_size=1, max_size=5), json_values)},
                          optional={**{f: json_values for f in FIELDS if "." not in f},
                                    "symptoms": symptoms, "created_at": st.just("2026-03-02T09:15:00Z")}),
)


def _classifiers(policy):
    return Classifier(policy), Classifier(policy, ReferenceMatcher(policy))


BUNDLED = _classifiers(load_policy(bundled_policy_path()))


def _check_records(records, engine, oracle):
    got = list(engine.classify_records(records))
    expected = list(oracle.classify_records(records))
    assert len(got) == len(records)
    assert got == expected
    for record in got:
        assert ("severity" in record) != ("error" in record)


@FUZZ
@given(st.lists(tickets, min_size=1, max_size=6))
def test_any_json_ticket_gives_the_reference_result_or_an_error_record(batch):
    _check_records([InputRecord(None, n, ticket) for n, ticket in enumerate(batch)], *BUNDLED)


@FUZZ
@given(st.lists(st.binary(max_size=40) | st.just(b'{"id": "a", "symptoms": {"data_loss": true}}'),
                min_size=1, max_size=6))
def test_any_bytes_as_a_line_give_one_record_each(lines):
    lines = [line.replace(b"\n", b" ") for line in lines]
    _check_records([InputRecord("f", n, raw=line) for n, line in enumerate(lines)], *BUNDLED)


# -- policies ---------------------------------------------------------------------------

operators = st.sampled_from(["is", "equals", "in", "gt", "gte", "lt", "lte", "exists", "missing",
                             "alias_of", "matches"])
operands = st.one_of(st.booleans(), st.integers(-3, 6), st.sampled_from(
    ["production", "staging", "secondary", "question", "severe", "mssql", "dotnet", "nope"]),
    st.lists(st.one_of(st.booleans(), st.integers(0, 4), st.sampled_from(["staging", "question"])),
             max_size=3), st.none())
predicates = st.builds(lambda field, op, value: {"field": field, op: value},
                       st.sampled_from(FIELDS + ["symptoms.data_los", "Bad Field"]), operators, operands)
conditions = st.recursive(predicates, lambda inner: st.one_of(
    st.builds(lambda items: {"all": items}, st.lists(inner, max_size=3)),
    st.builds(lambda items: {"any": items}, st.lists(inner, max_size=3)),
    st.builds(lambda item: {"not": item}, inner)), max_leaves=8)
rules = st.lists(st.fixed_dictionaries({"id": st.sampled_from(["A", "B", "C", "D", "bad id"]),
                                        "level": st.integers(0, 5), "when": conditions}), max_size=5)
ceilings = st.lists(st.fixed_dictionaries({"id": st.sampled_from(["cap-1", "cap-2"]),
                                           "max_level": st.integers(1, 5), "when": conditions}), max_size=2)


@FUZZ
@given(rules, ceilings, st.lists(tickets, min_size=1, max_size=4))
def test_any_structured_policy_loads_and_agrees_with_the_reference_or_is_a_policy_error(rs, cs, batch):
    text = yaml.safe_dump({"rules": rs, "ceilings": cs})
    try:
        policy = load_policy_texts([("policy.yaml", policy_head()), ("rules.yaml", text)])
        classifiers = _classifiers(policy)
    except PolicyError as error:
        assert error.problems and all(str(p) for p in error.problems)
        return
    _check_records([InputRecord(None, n, t) for n, t in enumerate(batch)], *classifiers)


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.floats(allow_nan=True)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["rules", "ceilings", "levels", "policy", "aliases", "when", "id", "field", "x"])
        | st.text(max_size=4), inner, max_size=4),
    max_leaves=12,
)


@FUZZ
@given(st.one_of(yaml_values.map(lambda v: yaml.safe_dump(v)), st.text(max_size=80)))
def test_any_yaml_text_is_a_policy_or_a_policy_error(text):
    try:
        policy = load_policy_texts([("policy.yaml", policy_head()), ("rules.yaml", text)])
        Classifier(policy).classify({"id": "x"})
    except PolicyError as error:
        assert error.problems
    try:
        load_policy_texts([("only.yaml", text)])
    except PolicyError as error:
        assert error.problems


@settings(max_examples=examples(40), deadline=None)
@given(st.integers(900, 1030), st.sampled_from(["symptoms", "technology", "x", "id", "declared_severity"]),
       st.sampled_from(["[", '{"k":']))
def test_values_nested_near_the_parsers_depth_limit_give_error_records(depth, field, opener):
    closer = "]" if opener == "[" else "}"
    line = ('{"id": "deep", "%s": ' % field + opener * depth + ("1" if opener != "[" else "")
            + closer * depth + "}").encode()
    _check_records([InputRecord(None, 1, raw=line)], *BUNDLED)
