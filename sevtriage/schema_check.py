"""A fast yes/no answer to "does jsonschema accept this instance?", compiled from a schema.

jsonschema is slow to import (~25 ms of a one-ticket run) and to run (~170 µs
per ticket; a second for a policy of 1,000 rules). Nearly every ticket and
every policy file is valid, so a check that only has to say *valid* quickly
is enough: when it says *invalid*, jsonschema runs as before and writes the
error message, so every error stays exactly what it was.

The check is compiled from the published schema itself (no second copy of the
contract to drift), and only from keywords it applies with jsonschema's exact
semantics (draft 2020-12); a schema using any other keyword, or a keyword in a
form it does not model, gets no fast check at all (``compile_check`` returns
None) and everything goes through jsonschema. Tests check with hypothesis and
with mutated policies that the two accept exactly the same instances.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Annotations and keywords with no effect on which instances are valid.
_IGNORED = frozenset({"$schema", "$id", "title", "description", "$comment", "examples", "default",
                      "deprecated", "readOnly", "writeOnly"})
_SUPPORTED = _IGNORED | {"type", "required", "properties", "enum", "minLength", "maxLength", "minimum",
                         "maximum", "format", "additionalProperties", "propertyNames", "items", "minItems",
                         "maxItems", "minProperties", "maxProperties", "pattern", "const", "not", "if",
                         "then", "else", "$ref", "$defs"}


class _Unsupported(Exception):
    """The schema uses something this compiler does not reproduce exactly."""


def _is_integer(value: Any) -> bool:
    # jsonschema: an int that is not a bool, or a float with no fractional part.
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": _is_integer,
    "number": _is_number,
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def _type_check(kind: Any) -> Check:
    names = [kind] if isinstance(kind, str) else kind
    if not isinstance(names, list) or not names or any(name not in _TYPES for name in names):
        raise _Unsupported(f"type {kind!r}")
    checks = tuple(_TYPES[name] for name in names)
    return checks[0] if len(checks) == 1 else lambda v: any(check(v) for check in checks)


def _enum_check(options: list[Any]) -> Check:
    if not isinstance(options, list) or not all(isinstance(option, str) for option in options):
        raise _Unsupported("enum of non-strings")  # jsonschema's 1 != True rules: not reproduced
    allowed = frozenset(options)
    return lambda v: isinstance(v, str) and v in allowed


def _const_check(constant: Any) -> Check:
    if isinstance(constant, bool) or constant is None:
        return lambda v: v is constant
    if isinstance(constant, str):
        return lambda v: isinstance(v, str) and v == constant
    raise _Unsupported("const of a number or a container")


def _count(key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Unsupported(f"{key} {value!r}")
    return value


class _Compiler:
    """Compiles one schema document; ``$ref`` to ``#/$defs/NAME`` resolved lazily (recursion)."""

    def __init__(self, root: dict[str, Any], formats: dict[str, Check]):
        self.root = root
        self.formats = formats
        self.refs: dict[str, Check] = {}

    def ref(self, target: Any) -> Check:
        if not isinstance(target, str) or not target.startswith("#/$defs/"):
            raise _Unsupported(f"$ref {target!r}")
        name = target[len("#/$defs/"):]
        definitions = self.root.get("$defs", {})
        if "/" in name or "~" in name or name not in definitions:
            raise _Unsupported(f"$ref {target!r}")
        if name not in self.refs:
            self.refs[name] = lambda v: True  # the placeholder while compiling a recursive definition
            compiled = self.compile(definitions[name])
            self.refs[name] = compiled
        return lambda v: self.refs[name](v)

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        if not isinstance(schema, dict):
            raise _Unsupported(repr(schema))
        unknown = set(schema) - _SUPPORTED
        if unknown:
            raise _Unsupported(", ".join(sorted(unknown)))
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(self.ref(schema["$ref"]))
        if "type" in schema:
            checks.append(_type_check(schema["type"]))
        if "enum" in schema:
            checks.append(_enum_check(schema["enum"]))
        if "const" in schema:
            checks.append(_const_check(schema["const"]))
        checks += self._string_checks(schema)
        checks += self._number_checks(schema)
        if "format" in schema:
            if schema["format"] not in self.formats:
                raise _Unsupported(f"format {schema['format']!r}")
            checks.append(self.formats[schema["format"]])
        if {"required", "properties", "additionalProperties", "propertyNames", "minProperties",
                "maxProperties"} & set(schema):
            checks.append(self._object_check(schema))
        if {"items", "minItems", "maxItems"} & set(schema):
            checks.append(self._array_check(schema))
        if "not" in schema:
            negated = self.compile(schema["not"])
            checks.append(lambda v: not negated(v))
        if "if" in schema:
            checks.append(self._conditional(schema))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        return _every(tuple(checks))

    @staticmethod
    def _string_checks(schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "minLength" in schema:
            least = _count("minLength", schema["minLength"])
            checks.append(lambda v: not isinstance(v, str) or len(v) >= least)
        if "maxLength" in schema:
            most = _count("maxLength", schema["maxLength"])
            checks.append(lambda v: not isinstance(v, str) or len(v) <= most)
        if "pattern" in schema:
            if not isinstance(schema["pattern"], str):
                raise _Unsupported("pattern")
            search = re.compile(schema["pattern"]).search  # jsonschema: re.search, unanchored
            checks.append(lambda v: not isinstance(v, str) or search(v) is not None)
        return checks

    @staticmethod
    def _number_checks(schema: dict[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "minimum" in schema:
            low = schema["minimum"]
            if not _is_number(low):
                raise _Unsupported("minimum")
            checks.append(lambda v: not _is_number(v) or v >= low)
        if "maximum" in schema:
            high = schema["maximum"]
            if not _is_number(high):
                raise _Unsupported("maximum")
            checks.append(lambda v: not _is_number(v) or v <= high)
        return checks

    def _object_check(self, schema: dict[str, Any]) -> Check:
        required = tuple(schema.get("required", ()))
        if not all(isinstance(name, str) for name in required):
            raise _Unsupported("required")
        properties = {name: self.compile(sub) for name, sub in schema.get("properties", {}).items()}
        additional = self.compile(schema["additionalProperties"]) if "additionalProperties" in schema else None
        names = self.compile(schema["propertyNames"]) if "propertyNames" in schema else None
        least = _count("minProperties", schema.get("minProperties", 0))
        most = _count("maxProperties", schema["maxProperties"]) if "maxProperties" in schema else None

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True  # these keywords only constrain objects
            if len(value) < least or (most is not None and len(value) > most):
                return False
            for name in required:
                if name not in value:
                    return False
            for name, item in value.items():
                if names is not None and not names(name):
                    return False
                sub = properties.get(name, additional)
                if sub is not None and not sub(item):
                    return False
            return True

        return check

    def _array_check(self, schema: dict[str, Any]) -> Check:
        items = self.compile(schema["items"]) if "items" in schema else None
        least = _count("minItems", schema.get("minItems", 0))
        most = _count("maxItems", schema["maxItems"]) if "maxItems" in schema else None

        def check(value: Any) -> bool:
            if not isinstance(value, list):
                return True
            if len(value) < least or (most is not None and len(value) > most):
                return False
            return items is None or all(items(item) for item in value)

        return check

    def _conditional(self, schema: dict[str, Any]) -> Check:
        condition = self.compile(schema["if"])
        then = self.compile(schema["then"]) if "then" in schema else None
        otherwise = self.compile(schema["else"]) if "else" in schema else None

        def check(value: Any) -> bool:
            if condition(value):
                return then is None or then(value)
            return otherwise is None or otherwise(value)

        return check


def _every(checks: tuple[Check, ...]) -> Check:
    def check(value: Any) -> bool:
        for one in checks:  # noqa: SIM110 (a loop: faster than all() over a generator, per ticket)
            if not one(value):
                return False
        return True

    return check


def compile_check(schema: dict[str, Any], formats: dict[str, Check]) -> Check | None:
    """A predicate equal to jsonschema's ``is_valid`` for ``schema``, or None if unsure."""
    try:
        return _Compiler(schema, formats).compile(schema)
    except (_Unsupported, re.error):
        return None
