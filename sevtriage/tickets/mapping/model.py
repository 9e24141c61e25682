"""A loaded mapping: what it reads from a helpdesk record and how it writes the contract ticket.

Kept as plain frozen data so that worker processes share it as it is after a
fork, and ``sevtriage serve`` can hold one per preset.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import field as dataclass_field  # FieldRule has an attribute named field
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sevtriage.contract import STRING, FieldSpec, readable_fields
from sevtriage.wording import json_term

if TYPE_CHECKING:  # annotations only: jmespath is imported when a mapping is loaded
    from sevtriage.tickets.mapping.expressions import Expression

DATE = "date"
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # a JMESPath identifier: one field look-up


@cache
def mappable_fields() -> dict[str, FieldSpec]:
    """Every contract field a mapping may fill (all but ``id``, which has its own expression)."""
    fields = {"created_at": FieldSpec("created_at", DATE), "subject": FieldSpec("subject", STRING),
              "description": FieldSpec("description", STRING)}
    fields.update(readable_fields())
    return fields


def table_key(value: Any) -> str | None:
    """The key a source value is looked up by: numbers and their digits are the same key
    (Freshdesk sends ``4``, its CSV export ``"4"``); None for values no table can hold."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value
    return None


@dataclass(frozen=True)
class ValueTable:
    """Source values to contract values (None: the field is left missing)."""

    name: str
    values: dict[str, Any]

    def describe(self) -> str:
        keys = list(self.values)
        shown = ", ".join(json_term(key) for key in keys[:12])
        return shown + (f", ... ({len(keys)} values)" if len(keys) > 12 else "")


@dataclass(frozen=True)
class FieldRule:
    """How one contract field is read: an expression, maybe a table, typed by the contract."""

    field: str
    spec: FieldSpec
    expression: Expression
    table: ValueTable | None = None
    false_as_missing: bool = False
    strip_html: bool = False

    flag: str | None = dataclass_field(init=False, default=None)  # the symptom's name for symptoms.* fields

    plain_text: bool = dataclass_field(init=False, default=False)  # a string field taken as it is

    def __post_init__(self) -> None:
        object.__setattr__(self, "flag", self.field[9:] if self.field.startswith("symptoms.") else None)
        object.__setattr__(self, "plain_text", self.spec.kind == STRING and self.table is None
                           and not self.strip_html)

    @property
    def pointer(self) -> str:
        return "/" + self.field.replace(".", "/")


@dataclass
class Step:
    """One step of ``apply``: a field's expression, or a group of tag flags over one list."""

    search: Callable[[Any], Any]
    rule: FieldRule
    subject: Callable[[Any], Any] | None = None  # the shared list, for a group
    members: list[tuple[str, FieldRule]] = field(default_factory=list)  # (tag, flag rule)
    choices: list[FieldRule] = field(default_factory=list)  # rules whose expression is a tag choice
    key: str | None = None  # the expression is this one key: ``record.get(key)`` (a record is a dict)


def _groupable(rule: FieldRule) -> bool:
    return (rule.expression.contains is not None and rule.table is None and rule.flag is not None
            and rule.spec.kind == "boolean")


def _plan(rules: tuple[FieldRule, ...]) -> list[Step]:
    steps: list[Step] = []
    groups: dict[str, Step] = {}
    counts: dict[str, int] = {}
    for rule in rules:
        if _groupable(rule):
            key = rule.expression.contains[0]  # type: ignore[index]
            counts[key] = counts.get(key, 0) + 1
    for rule in rules:
        contains, choice = rule.expression.contains, rule.expression.choice
        if contains is not None and _groupable(rule) and counts[contains[0]] > 1:
            key, subject, tag = contains
            if key not in groups:
                groups[key] = Step(rule.expression.search, rule, subject)
                steps.append(groups[key])
            groups[key].members.append((tag, rule))
        elif choice is not None and choice[0] in groups:  # after the group's first member
            groups[choice[0]].choices.append(rule)
        else:
            text = rule.expression.text
            steps.append(Step(rule.expression.search, rule, key=text if _PLAIN_KEY.fullmatch(text) else None))
    return steps


@dataclass(frozen=True)
class Mapping:
    """One helpdesk mapping. ``apply`` turns a source record into a contract ticket."""

    name: str
    source: str
    id: Expression
    fields: tuple[FieldRule, ...]
    records: tuple[Expression, ...] = ()
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    date_formats: tuple[str, ...] = ("rfc3339",)
    forget: Callable[[], None] = field(default=lambda: None, compare=False, repr=False)  # before each record

    @property
    def plan(self) -> list[Step]:
        """The loop of ``apply``: one step per field, except that flags read from the same
        list (``contains(tags || `[]`, 'sev_...')``) share one step that reads the list once."""
        cached: list[Step] | None = self.__dict__.get("_plan")
        if cached is None:
            cached = _plan(self.fields)
            object.__setattr__(self, "_plan", cached)
        return cached

    @property
    def record_keys(self) -> list[str | None] | None:
        """The ``records`` expressions as plain keys (None for ``@``), when they are only that."""
        if "_record_keys" not in self.__dict__:
            keys: list[str | None] | None = []
            for expression in self.records:
                if expression.text.strip() == "@":
                    keys.append(None)  # type: ignore[union-attr]
                elif _PLAIN_KEY.match(expression.text):
                    keys.append(expression.text)  # type: ignore[union-attr]
                else:
                    keys = None
                    break
            object.__setattr__(self, "_record_keys", keys)
        found: list[str | None] | None = self.__dict__["_record_keys"]
        return found

    def apply(self, record: Any, text_cells: bool = False) -> dict[str, Any]:
        """The contract ticket for one source record; TicketError (``mapping_error``,
        ``invalid_field``, ``missing_id``, ``not_an_object``) when it cannot be made."""
        from sevtriage.tickets.mapping.apply import apply_mapping
        return apply_mapping(self, record, text_cells)

    def explain(self, record: Any, text_cells: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
        """The ticket and, for each field set, the expression and source value that gave it."""
        from sevtriage.tickets.mapping.apply import apply_mapping
        trace: dict[str, Any] = {}
        return apply_mapping(self, record, text_cells, trace), trace

    def records_of(self, document: Any) -> list[Any]:
        """The source records of one input document (a payload's list envelope opened)."""
        from sevtriage.tickets.mapping.apply import records_of
        return records_of(self, document)
