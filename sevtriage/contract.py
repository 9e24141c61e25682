"""The ticket fields a rule may read, derived from the published ticket schema.

The ticket JSON Schema is the one description of contract v1; this module reads
it so that the loader's checks ("a rule reads a field the contract does not
have", "a flag compared to a string") and the engine's projection of tickets
never drift from what the schema validates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sevtriage.resources import load_schema
from sevtriage.wording import json_term


class _Missing:
    """The sentinel for "the ticket does not have this field" (READING.md: unknown, not false)."""

    def __repr__(self) -> str:
        return "MISSING"


#: The one marker of an absent field, wherever values of a field are enumerated
#: (the engine's limit domains, the analysis' domains, witnesses, counterfactuals).
MISSING: Any = _Missing()

BOOLEAN = "boolean"
ENUM = "enum"
INTEGER = "integer"
STRING = "string"

# Free text and identifiers: never sent to the engine (durable_rules compares
# only the first len % 65536 bytes of a string), never readable by a rule.
UNREADABLE = frozenset({"id", "created_at", "subject", "description"})


@dataclass(frozen=True)
class FieldSpec:
    """One readable ticket field: its dotted path, kind and allowed values."""

    path: str
    kind: str
    values: tuple[Any, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` could ever be this field's value in a valid ticket."""
        if self.kind == BOOLEAN:
            return isinstance(value, bool)
        if self.kind == ENUM:
            return isinstance(value, str) and value in self.values
        if self.kind == INTEGER:
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(value, str)

    def describe(self) -> str:
        if self.kind == ENUM:
            return "one of " + ", ".join(json_term(v) for v in self.values)
        if self.kind == INTEGER and self.minimum is not None:
            return f"an integer {self.minimum}..{self.maximum}"
        # other kinds (the mappings' "date" for created_at) are named as they are, never a KeyError
        return {BOOLEAN: "a boolean", INTEGER: "an integer", STRING: "a string"}.get(self.kind, f"a {self.kind}")


def _spec(path: str, schema: dict[str, Any]) -> FieldSpec:
    if "enum" in schema:
        return FieldSpec(path, ENUM, tuple(schema["enum"]))
    kind = schema.get("type")
    if kind == "boolean":
        return FieldSpec(path, BOOLEAN, (False, True))
    if kind == "integer":
        return FieldSpec(path, INTEGER, (), schema.get("minimum"), schema.get("maximum"))
    return FieldSpec(path, STRING)


def _walk(prefix: str, schema: dict[str, Any]) -> dict[str, FieldSpec]:
    fields: dict[str, FieldSpec] = {}
    for name, sub in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        if sub.get("type") == "object":
            fields.update(_walk(path + ".", sub))
        elif path not in UNREADABLE:
            fields[path] = _spec(path, sub)
    return fields


@cache
def readable_fields() -> dict[str, FieldSpec]:
    """Every field a rule may read, by dotted path (``symptoms.data_loss``)."""
    return _walk("", load_schema("ticket"))


@cache
def known_fields() -> frozenset[str]:
    """Every dotted path the contract defines, readable or not, objects included."""
    names: set[str] = set()

    def walk(prefix: str, schema: dict[str, Any]) -> None:
        for name, sub in schema.get("properties", {}).items():
            names.add(prefix + name)
            if sub.get("type") == "object":
                walk(prefix + name + ".", sub)

    walk("", load_schema("ticket"))
    return frozenset(names)
