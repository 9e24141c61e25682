"""A fast yes/no answer to "does jsonschema accept this ticket?", built from the schema.

Validating with ``jsonschema`` costs ~170 µs per ticket, most of the time of a
batch. Nearly every ticket is valid, so a check that only has to say *valid*
quickly is enough: when it says *invalid*, ``jsonschema`` runs as before and
writes the error message, so every error record stays exactly what it was.

The check is compiled from the published ticket schema itself (no second copy
of the contract to drift), and only for the keywords it knows how to apply
with jsonschema's exact semantics; a schema using any other keyword gets no
fast check at all (``compile_check`` returns None) and everything goes through
jsonschema. ``tests/test_batch_ticket_check.py`` checks with hypothesis that
the two accept exactly the same tickets.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sevtriage.resources import load_schema

Check = Callable[[Any], bool]

# Annotations and keywords with no effect on which instances are valid.
_IGNORED = frozenset({"$schema", "$id", "title", "description", "$comment", "examples"})
_SUPPORTED = _IGNORED | {"type", "required", "properties", "enum", "minLength", "minimum",
                         "maximum", "format"}


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


def _enum_check(options: list[Any]) -> Check:
    if not all(isinstance(option, str) for option in options):
        raise _Unsupported("enum of non-strings")  # jsonschema's 1 != True rules: not reproduced
    allowed = frozenset(options)
    return lambda v: isinstance(v, str) and v in allowed


def _compile(schema: dict[str, Any], formats: dict[str, Check]) -> Check:
    unknown = set(schema) - _SUPPORTED
    if unknown:
        raise _Unsupported(", ".join(sorted(unknown)))
    checks: list[Check] = []
    if "type" in schema:
        if not isinstance(schema["type"], str) or schema["type"] not in _TYPES:
            raise _Unsupported(f"type {schema['type']!r}")
        checks.append(_TYPES[schema["type"]])
    if "enum" in schema:
        checks.append(_enum_check(schema["enum"]))
    if "minLength" in schema:
        least = schema["minLength"]
        checks.append(lambda v: not isinstance(v, str) or len(v) >= least)
    if "minimum" in schema:
        low = schema["minimum"]
        checks.append(lambda v: not _is_number(v) or v >= low)
    if "maximum" in schema:
        high = schema["maximum"]
        checks.append(lambda v: not _is_number(v) or v <= high)
    if "format" in schema:
        if schema["format"] not in formats:
            raise _Unsupported(f"format {schema['format']!r}")
        checks.append(formats[schema["format"]])
    if "required" in schema or "properties" in schema:
        checks.append(_object_check(schema, formats))
    if len(checks) == 1:
        return checks[0]
    return _every(tuple(checks))


def _every(checks: tuple[Check, ...]) -> Check:
    def check(value: Any) -> bool:
        for one in checks:  # noqa: SIM110 (a plain loop: this runs per field per ticket)
            if not one(value):
                return False
        return True

    return check


def _object_check(schema: dict[str, Any], formats: dict[str, Check]) -> Check:
    required = tuple(schema.get("required", ()))
    properties = {name: _compile(sub, formats) for name, sub in schema.get("properties", {}).items()}

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True  # properties/required only constrain objects
        for name in required:
            if name not in value:
                return False
        for name, item in value.items():
            sub = properties.get(name)
            if sub is not None and not sub(item):
                return False
        return True

    return check


def compile_check(schema: dict[str, Any], formats: dict[str, Check]) -> Check | None:
    """A predicate equal to jsonschema's ``is_valid`` for ``schema``, or None if unsure."""
    try:
        return _compile(schema, formats)
    except _Unsupported:
        return None


@cache
def fast_ticket_check() -> Check | None:
    """The compiled check for the ticket schema (None: always ask jsonschema)."""
    from sevtriage.tickets.prepare import is_rfc3339_or_not_string

    return compile_check(load_schema("ticket"), {"date-time": is_rfc3339_or_not_string})
