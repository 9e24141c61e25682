"""How messages people read write values, schema errors and counts.

Values are written as JSON.
Python's ``repr`` writes ``None``, ``True``, ``'high'``, ``['a', 'b']`` and
``datetime.datetime(2026, 1, 1, 10, 0)``; tickets are JSON, and policies,
fixtures and mappings are YAML read as JSON data, so the people who read the
messages write ``null``, ``true``, ``"high"``, ``["a", "b"]``. jsonschema words
its errors with reprs, so its message is rewritten for every keyword the
published schemas use (tickets, policies, detectors, fixtures, mappings); any
other keyword keeps jsonschema's sentence with the reprs it holds replaced.

Counts get their singular: "1 error", "2 errors" (``counted``).

This is the base layer (policy, tickets and every command word their messages
with it), so it writes JSON with the standard library, as
``tickets.json_codec.dumps_inline`` does.
"""

from __future__ import annotations

import json
import re
from datetime import date, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``1 ticket``, ``2 tickets``, ``1,000 blank lines``: a count with the right form of the noun."""
    return f"{count:,} {singular if count == 1 else plural or singular + 's'}"


def _yaml_only(value: Any) -> Any:
    """A value YAML can give but JSON cannot hold, as the nearest JSON (a time as its ISO text)."""
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(type(value).__name__)


def json_term(value: Any) -> str:
    """``value`` quoted in a sentence as JSON: ``null``, ``true``, ``"high"``, ``["a", 2]``."""
    try:
        return json.dumps(value, ensure_ascii=False, default=_yaml_only)
    except (TypeError, ValueError):  # not data (an object of the program's own): as Python writes it
        return repr(value)


def json_type(value: Any) -> str:
    """A decoded JSON value's type in JSON terms, with its article: "an array", "an object",
    "a string", "a boolean", "a number", "null" (the words of error records and messages)."""
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null" if value is None else type(value).__name__


def json_terms_message(error: ValidationError) -> str:
    """``error.message`` with values and names written as JSON."""
    value, expected, keyword = error.instance, error.validator_value, error.validator
    shown = json_term(value)
    if keyword == "type":
        types = expected if isinstance(expected, list) else [expected]
        return f"{shown} is not of type {' or '.join(json_term(name) for name in types)}"
    if keyword == "enum" and isinstance(expected, list):
        return f"{shown} is not one of {json_term(expected)}"
    if keyword == "const":
        return f"{json_term(expected)} was expected, not {shown}"
    if keyword == "required" and isinstance(value, dict) and isinstance(expected, list):
        missing = [name for name in expected if name not in value]
        if missing:
            return f"{json_term(missing[0])} is a required property"
    if keyword == "minimum":
        return f"{shown} is less than the minimum of {json_term(expected)}"
    if keyword == "maximum":
        return f"{shown} is greater than the maximum of {json_term(expected)}"
    if keyword == "exclusiveMinimum":
        return f"{shown} is less than or equal to the minimum of {json_term(expected)}"
    if keyword == "exclusiveMaximum":
        return f"{shown} is greater than or equal to the maximum of {json_term(expected)}"
    if keyword in ("minLength", "minItems", "minProperties"):
        return f"{shown} should be non-empty" if expected == 1 else f"{shown} is too short (at least {expected})"
    if keyword in ("maxLength", "maxItems", "maxProperties"):
        return f"{shown} is too long (at most {expected})"
    if keyword == "pattern":
        return f"{shown} does not match {json_term(expected)}"
    if keyword == "uniqueItems":
        return f"{shown} has non-unique elements"
    if keyword == "not":
        return f"{shown} should not be valid under {json_term(expected)}"
    if keyword in ("oneOf", "anyOf"):
        if "valid under each of" in error.message:
            return f"{shown} is valid under more than one of the given schemas"
        return f"{shown} is not valid under any of the given schemas"
    if keyword == "additionalProperties" and isinstance(value, dict) and expected is False:
        schema = error.schema if isinstance(error.schema, dict) else {}
        patterns = list(schema.get("patternProperties", {}))
        extras = [key for key in value if key not in schema.get("properties", {})
                  and not any(re.search(pattern, str(key)) for pattern in patterns)]
        if extras:
            return f"unexpected key {json_term(extras[0])}"
    message = error.message.replace(repr(value), shown)
    return message.replace(repr(expected), json_term(expected))
