"""The compiled expressions give exactly what jmespath's interpreter gives, or the same error."""

from __future__ import annotations

from typing import Any

import jmespath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sevtriage.resources import PRESET_NAMES
from sevtriage.tickets.mapping import load_mapping
from sevtriage.tickets.mapping.expressions import JMESPathError, compile_expression, compile_together

EXPRESSIONS = [
    "a", "a.b", "a[0]", "a[-1]", "a | [0]", "a || b", "a && b", "!a", "a == b", "a != `1`", "a < b",
    "a >= `2`", "a[?b == `1`].c", "a[?b == `1`].c | [0]", "a[*].b | [0]", "a[?b].c | [0]", "a[?b == `2`].c", "a[?c == `null`]", "a[?b=='x'].c | [0]", "a[*].b", "a[]", "[a, b]", "{x: a, y: b}",
    "contains(a || `[]`, 'x')", "contains(a, b)", "to_string(a)", "length(a)", "type(a) == 'string' && a",
    "join(' ', a[].b || `[]`)", "`true`", "@", "a.b.c || `\"d\"`", "!(a == `0`)", "a && [@]",
    "[*].{t: @}", "a[?!b]",
]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from(["", "x", "y"]),
                    st.floats(allow_nan=False, allow_infinity=False, width=16))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "b", "c", "t"]), inner, max_size=3)),
    max_leaves=8)


def _outcome(search: Any, data: Any) -> Any:
    try:
        return ("value", search(data))
    except (JMESPathError, TypeError) as exc:  # jmespath raises TypeError for contains('', null)
        return ("error", type(exc).__name__)


@pytest.mark.parametrize("text", EXPRESSIONS)
def test_every_listed_expression_is_compiled(text: str) -> None:
    assert compile_expression(text).compiled


@settings(max_examples=300, deadline=None)
@given(data=values, text=st.sampled_from(EXPRESSIONS))
def test_compiled_equals_interpreted(data: Any, text: str) -> None:
    compiled = compile_expression(text)
    reference = jmespath.compile(text)
    assert _outcome(compiled.search, data) == _outcome(reference.search, data)


# One mapping's expressions, compiled together: shared sub-expressions and the per-record index
# of a list read by several ``LIST[?k == `literal`].v | [0]`` look-ups (string and number literals).
TOGETHER = [
    "a[?b == `2`].c | [0]", "a[?b == 'x'].c | [0]", "a[?b == `-2`].c | [0]", "a[?b == `2`].t | [0]",
    "a[?b == 'y'].t | [0]", "a[?b == `1`].c | [0]", "contains(a || `[]`, 'x')", "contains(a || `[]`, 'y')",
    "contains(a || `[]`, 'x') && 'p' || contains(a || `[]`, 'y') && 'q' || `null`", "b", "a.b",
]


@settings(max_examples=300, deadline=None)
@given(records=st.lists(values, min_size=1, max_size=3))
def test_expressions_compiled_together_equal_interpreted(records: list[Any]) -> None:
    together, forget = compile_together(TOGETHER)
    for data in records:  # several records: nothing remembered for one may answer the next
        forget()
        for text, expression in zip(TOGETHER, together, strict=True):
            assert _outcome(expression.search, data) == _outcome(jmespath.compile(text).search, data), text


def test_a_lookup_index_keeps_the_first_non_null_value() -> None:
    together, forget = compile_together(["a[?b == `2`].c | [0]", "a[?b == 'x'].c | [0]"])
    data = {"a": [{"b": 2, "c": None}, {"b": [2]}, {"b": 2.0, "c": "first"}, {"b": 2, "c": "second"},
                  "x", {"b": "x", "c": 0}]}
    forget()
    assert [e.search(data) for e in together] == ["first", 0]


def test_the_presets_are_compiled_whole() -> None:
    for name in PRESET_NAMES:
        mapping = load_mapping(name)
        texts = [rule.expression for rule in mapping.fields] + [mapping.id, *mapping.records]
        assert all(expression.compiled for expression in texts), name


def test_an_unsupported_node_falls_back_to_the_interpreter() -> None:
    expression = compile_expression("sort_by(a, &b)[0].b")
    assert not expression.compiled
    assert expression.search({"a": [{"b": 2}, {"b": 1}]}) == 1
