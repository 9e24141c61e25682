"""Validate a policy file against the published policy JSON Schema.

Every schema error is reported at once, each at the line and column of the
offending YAML (for an unexpected key: the key itself), with a suggestion when
an unknown key is a likely typo of an allowed one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sevtriage.policy.yaml_source import SourceDoc
from sevtriage.problems import Problem
from sevtriage.resources import load_schema
from sevtriage.schema_check import Check, compile_check
from sevtriage.wording import json_terms_message

if TYPE_CHECKING:  # jsonschema is imported only for a file that is not valid (to word its errors)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

ID = "schema"


@cache
def policy_validator(name: str = "policy") -> Draft202012Validator:
    """The validator of a published schema: ``policy``, or ``detectors`` for text/ files."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(name))


@cache
def fast_policy_check(name: str = "policy") -> Check | None:
    """The policy (or detectors) schema compiled to a yes/no check (None: always ask jsonschema)."""
    return compile_check(load_schema(name), {})


def _leaf_errors(error: ValidationError) -> Iterator[ValidationError]:
    """Descend into if/then/else and $ref wrappers to the errors an author can act on."""
    if error.context:
        for sub in error.context:
            yield from _leaf_errors(sub)
    else:
        yield error


def _schema(error: ValidationError) -> Mapping[str, Any]:
    """The subschema that failed, as a mapping (jsonschema also types it as bool or unset)."""
    return error.schema if isinstance(error.schema, Mapping) else {}


def _instance(error: ValidationError) -> Any:
    """The failing value (jsonschema types it as possibly unset)."""
    return error.instance


def _problem(doc: SourceDoc, error: ValidationError, check_id: str = ID) -> Problem:
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(_schema(error).get("properties", {}))
        extras = [key for key in _instance(error) if key not in allowed]
        if "field" in allowed:  # a predicate: the key may be a misspelt all / any / not
            allowed += ["all", "any", "not"]
        if extras:
            key = extras[0]
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else f"; allowed: {', '.join(allowed)}"
            return doc.problem(path + (key,), f'unexpected key "{key}"{hint}', check_id, key=True)
    if error.validator == "maxProperties" and "field" in _schema(error).get("properties", {}):
        ops = [k for k in _instance(error) if k != "field"]
        return doc.problem(path, f"a predicate takes exactly one operator, found {len(ops)}: "
                                 f"{', '.join(ops)}", check_id)
    if error.validator == "minProperties" and "field" in _schema(error).get("properties", {}):
        return doc.problem(path, "a predicate needs an operator besides field "
                                 "(is, equals, in, gt, gte, lt, lte, exists, missing, alias_of)", check_id)
    if error.validator == "type" and isinstance(error.instance, date):
        return doc.problem(path, unquoted_date_message(error.instance), check_id)
    if error.validator == "pattern" and isinstance(error.instance, str):
        return _pattern_problem(doc, error, path, check_id)
    return doc.problem(path, json_terms_message(error), check_id)


def _pattern_problem(doc: SourceDoc, error: ValidationError, path: tuple[str | int, ...],
                     check_id: str) -> Problem:
    """A name that does not match its pattern, with a "did you mean" where a name the pattern
    allows is close: a key (``propertyNames``: a detector's ``sets: {request_typ: ...}``) is
    reported at the key itself and compared with the contract's fields the pattern allows; a
    value (a ``clock: 24x8``) with the pattern's literal alternatives (``24x7``)."""
    name, pattern = str(error.instance), str(_schema(error).get("pattern", ""))
    is_key = "propertyNames" in error.schema_path
    if is_key:
        from sevtriage.contract import readable_fields

        candidates = [field for field in readable_fields() if re.search(pattern, field)]
    else:
        alternatives = re.fullmatch(r"\^\((.*)\)\$", pattern)  # ^(24x7|[a-z]...)$: the literal ones
        candidates = [part for part in (alternatives.group(1).split("|") if alternatives else [])
                      if re.fullmatch(r"[A-Za-z0-9_.-]+", part)]
    close = difflib.get_close_matches(name, candidates, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    if is_key:
        return doc.problem(path + (name,), f'key "{name}" is not allowed here: it does not match '
                                           f'"{pattern}"{hint}', check_id, key=True)
    return doc.problem(path, f"{json_terms_message(error)}{hint}", check_id)


def unquoted_date_message(value: date) -> str:
    """What to do about a date or time YAML read as one because it was not quoted.

    YAML 1.1 turns ``2026-01-01`` and ``2026-01-01T10:00:00+01:00`` into date
    objects; the contract and the schemas want the text, and the schema
    error would only show a Python repr.
    """
    kind = "time" if isinstance(value, datetime) else "date"
    text = value.isoformat()
    return f'write the {kind} {text} in quotes ("{text}"): YAML reads it as a {kind}, not a string'


def _suggestions(error: ValidationError) -> list[str]:
    """The allowed keys that the unexpected keys of an additionalProperties error resemble."""
    allowed = list(_schema(error).get("properties", {}))
    if "field" in allowed:
        allowed += ["all", "any", "not"]
    extras = [str(key) for key in _instance(error) if key not in _schema(error).get("properties", {})]
    return [close for key in extras for close in difflib.get_close_matches(key, allowed, n=1)]


def _explained_by_a_typo(error: ValidationError, suggested: set[tuple[tuple[str | int, ...], str]]) -> bool:
    """A missing key that a misspelt key stands for is reported once, as the typo."""
    path = tuple(error.absolute_path)
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        if missing and (path, missing[0]) in suggested:
            return True
    if error.validator in ("required", "minProperties") and "field" in _schema(error).get("properties", {}):
        return any((path, name) in suggested for name in ("all", "any", "not"))
    return False


def schema_problems(doc: SourceDoc, schema: str = "policy") -> list[Problem]:
    """Every schema violation of one parsed policy file, de-duplicated, in file order."""
    fast = fast_policy_check(schema)
    if fast is not None and fast(doc.data):
        return []  # the common case; only a file with errors pays for jsonschema
    return validation_problems(doc, policy_validator(schema), ID)


def validation_problems(doc: SourceDoc, validator: Draft202012Validator, check_id: str) -> list[Problem]:
    """Every violation of ``validator``'s schema in one parsed file, worded for an author: an
    unexpected key at the key's own position with a "did you mean", a missing key that a typo
    stands for reported once as the typo; de-duplicated, in file order. (Policies and fixtures.)"""
    seen: set[tuple[str, int, int, str]] = set()
    problems = []
    leaves = [leaf for error in validator.iter_errors(doc.data) for leaf in _leaf_errors(error)]
    suggested = {(tuple(e.absolute_path), name) for e in leaves if e.validator == "additionalProperties"
                 for name in _suggestions(e)}
    for leaf in leaves:
        if _explained_by_a_typo(leaf, suggested):
            continue
        problem = _problem(doc, leaf, check_id)
        key = (problem.json_path, problem.line, problem.column, problem.message)
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return problems
