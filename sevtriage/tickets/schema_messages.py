"""jsonschema's messages about a ticket, worded in JSON terms.

jsonschema writes the failing value with Python's ``repr``: ``None``,
``True``, ``'yes'``, ``['a', 'b']``. A ticket is JSON and the people who read
its error records write JSON, so the value and the schema's words are quoted
as JSON instead: ``null``, ``true``, ``"yes"``, ``["a", "b"]``. The keywords of
the ticket schema get their own sentence; any other keyword keeps
jsonschema's sentence with the value's repr replaced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sevtriage.tickets.json_codec import dumps_inline

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


def _json(value: Any) -> str:
    try:
        return dumps_inline(value)
    except (TypeError, ValueError):  # not JSON (cannot come from a decoded ticket): as jsonschema says it
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
    if isinstance(value, (int, float)):
        return "a number"
    return "null" if value is None else type(value).__name__


def json_terms_message(error: ValidationError) -> str:
    """``error.message`` with values and names written as JSON."""
    value, expected = error.instance, error.validator_value
    if error.validator == "type":
        types = expected if isinstance(expected, list) else [expected]
        return f"{_json(value)} is not of type {' or '.join(_json(name) for name in types)}"
    if error.validator == "enum" and isinstance(expected, list):
        return f"{_json(value)} is not one of {_json(expected)}"
    if error.validator == "const":
        return f"{_json(expected)} was expected, not {_json(value)}"
    if error.validator == "required" and isinstance(value, dict) and isinstance(expected, list):
        missing = [name for name in expected if name not in value]
        if missing:
            return f"{_json(missing[0])} is a required property"
    if error.validator == "minimum":
        return f"{_json(value)} is less than the minimum of {_json(expected)}"
    if error.validator == "maximum":
        return f"{_json(value)} is greater than the maximum of {_json(expected)}"
    if error.validator == "minLength" and expected == 1:
        return f"{_json(value)} should be non-empty"
    return error.message.replace(repr(value), _json(value), 1)
