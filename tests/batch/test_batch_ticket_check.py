"""The fast ticket check accepts exactly what jsonschema accepts (hypothesis)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_profiles import examples
from ticket_strategies import tickets

from sevtriage.tickets.contract_check import compile_check, fast_ticket_check
from sevtriage.tickets.json_codec import jsonl_line
from sevtriage.tickets.prepare import ticket_validator


@settings(max_examples=examples(1500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tickets)
def test_fast_check_accepts_exactly_what_jsonschema_accepts(ticket):
    assert fast_ticket_check()(ticket) == ticket_validator().is_valid(ticket)


def test_a_schema_with_a_keyword_the_compiler_does_not_know_gets_no_fast_check():
    assert compile_check({"type": "object", "patternProperties": {}}, {}) is None
    assert compile_check({"enum": [1, True]}, {}) is None
    assert compile_check({"type": "string", "format": "email"}, {}) is None
    assert compile_check({"type": "object", "required": ["id"]}, {}) is not None


records = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63 - 1),
              st.text(alphabet=st.characters(blacklist_categories=("Cs",)))),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=examples(400), deadline=None)
@given(st.dictionaries(st.text(max_size=6), records, max_size=5))
def test_the_one_jsonl_writer_writes_compact_stdlib_json(record):
    # the codec writes with orjson for speed; its output is what the stdlib's compact form is
    assert jsonl_line(record) == json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert json.loads(jsonl_line(record)) == record
