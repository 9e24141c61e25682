"""Fixture files: tickets with their expected outcome (``fixtures/*.yaml``).

A fixture names the ticket, the expected severity and, optionally, the matched
rules, applied ceilings, basis and respond_by. This module loads and checks the
files (with positions, like a policy) and compares a result with its
expectation; ``sevtriage test`` and the project's own tests both use it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from sevtriage.policy.schema import unquoted_date_message, validation_problems
from sevtriage.policy.yaml_source import SourceDoc, load_yaml
from sevtriage.problems import ERROR, PolicyError, Problem
from sevtriage.resources import load_schema

FIELDS_COMPARED = ("severity", "basis", "matched_rules", "applied_caps", "respond_by", "clock")


@dataclass
class Fixture:
    id: str
    ticket: dict[str, Any]
    expect: dict[str, Any]
    description: str
    covers: list[str]
    todo: str | None
    file: str
    line: int
    text_flags: bool = True  # whether the policy's text detectors run on this ticket


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema("fixture"))


def fixture_files(paths: list[Path]) -> list[Path]:
    """YAML files named directly, or found (recursively, sorted) under folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        else:
            found.append(path)
    return found


def _unquoted_dates(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], date]]:
    """Where YAML made a date or time of an unquoted value inside a ticket (which JSON cannot hold)."""
    if isinstance(value, date):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unquoted_dates(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unquoted_dates(item, (*path, index))


def _ticket_date_problems(doc: SourceDoc) -> list[Problem]:
    """A ticket is JSON: an unquoted ``created_at: 2026-01-01T10:00:00+01:00`` is reported where it is."""
    return [doc.problem(path, unquoted_date_message(value), "fixture-schema")
            for index, raw in enumerate(doc.data["fixtures"])
            for path, value in _unquoted_dates(raw["ticket"], ("fixtures", index, "ticket"))]


def _doc_fixtures(doc: SourceDoc) -> tuple[list[Fixture], list[Problem]]:
    problems = validation_problems(doc, _validator(), "fixture-schema") or _ticket_date_problems(doc)
    if problems:
        return [], problems
    out = []
    for index, raw in enumerate(doc.data["fixtures"]):
        line, _ = doc.position(("fixtures", index))
        out.append(Fixture(raw["id"], raw["ticket"], raw["expect"], raw.get("description", ""),
                           list(raw.get("covers", [])), raw.get("expect_todo"), doc.file, line,
                           bool(raw.get("text_flags", True))))
    return out, []


def _ids(doc: SourceDoc) -> list[tuple[str, str, int, int]]:
    """``(id, file, line, column)`` of every fixture that has a string id, whatever else is wrong with it."""
    items = doc.data.get("fixtures") if isinstance(doc.data, dict) else None
    out = []
    for index, raw in enumerate(items if isinstance(items, list) else []):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            out.append((raw["id"], doc.file, *doc.position(("fixtures", index))))
    return out


def load_fixtures(paths: list[Path]) -> list[Fixture]:
    """Every fixture of the files under ``paths``; PolicyError lists every problem."""
    fixtures: list[Fixture] = []
    problems: list[Problem] = []
    ids: list[tuple[str, str, int, int]] = []  # every id, even in a file with schema errors
    for path in fixture_files(paths):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), 1, 1, ERROR, f"cannot read: {exc}", "read"))
            continue
        doc, found = load_yaml(text, str(path))
        problems += found
        if doc.data is not None and not found:
            ids += _ids(doc)
            items, found = _doc_fixtures(doc)
            fixtures += items
            problems += found
    seen: dict[str, tuple[str, int]] = {}
    for fixture_id, file, line, column in ids:  # reported with the schema errors, not once they are fixed
        if fixture_id in seen:
            first_file, first_line = seen[fixture_id]
            problems.append(Problem(file, line, column, ERROR,
                                    f'fixture id "{fixture_id}" is already used at {first_file}:{first_line}',
                                    "duplicate-fixture-id"))
        seen.setdefault(fixture_id, (file, line))
    if problems:
        raise PolicyError(problems)
    return fixtures


def mismatches(expect: dict[str, Any], result: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """``{field: (expected, actual)}`` for every expected field the result does not meet."""
    if "error" in result:
        return {"error": (None, result["error"])}
    found = {name: (expect[name], result.get(name)) for name in FIELDS_COMPARED
             if name in expect and expect[name] != result.get(name)}
    if "derived" in expect:
        actual = derived_values(result)
        for flag, value in expect["derived"].items():
            if actual.get(flag) != value or (value is not None and type(actual.get(flag)) is not type(value)):
                found[f"derived {flag}"] = (value, actual.get(flag))
    return found


def derived_values(result: dict[str, Any]) -> dict[str, Any]:
    """The flags the text set (``derived_flags`` entries that were used), by field."""
    return {e["flag"]: e["value"] for e in result.get("derived_flags") or () if e.get("used")}
