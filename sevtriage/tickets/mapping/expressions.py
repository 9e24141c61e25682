"""JMESPath expressions, compiled to Python closures where that is exact.

A mapping evaluates 10-25 expressions per ticket. jmespath's tree interpreter
dispatches every node through a method lookup, which made mapping cost more
than classifying. The node types mappings use (fields, sub-expressions,
indexes, pipes, filters, projections, ``||``/``&&``/``!``, comparisons,
literals, multi-selects, function calls) are compiled here into closures that
copy the interpreter's semantics line for line (its truthiness, its
``0 != false`` equality, its null propagation); function calls go through
jmespath's own ``Functions`` so their type checks and errors are the
library's. Any other node makes the whole expression fall back to
``jmespath.compile(...).search``. ``tests/test_mapping_expressions.py`` checks
with hypothesis that both give the same answer, or the same error type.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import jmespath
from jmespath import functions
from jmespath.exceptions import JMESPathError

Node = dict[str, Any]
Eval = Callable[[Any], Any]
_FUNCTIONS = functions.Functions()
_ORDER = {"lt": operator.lt, "gt": operator.gt, "lte": operator.le, "gte": operator.ge}

__all__ = ["Expression", "JMESPathError", "compile_expression"]


class _Unsupported(Exception):
    pass


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equals(x: Any, y: Any) -> bool:
    """jmespath's equality: ``0``/``1`` never equal ``false``/``true`` (Python says they do)."""
    if _is_number(x) and x in (0, 1):
        if isinstance(y, bool):
            return False
    elif _is_number(y) and y in (0, 1) and isinstance(x, bool):
        return False
    return bool(x == y)


def _is_comparable(value: Any) -> bool:
    return _is_number(value) or isinstance(value, str)


def _is_false(value: Any) -> bool:
    return value == "" or value == [] or value == {} or value is None or value is False


def _field(name: str) -> Eval:
    def field(value: Any) -> Any:
        try:
            return value.get(name)
        except AttributeError:
            return None
    return field


def _chain(steps: list[Eval]) -> Eval:
    if len(steps) == 1:
        return steps[0]
    if len(steps) == 2:
        first, second = steps

        def pair(value: Any) -> Any:
            return second(first(value))
        return pair

    def chain(value: Any) -> Any:
        for step in steps:
            value = step(value)
        return value
    return chain


def _index(position: int) -> Eval:
    def index(value: Any) -> Any:
        if not isinstance(value, list):
            return None
        try:
            return value[position]
        except IndexError:
            return None
    return index


def _literal(constant: Any) -> Eval:
    return lambda value: constant


def _identity(value: Any) -> Any:
    return value


def _or(left: Eval, right: Eval) -> Eval:
    def either(value: Any) -> Any:
        matched = left(value)
        return right(value) if _is_false(matched) else matched
    return either


def _and(left: Eval, right: Eval) -> Eval:
    def both(value: Any) -> Any:
        matched = left(value)
        return matched if _is_false(matched) else right(value)
    return both


def _not(child: Eval) -> Eval:
    def negate(value: Any) -> Any:
        result = child(value)
        if _is_number(result) and result == 0:
            return False
        return not result
    return negate


def _comparator(kind: str, left: Eval, right: Eval) -> Eval:
    if kind == "eq":
        return lambda value: _equals(left(value), right(value))
    if kind == "ne":
        return lambda value: not _equals(left(value), right(value))
    compare = _ORDER[kind]

    def ordered(value: Any) -> Any:
        a, b = left(value), right(value)
        if not (_is_comparable(a) and _is_comparable(b)):
            return None
        return compare(a, b)
    return ordered


def _filter(base: Eval, keep: Eval, test: Eval) -> Eval:
    def filtered(value: Any) -> Any:
        items = base(value)
        if not isinstance(items, list):
            return None
        out = []
        for element in items:
            if not _is_false(test(element)):
                current = keep(element)
                if current is not None:
                    out.append(current)
        return out
    return filtered


def _projection(base: Eval, each: Eval) -> Eval:
    def projected(value: Any) -> Any:
        items = base(value)
        if not isinstance(items, list):
            return None
        out = []
        for element in items:
            current = each(element)
            if current is not None:
                out.append(current)
        return out
    return projected


def _flatten(base: Eval) -> Eval:
    def flattened(value: Any) -> Any:
        items = base(value)
        if not isinstance(items, list):
            return None
        out: list[Any] = []
        for element in items:
            if isinstance(element, list):
                out.extend(element)
            else:
                out.append(element)
        return out
    return flattened


def _multi_list(children: list[Eval]) -> Eval:
    def multi(value: Any) -> Any:
        if value is None:
            return None
        return [child(value) for child in children]
    return multi


def _multi_dict(pairs: list[tuple[str, Eval]]) -> Eval:
    def multi(value: Any) -> Any:
        if value is None:
            return None
        return {key: child(value) for key, child in pairs}
    return multi


def _function(name: str, args: list[Eval]) -> Eval:
    call = _FUNCTIONS.call_function
    return lambda value: call(name, [arg(value) for arg in args])


def _compile(node: Node) -> Eval:
    kind = node["type"]
    children = node.get("children", [])
    if kind == "field":
        return _field(node["value"])
    if kind in ("subexpression", "pipe", "index_expression"):
        return _chain([_compile(child) for child in children])
    if kind == "index":
        return _index(node["value"])
    if kind == "literal":
        return _literal(node["value"])
    if kind in ("current", "identity"):
        return _identity
    if kind == "or_expression":
        return _or(_compile(children[0]), _compile(children[1]))
    if kind == "and_expression":
        return _and(_compile(children[0]), _compile(children[1]))
    if kind == "not_expression":
        return _not(_compile(children[0]))
    if kind == "comparator":
        return _comparator(node["value"], _compile(children[0]), _compile(children[1]))
    if kind == "filter_projection":
        return _filter(_compile(children[0]), _compile(children[1]), _compile(children[2]))
    if kind == "projection":
        return _projection(_compile(children[0]), _compile(children[1]))
    if kind == "flatten":
        return _flatten(_compile(children[0]))
    if kind == "multi_select_list":
        return _multi_list([_compile(child) for child in children])
    if kind == "multi_select_dict":
        return _multi_dict([(pair["value"], _compile(pair["children"][0])) for pair in children])
    if kind == "function_expression":
        if any(child["type"] == "expref" for child in children):
            raise _Unsupported(kind)  # sort_by(&x), map(&x): the interpreter's business
        return _function(node["value"], [_compile(child) for child in children])
    raise _Unsupported(kind)


@dataclass(frozen=True)
class Expression:
    """One compiled expression: ``search(data)`` gives its value, or raises JMESPathError."""

    text: str
    search: Eval
    compiled: bool  # False: evaluated by jmespath's interpreter


def compile_expression(text: str) -> Expression:
    """Parse ``text`` (JMESPathError when it is not JMESPath) and compile it."""
    parsed = jmespath.compile(text)
    try:
        return Expression(text, _compile(cast(Node, parsed.parsed)), True)
    except _Unsupported:
        return Expression(text, parsed.search, False)
