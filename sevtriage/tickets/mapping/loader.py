"""Loading a mapping (a shipped preset or a YAML file), with every problem at ``file:line:col``.

The file is read with the policy's safe, position-keeping YAML reader, checked
against ``sevtriage/schemas/mapping.schema.json``, then checked for what a
schema cannot see: contract field names (with a "did you mean"), JMESPath
syntax and function names, table references, table values the contract field
cannot hold, the time zone. All problems are collected before failing, as for
a policy.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jmespath
from jmespath import functions

from sevtriage.contract import BOOLEAN, INTEGER, STRING
from sevtriage.policy.yaml_source import SourceDoc, load_yaml
from sevtriage.problems import ERROR, PolicyError, Problem
from sevtriage.resources import PRESET_NAMES, load_schema, preset_path
from sevtriage.tickets.mapping.dates import DEFAULT_FORMATS, check_timezone
from sevtriage.tickets.mapping.expressions import Expression, JMESPathError, compile_expression, compile_together
from sevtriage.tickets.mapping.model import DATE, FieldRule, Mapping, ValueTable, mappable_fields, table_key
from sevtriage.wording import json_term, json_terms_message

if TYPE_CHECKING:  # jsonschema is imported when a mapping file is checked, not for a shipped preset
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_ID = "mapping-schema"
_WORD = re.compile(r"[^\s:,{}\[\]]+")
_KNOWN_FUNCTIONS = frozenset(functions.Functions.FUNCTION_TABLE)


class MappingError(PolicyError):
    """A mapping that cannot be loaded: every problem found, each at file:line:col."""


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # ~40 ms of start-up, paid only for a mapping file

    return Draft202012Validator(load_schema("mapping"))


def resolve(name_or_path: str) -> Path:
    """A preset's shipped file for a bare preset name, else the path as given."""
    if name_or_path in PRESET_NAMES:
        return preset_path(name_or_path)
    return Path(name_or_path)


def _properties(error: ValidationError) -> dict[str, Any]:
    schema = error.schema
    return dict(schema.get("properties", {})) if isinstance(schema, dict) else {}


def _schema_problem(doc: SourceDoc, error: ValidationError) -> Problem:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(_properties(error))
        extras = [key for key in error.instance if key not in allowed]
        if extras and allowed:
            close = difflib.get_close_matches(str(extras[0]), allowed, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else f"; allowed: {', '.join(allowed)}"
            return doc.problem(path + (extras[0],), f'unexpected key "{extras[0]}"{hint}', SCHEMA_ID, key=True)
    if error.validator == "oneOf" and len(path) == 2 and path[0] == "fields":
        if isinstance(error.instance, dict):  # the object form was meant: report its own error
            inner = [sub for sub in (error.context or []) if sub.relative_schema_path[0] == 1]
            if inner:
                return _schema_problem(doc, inner[0])
        return doc.problem(path, "a field takes an expression (a string) or {from: EXPRESSION, table: ..., "
                                 "false_as_missing: ..., strip_html: ...}", SCHEMA_ID)
    return doc.problem(path, json_terms_message(error), SCHEMA_ID)


def _schema_problems(doc: SourceDoc) -> list[Problem]:
    """Every schema error, except a missing key that a misspelt key stands for (reported once, as the typo)."""
    errors = list(_validator().iter_errors(doc.data))
    meant: set[tuple[tuple[Any, ...], str]] = set()
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(_properties(error))
            for key in error.instance:
                if key not in allowed:
                    meant.update((tuple(error.absolute_path), close)
                                 for close in difflib.get_close_matches(str(key), allowed, n=1))
    out = []
    for error in errors:
        if error.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            if missing and (tuple(error.absolute_path), missing[0]) in meant:
                continue
        out.append(_schema_problem(doc, error))
    return out


def _functions_of(node: dict[str, Any]) -> list[str]:
    found = [node["value"]] if node.get("type") == "function_expression" else []
    for child in node.get("children", []):
        if isinstance(child, dict):
            found += _functions_of(child)
    return found


class _Checker:
    """Collects the semantic problems of one schema-valid document."""

    def __init__(self, doc: SourceDoc, text: str):
        self.doc = doc
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    def written(self, path: tuple[Any, ...]) -> str:
        """The key at ``path`` as written in the file (``Yes``, where YAML read ``True``)."""
        line, column = self.doc.key_positions.get(path, (0, 0))
        if not 0 < line <= len(self.lines):
            return ""
        match = _WORD.match(self.lines[line - 1], column - 1)
        return match.group(0) if match else ""

    def error(self, path: tuple[Any, ...], message: str, check_id: str, key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, check_id, key=key))

    def expression(self, path: tuple[Any, ...], text: str) -> Expression | None:
        try:
            compiled = compile_expression(text)
        except JMESPathError as exc:
            self.error(path, f"not a JMESPath expression: {str(exc).splitlines()[0]} in `{text}`", "expression")
            return None
        tree = cast(dict[str, Any], jmespath.compile(text).parsed)
        unknown = [name for name in _functions_of(tree) if name not in _KNOWN_FUNCTIONS]
        if unknown:
            close = difflib.get_close_matches(unknown[0], sorted(_KNOWN_FUNCTIONS), n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            self.error(path, f'unknown JMESPath function "{unknown[0]}"{hint}', "expression")
            return None
        return compiled

    def table(self, path: tuple[Any, ...], name: str, raw: dict[Any, Any], field: str | None) -> ValueTable:
        values: dict[str, Any] = {}
        spec = mappable_fields().get(field) if field else None
        if spec is not None and spec.kind == DATE:  # "takes no table" is reported; its values are not checked
            spec = None
        for key, value in raw.items():
            canonical = table_key(key)
            if isinstance(key, bool) and self.written(path + (key,)).lower() not in ("", "true", "false"):
                word = self.written(path + (key,))
                self.error(path + (key,), f'YAML reads the key {word} as the boolean {str(key).lower()}; '
                                          f'quote it ("{word}") to match the text', "table", key=True)
            if canonical is None:
                self.error(path + (key,), "a table key must be a string, a number or a boolean", "table", key=True)
                continue
            if canonical in values:
                self.error(path + (key,), f"the key {json_term(key)} is already in the table {name} "
                                          "(numbers and their digits are the same key)", "table", key=True)
            if spec is not None and value is not None and not spec.accepts(value):
                self.error(path + (key,), f"{json_term(value)} is not a value of {field} ({spec.describe()})",
                           "table-value")
            if spec is not None and spec.kind == INTEGER and isinstance(value, int) and spec.minimum is not None \
                    and not spec.minimum <= value <= (spec.maximum or value):
                self.error(path + (key,), f"{json_term(value)} is not a value of {field} ({spec.describe()})",
                           "table-value")
            values[canonical] = value
        return ValueTable(name, values)


def _check_field(checker: _Checker, name: str, raw: Any, tables: dict[str, tuple[Any, dict[Any, Any]]]
                 ) -> FieldRule | None:
    path: tuple[Any, ...] = ("fields", name)
    fields = mappable_fields()
    if name not in fields:
        hint = difflib.get_close_matches(name, sorted(fields) + ["id"], n=1, cutoff=0.6)
        if name == "id":
            checker.error(path, "the id has its own expression: put it under id:, not fields:", "unknown-field",
                          key=True)
        else:
            checker.error(path, f'"{name}" is not a field of the ticket contract'
                                + (f' (did you mean "{hint[0]}"?)' if hint else ""), "unknown-field", key=True)
        return None
    spec = fields[name]
    spec_raw = {"from": raw} if isinstance(raw, str) else raw
    expr_path = path if isinstance(raw, str) else path + ("from",)
    expression = checker.expression(expr_path, spec_raw["from"])
    table = None
    table_raw = spec_raw.get("table")
    if isinstance(table_raw, str):
        if table_raw not in tables:
            close = difflib.get_close_matches(table_raw, sorted(tables), n=1)
            checker.error(path + ("table",), f'no table "{table_raw}" under tables:'
                                             + (f' (did you mean "{close[0]}"?)' if close else ""), "table")
        else:
            table = checker.table(("tables", table_raw), table_raw, tables[table_raw][1], name)
    elif isinstance(table_raw, dict):
        table = checker.table(path + ("table",), name, table_raw, name)
    if table is not None and spec.kind == DATE:
        checker.error(path + ("table",), "created_at takes no table: dates are read by date_formats", "table")
    false_as_missing = bool(spec_raw.get("false_as_missing", False))
    if false_as_missing and spec.kind != BOOLEAN:
        checker.error(path + ("false_as_missing",), f"false_as_missing applies to flags; {name} is "
                                                    f"{spec.describe()}", "false-as-missing")
    strip_html = bool(spec_raw.get("strip_html", False))
    if strip_html and spec.kind not in (STRING,):
        checker.error(path + ("strip_html",), f"strip_html applies to text; {name} is {spec.describe()}",
                      "strip-html")
    if expression is None:
        return None
    return FieldRule(name, spec, expression, table, false_as_missing, strip_html)


def _schema_valid_parts(data: dict[str, Any]) -> dict[str, Any]:
    """The document without what the schema refuses, so that the rest gets its semantic checks.

    A refused field or table is left out (its own schema problem is reported);
    a refused ``id`` becomes ``@`` and a refused top-level key its default.
    """
    bad = [tuple(error.absolute_path) for error in _validator().iter_errors(data)]
    kept = dict(data)
    for section in ("fields", "tables"):
        value = kept.get(section)
        whole = any(path[:1] == (section,) and len(path) < 2 for path in bad)
        kept[section] = {} if whole or not isinstance(value, dict) else {
            name: raw for name, raw in value.items() if not any(path[:2] == (section, name) for path in bad)}
    tables = data.get("tables")
    refused_tables = set(tables) - set(kept["tables"]) if isinstance(tables, dict) else set()
    kept["fields"] = {name: raw for name, raw in kept["fields"].items()  # not "no such table" as well
                      if not (isinstance(raw, dict) and isinstance(raw.get("table"), str)
                              and raw["table"] in refused_tables)}
    if not isinstance(kept.get("id"), str) or any(path[:1] == ("id",) for path in bad):
        kept["id"] = "@"
    for key in ("records", "timezone", "date_formats"):
        if any(path[:1] == (key,) for path in bad):
            kept.pop(key, None)
    kept.setdefault("name", "")
    return kept


def _build(doc: SourceDoc, text: str) -> tuple[Mapping | None, list[Problem]]:
    data = doc.data
    checker = _Checker(doc, text)
    tables = {name: (name, raw) for name, raw in data.get("tables", {}).items()}
    for name, (_, raw) in tables.items():  # unused or not, a named table must be well formed
        checker.table(("tables", name), name, raw, None)
    records = tuple(e for i, text in enumerate(data.get("records", []))
                    if (e := checker.expression(("records", i), text)) is not None)
    id_expression = checker.expression(("id",), data["id"])
    rules = [rule for name, raw in data["fields"].items()
             if (rule := _check_field(checker, name, raw, tables)) is not None]
    zone = None
    try:
        zone = check_timezone(data.get("timezone", "UTC"))
    except ValueError as exc:
        checker.error(("timezone",), str(exc), "timezone")
    if checker.problems or id_expression is None or zone is None:
        return None, checker.problems
    formats = tuple(data.get("date_formats", DEFAULT_FORMATS))
    together, forget = compile_together([rule.expression.text for rule in rules])
    rules = [replace(rule, expression=expression) for rule, expression in zip(rules, together, strict=True)]
    return Mapping(data["name"], doc.file, id_expression, tuple(rules), records, zone, formats, forget), []


def load_mapping_text(text: str, file: str, schema_checked: bool = False) -> Mapping:
    """A mapping from YAML text; MappingError listing every problem.

    ``schema_checked``: the text is a shipped preset, which the test suite checks
    against the schema (tests/tickets/test_mapping_presets_schema.py), so the
    schema check and jsonschema's import (most of ``--map PRESET``'s start-up)
    are skipped; the checks a schema cannot make still run.
    """
    doc, problems = load_yaml(text, file)
    if problems:
        raise MappingError(problems)
    if not isinstance(doc.data, dict):
        raise MappingError([doc.problem((), "a mapping is a YAML mapping (name:, id:, fields:, ...)", SCHEMA_ID)])
    problems = [] if schema_checked else _schema_problems(doc)
    if problems:  # the parts the schema accepts are still checked: every problem in one run
        _, more = _build(replace(doc, data=_schema_valid_parts(doc.data)), text)
        raise MappingError(sorted(problems + more, key=lambda p: (p.line, p.column)))
    mapping, problems = _build(doc, text)
    if mapping is None:
        raise MappingError(problems)
    return mapping


def load_mapping(name_or_path: str | Path) -> Mapping:
    """A preset by name (``zendesk``, ``freshdesk``, ``jira``, ``zammad``, ``glpi``, ``znuny``)
    or a mapping YAML file; MappingError with every problem at file:line:col."""
    path = resolve(str(name_or_path)) if isinstance(name_or_path, str) else name_or_path
    label = str(name_or_path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        presets = ", ".join(PRESET_NAMES)
        raise MappingError([Problem(label, 1, 1, ERROR, f"no such mapping file, and not a preset ({presets})",
                                    "read")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError([Problem(label, 1, 1, ERROR, f"cannot read: {exc}", "read")]) from None
    preset = isinstance(name_or_path, str) and name_or_path in PRESET_NAMES  # a shipped file
    return load_mapping_text(text, str(path) if str(name_or_path) not in PRESET_NAMES else _preset_label(path),
                             schema_checked=preset)


def _preset_label(path: Path) -> str:
    return f"sevtriage/mappings/{path.name}"
