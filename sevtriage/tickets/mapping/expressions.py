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
``jmespath.compile(...).search``. ``tests/tickets/test_mapping_expressions.py`` checks
with hypothesis that both give the same answer, or the same error type.
"""

from __future__ import annotations

import json
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
_NO_CONSTANT = object()
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
    return value is None or value is False or value == "" or value == [] or value == {}


is_false = _is_false  # jmespath's falsy values (for callers deciding ``A || B`` themselves)


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


def _or(left: Eval, right: Eval, constant: Any = _NO_CONSTANT) -> Eval:
    if constant is not _NO_CONSTANT:  # ``tags || `[]```: the common case, without a call for the literal
        def either_literal(value: Any) -> Any:
            matched = left(value)
            return constant if _is_false(matched) else matched
        return either_literal

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


def _field_equals(name: str, constant: Any) -> Eval:
    """``name == `constant``` for a string or a number other than 0 and 1: Python's ``==`` is
    then jmespath's (no ``true == 1`` case to special-case)."""
    def equals(value: Any) -> bool:
        return isinstance(value, dict) and bool(value.get(name) == constant)
    return equals


def _comparator(kind: str, left: Eval, right: Eval, field_literal: tuple[str, Any] | None = None) -> Eval:
    if kind == "eq" and field_literal is not None:
        name, constant = field_literal
        if isinstance(constant, str) or (_is_number(constant) and constant not in (0, 1)):
            return _field_equals(name, constant)
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


def _is_first(node: Node) -> bool:
    """``[0]`` on its own (a pipe's right side): ``index_expression(identity, index 0)``."""
    children = node.get("children", [])
    return (node["type"] == "index_expression" and len(children) == 2 and children[0]["type"] == "identity"
            and children[1]["type"] == "index" and children[1]["value"] == 0)


def _first(node: Node, shared: _Shared | None) -> Eval:
    """``PROJECTION | [0]``: the projection's first non-null value (what ``[0]`` of its list is)."""
    lookup = _lookup_of(node)
    if shared is not None and lookup is not None and lookup[0] in shared.keys:
        return _indexed(lookup, shared)
    projection = node["children"][0]
    parts = projection["children"]
    base, keep = _compile(parts[0], shared), _compile(parts[1], shared)
    test = _compile(parts[2], shared) if projection["type"] == "filter_projection" else None

    def first(value: Any) -> Any:
        items = base(value)
        if not isinstance(items, list):
            return None
        for element in items:
            if test is None or not _is_false(test(element)):
                current = keep(element)
                if current is not None:
                    return current
        return None
    return first


Lookup = tuple[str, Node, str, str, Any]  # (index key, list node, key field, value field, the literal)


def _lookup_of(node: Node) -> Lookup | None:
    """``LIST[?k == `literal`].v | [0]`` (a custom field read by its id), for a literal whose
    Python ``==`` is jmespath's (a string, or a number other than 0 and 1): its parts, and the
    key naming the per-record index of LIST by ``k`` that answers it."""
    if node["type"] != "pipe" or len(node["children"]) != 2 or not _is_first(node["children"][1]):
        return None
    projection = node["children"][0]
    if projection["type"] != "filter_projection":
        return None
    base, keep, test = projection["children"]
    if keep["type"] != "field" or test["type"] != "comparator" or test["value"] != "eq":
        return None
    left, right = test["children"]
    if left["type"] != "field" or right["type"] != "literal":
        return None
    constant = right["value"]
    if not (isinstance(constant, str) or (_is_number(constant) and constant not in (0, 1))):
        return None
    return "index " + _key([base, left["value"], keep["value"]]), base, left["value"], keep["value"], constant


def _indexed(lookup: Lookup, shared: _Shared) -> Eval:
    """A lookup answered from one index per record of LIST by ``k``: each key's first element
    whose ``v`` is not null, which is the first element the filter keeps (equal numbers and
    strings hash equally; an unhashable ``k`` equals no such literal)."""
    key, base_node, name, wanted, constant = lookup
    index_of = shared.closures.get(key)
    if index_of is None:
        base = _compile(base_node, shared)

        def build(value: Any) -> dict[Any, Any] | None:
            items = base(value)
            if not isinstance(items, list):
                return None
            index: dict[Any, Any] = {}
            for element in items:
                if isinstance(element, dict):
                    found = element.get(wanted)
                    if found is not None:
                        try:  # noqa: SIM105 (contextlib.suppress costs a call per element)
                            index.setdefault(element.get(name), found)
                        except TypeError:  # a list or an object as k: never equal to the literal
                            pass
            return index
        index_of = shared.remembered(key, build)

    def lookup_value(value: Any) -> Any:
        index = index_of(value)
        return None if index is None else index.get(constant)
    return lookup_value


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


def _contains(subject: Any, search: Any) -> Any:
    """``contains`` without the library's per-call signature check, for the types it allows."""
    if isinstance(subject, list) or (isinstance(subject, str) and isinstance(search, str)):
        return search in subject
    return _FUNCTIONS.call_function("contains", [subject, search])  # its type error, or its answer


# Mappings call contains() once per tag flag: jmespath's signature check was most of a ticket's time.
_FAST: dict[str, Callable[..., Any]] = {"contains": _contains}


def _function(name: str, args: list[Eval], constants: list[Any]) -> Eval:
    fast = _FAST.get(name)
    if fast is not None and len(args) == 2:
        first, second = args
        if constants[1] is not _NO_CONSTANT:
            search = constants[1]
            return lambda value: fast(first(value), search)
        return lambda value: fast(first(value), second(value))
    call = _FUNCTIONS.call_function
    return lambda value: call(name, [arg(value) for arg in args])


class _Shared:
    """Sub-expressions that several expressions of one mapping contain (``tags || `[]```, a
    DynamicField filter), each evaluated once per record: the closure keeps its last input
    (a strong reference, so no other object can take its identity) and its answer."""

    def __init__(self, trees: list[Node]):
        counts: dict[str, int] = {}
        for tree in trees:
            self._count(tree, counts)
        self.keys = {key for key, count in counts.items() if count > 1}
        self.closures: dict[str, Eval] = {}
        self.cells: list[list[Any]] = []

    def _count(self, node: Node, counts: dict[str, int]) -> None:
        if node.get("type") in _TRIVIAL:
            return
        lookup = _lookup_of(node)
        if lookup is not None:  # lookups in the same list by the same key share its index
            counts[lookup[0]] = counts.get(lookup[0], 0) + 1
        key = _key(node)
        counts[key] = counts.get(key, 0) + 1
        for child in node.get("children", []):
            if isinstance(child, dict):
                self._count(child, counts)

    def remembered(self, key: str, inner: Eval) -> Eval:
        if key in self.closures:
            return self.closures[key]
        cell: list[Any] = [_NO_CONSTANT, None]
        self.cells.append(cell)

        def remembered(value: Any) -> Any:
            if value is cell[0]:
                return cell[1]
            out = inner(value)
            cell[0], cell[1] = value, out
            return out
        self.closures[key] = remembered
        return remembered

    def forget(self) -> None:
        """Drop every remembered answer: called before each record."""
        for cell in self.cells:
            cell[0], cell[1] = _NO_CONSTANT, None


_TRIVIAL = frozenset({"field", "literal", "current", "identity", "index"})


def _key(node: Any) -> str:
    return json.dumps(node, sort_keys=True, default=repr)


def _compile(node: Node, shared: _Shared | None = None) -> Eval:
    if shared is not None and node["type"] not in _TRIVIAL:
        key = _key(node)
        if key in shared.keys:
            if key in shared.closures:
                return shared.closures[key]
            return shared.remembered(key, _compile_node(node, shared))
    return _compile_node(node, shared)


def _compile_node(node: Node, shared: _Shared | None) -> Eval:
    kind = node["type"]
    children = node.get("children", [])
    if kind == "field":
        return _field(node["value"])
    if kind == "pipe" and len(children) == 2 and _is_first(children[1]) \
            and children[0]["type"] in ("filter_projection", "projection"):
        return _first(node, shared)  # ``list[?id==`1`].value | [0]``: the first match, no list built
    if kind in ("subexpression", "pipe", "index_expression"):
        return _chain([_compile(child, shared) for child in children])
    if kind == "index":
        return _index(node["value"])
    if kind == "literal":
        return _literal(node["value"])
    if kind in ("current", "identity"):
        return _identity
    if kind == "or_expression":
        right = children[1]
        constant = right["value"] if right["type"] == "literal" else _NO_CONSTANT
        return _or(_compile(children[0], shared), _compile(right, shared), constant)
    if kind == "and_expression":
        return _and(_compile(children[0], shared), _compile(children[1], shared))
    if kind == "not_expression":
        return _not(_compile(children[0], shared))
    if kind == "comparator":
        first, second = children
        field_literal = ((first["value"], second["value"])
                         if first["type"] == "field" and second["type"] == "literal" else None)
        return _comparator(node["value"], _compile(first, shared), _compile(second, shared), field_literal)
    if kind == "filter_projection":
        return _filter(_compile(children[0], shared), _compile(children[1], shared), _compile(children[2], shared))
    if kind == "projection":
        return _projection(_compile(children[0], shared), _compile(children[1], shared))
    if kind == "flatten":
        return _flatten(_compile(children[0], shared))
    if kind == "multi_select_list":
        return _multi_list([_compile(child, shared) for child in children])
    if kind == "multi_select_dict":
        return _multi_dict([(pair["value"], _compile(pair["children"][0], shared)) for pair in children])
    if kind == "function_expression":
        if any(child["type"] == "expref" for child in children):
            raise _Unsupported(kind)  # sort_by(&x), map(&x): the interpreter's business
        constants = [child["value"] if child["type"] == "literal" else _NO_CONSTANT for child in children]
        return _function(node["value"], [_compile(child, shared) for child in children], constants)
    raise _Unsupported(kind)


@dataclass(frozen=True)
class Expression:
    """One compiled expression: ``search(data)`` gives its value, or raises JMESPathError."""

    text: str
    search: Eval
    compiled: bool  # False: evaluated by jmespath's interpreter
    # ``contains(SUBJECT, 'literal')``: (SUBJECT's canonical text, its closure, the literal), so
    # that flags read from the same tag list can be answered from one evaluation of it.
    contains: tuple[str, Eval, str] | None = None
    # ``contains(S, 'a') && 'x' || contains(S, 'b') && 'y' || `null```: (S's canonical text, its
    # closure, the function giving the expression's value when S is a given list)
    choice: tuple[str, Eval, Callable[[list[Any]], Any]] | None = None
    # ``L[?k == `literal`].v | [0]`` with L one key of the record (a custom field read by its id):
    # (L, k, v, the literal); its value is that of the first object of L whose k equals the
    # literal and whose v is not null (see ``_indexed``), so a caller may read several in one pass.
    lookup: tuple[str, str, str, Any] | None = None


def compile_expression(text: str) -> Expression:
    """Parse ``text`` (JMESPathError when it is not JMESPath) and compile it."""
    parsed = jmespath.compile(text)
    try:
        return Expression(text, _compile(cast(Node, parsed.parsed)), True)
    except _Unsupported:
        return Expression(text, parsed.search, False)


def compile_together(texts: list[str]) -> tuple[list[Expression], Callable[[], None]]:
    """The expressions of one mapping, sub-expressions they share evaluated once per record.

    Every text must parse (check each with ``compile_expression`` first). The
    second value must be called before each record: it forgets the answers
    remembered for the previous one.
    """
    parsed = [jmespath.compile(text) for text in texts]
    shared = _Shared([cast(Node, p.parsed) for p in parsed])
    out = []
    for text, tree in zip(texts, parsed, strict=True):
        node = cast(Node, tree.parsed)
        try:
            out.append(Expression(text, _compile(node, shared), True, _contains_of(node, shared),
                                  _choice_of(node, shared), _field_lookup(node)))
        except _Unsupported:
            out.append(Expression(text, tree.search, False))
    return out, shared.forget


def _field_lookup(node: Node) -> tuple[str, str, str, Any] | None:
    lookup = _lookup_of(node)
    if lookup is None or lookup[1]["type"] != "field":
        return None
    return lookup[1]["value"], lookup[2], lookup[3], lookup[4]


NO_DEFAULT = _NO_CONSTANT


def field_or_literal(key: str) -> tuple[str, Any] | None:
    """A ``contains`` subject (its canonical text, ``Expression.contains[0]``) that is one key
    of the record, ``tags``, or one key or a literal, ``tags || `[]```: (the key, the literal
    or ``NO_DEFAULT``); None for any other subject."""
    node = json.loads(key)
    if node.get("type") == "field":
        return node["value"], NO_DEFAULT
    children = node.get("children", [])
    if (node.get("type") == "or_expression" and len(children) == 2 and children[0].get("type") == "field"
            and children[1].get("type") == "literal"):
        return children[0]["value"], children[1]["value"]
    return None


def _or_terms(node: Node) -> list[Node]:
    if node["type"] == "or_expression":  # left-associative: ((a || b) || c)
        return _or_terms(node["children"][0]) + [node["children"][1]]
    return [node]


def _choice_of(node: Node, shared: _Shared) -> tuple[str, Eval, Callable[[list[Any]], Any]] | None:
    terms = _or_terms(node)
    if len(terms) < 2 or terms[-1]["type"] != "literal":
        return None
    pairs: list[tuple[str, Any]] = []
    keys: set[str] = set()
    subject: Eval | None = None
    for term in terms[:-1]:
        if term["type"] != "and_expression" or term["children"][1]["type"] != "literal":
            return None
        found = _contains_of(term["children"][0], shared)
        if found is None:
            return None
        keys.add(found[0])
        subject = found[1]
        pairs.append((found[2], term["children"][1]["value"]))
    if len(keys) != 1 or subject is None:
        return None
    default = terms[-1]["value"]

    def choose(listed: list[Any]) -> Any:
        """The first ``contains(...) && value`` term that holds with a true value, else the last literal."""
        for tag, value in pairs:
            if tag in listed and not _is_false(value):
                return value
        return default
    return keys.pop(), subject, choose


def _contains_of(node: Node, shared: _Shared) -> tuple[str, Eval, str] | None:
    if node["type"] != "function_expression" or node["value"] != "contains" or len(node["children"]) != 2:
        return None
    subject, search = node["children"]
    if search["type"] != "literal" or not isinstance(search["value"], str):
        return None
    return _key(subject), _compile(subject, shared), search["value"]
