"""Load the ``text/`` files of a policy: detectors, cues and the resolution order.

Same stages as the rules: YAML with positions, the published schema
(``detectors.schema.json``), then the checks that need the whole set: unique
detector ids, each pattern and cue compiled (a bad pattern is reported at its
line and column, inside the string), and every flag and value checked
against the ticket contract, so that a detector can never produce a ticket
that the contract check would reject.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sevtriage.contract import readable_fields
from sevtriage.policy.text.items import Cue, Detector, PatternRef
from sevtriage.policy.text.model import (
    AFTER,
    AROUND,
    BEFORE,
    DEFAULT_WINDOW,
    HEDGE,
    NEGATION,
    PSEUDO,
    TERMINATOR,
    UNSET,
    TextPolicy,
)
from sevtriage.policy.text.pattern import CompiledPattern, PatternError, compile_pattern
from sevtriage.policy.yaml_source import Path, SourceDoc, json_path, load_yaml
from sevtriage.problems import ERROR, Problem
from sevtriage.wording import json_term

FREE_VALUE_FIELDS = frozenset({"technology"})


def _string_problem(doc: SourceDoc, path: Path, message: str, column: int, check_id: str) -> Problem:
    """A problem inside a YAML string: the string's position plus the column within it."""
    line, col = doc.position(path)
    return Problem(doc.file, line, col + max(column - 1, 0) + _quote_offset(doc, line, col), ERROR,
                   message, check_id, json_path(path))


def _quote_offset(doc: SourceDoc, line: int, col: int) -> int:
    lines = getattr(doc, "_lines", None)
    if lines is None:
        return 0
    try:
        return 1 if lines[line - 1][col - 1] in "\"'" else 0
    except IndexError:
        return 0


Compile = Callable[[str, str], CompiledPattern]  # (pattern, language) -> compiled; raises PatternError


def _compile(doc: SourceDoc, path: Path, text: str, language: str,
             problems: list[Problem], compile: Compile) -> CompiledPattern | None:
    try:
        return compile(text, language)
    except PatternError as error:
        problems.append(_string_problem(doc, path, f'pattern "{text}": {error}', error.column, "text-pattern"))
        return None


def _check_value(doc: SourceDoc, path: Path, flag: str, value: Any, problems: list[Problem]) -> None:
    spec = readable_fields().get(flag)
    if spec is None:
        problems.append(doc.problem(path, f'"{flag}" is not a ticket field a detector can set', "text-flag",
                                    key=True))
    elif flag not in FREE_VALUE_FIELDS and not spec.accepts(value):
        problems.append(doc.problem(path, f"{flag} must be {spec.describe()}, not {json_term(value)}",
                                    "text-flag"))


def _detectors(doc: SourceDoc, problems: list[Problem], compile: Compile) -> list[Detector]:
    out = []
    for index, raw in enumerate(doc.data.get("detectors") or []):
        path: Path = ("detectors", index)
        for flag, value in raw["sets"].items():
            _check_value(doc, path + ("sets", flag), flag, value, problems)
        negated = raw.get("negated", UNSET)
        if negated is not UNSET and negated is not None:
            for flag in raw["sets"]:
                _check_value(doc, path + ("negated",), flag, negated, problems)
        patterns = []
        for language, texts in raw["patterns"].items():
            for number, text in enumerate(texts):
                where = path + ("patterns", language, number)
                compiled = _compile(doc, where, text, language, problems, compile)
                if compiled is not None:
                    patterns.append(PatternRef(language, compiled, doc, where))
        examples = raw.get("examples") or {}
        out.append(Detector(raw["id"], tuple(raw["sets"].items()), negated, raw["source"], tuple(patterns),
                            tuple(examples.get("match") or ()), tuple(examples.get("no_match") or ()),
                            doc, path))
    return out


def _cues(doc: SourceDoc, problems: list[Problem], compile: Compile) -> list[Cue]:
    out = []
    for language, table in (doc.data.get("cues") or {}).items():
        base: Path = ("cues", language)
        for category in (NEGATION, HEDGE):
            for direction in (BEFORE, AFTER, AROUND):
                group = (table.get(category) or {}).get(direction)
                if not group:
                    continue
                default = group.get("window", DEFAULT_WINDOW[category])
                for number, item in enumerate(group["cues"]):
                    words, window = (item, default) if isinstance(item, str) else (
                        item["words"], item.get("window", default))
                    where = base + (category, direction, "cues", number)
                    compiled = _compile(doc, where if isinstance(item, str) else where + ("words",),
                                        words, language, problems, compile)
                    if compiled is not None:
                        out.append(Cue(category, direction, window, language, compiled, doc, where))
        for category, key in ((PSEUDO, "pseudo"), (TERMINATOR, "terminators")):
            for number, words in enumerate(table.get(key) or []):
                where = base + (key, number)
                compiled = _compile(doc, where, words, language, problems, compile)
                if compiled is not None:
                    out.append(Cue(category, BEFORE, 0, language, compiled, doc, where))
    return out


def load_text_policy(texts: list[tuple[str, str]]) -> tuple[TextPolicy | None, list[Problem]]:
    """The detectors of ``(name, text)`` pairs, and every problem found (errors only)."""
    if not texts:
        return None, []
    from sevtriage.policy.schema import schema_problems  # not for a policy from the snapshot

    problems: list[Problem] = []
    docs = []
    for name, text in texts:
        doc, found = load_yaml(text, name)
        problems += found
        if doc.data is None:
            continue
        doc._lines = text.splitlines()  # type: ignore[attr-defined]  # for columns inside strings
        if not isinstance(doc.data, dict):
            problems.append(doc.problem((), "a text file must be a mapping (detectors, cues, resolution)",
                                        "schema"))
            continue
        schema = schema_problems(doc, "detectors")
        problems += schema
        if not schema:
            docs.append(doc)
    if problems:
        return None, problems
    return build_text_policy(docs, compile_pattern)


def build_text_policy(docs: list[SourceDoc], compile: Compile) -> tuple[TextPolicy | None, list[Problem]]:
    """The detectors and cues of parsed, schema-checked documents, each pattern compiled by
    ``compile`` (``compile_pattern``; the snapshot's parse trees), and every problem found:
    the last stage of a load from YAML and of one from the snapshot."""
    problems: list[Problem] = []
    detectors: list[Detector] = []
    cues: list[Cue] = []
    resolution: dict[str, tuple[str, ...]] = {}
    seen: dict[str, SourceDoc] = {}
    ordered_in: dict[str, SourceDoc] = {}  # where each flag's resolution order was first given
    for doc in docs:
        for detector in _detectors(doc, problems, compile):
            if detector.id in seen:
                problems.append(doc.problem(detector.path + ("id",), f'detector id "{detector.id}" is already '
                                            f"used in {seen[detector.id].file}", "duplicate-id"))
            seen.setdefault(detector.id, doc)
            detectors.append(detector)
        cues += _cues(doc, problems, compile)
        for flag, order in (doc.data.get("resolution") or {}).items():
            if flag in resolution:
                first = ordered_in[flag]
                line, column = first.position(("resolution", flag), key=True)
                problems.append(doc.problem(("resolution", flag), f"the order of {flag} is already given at "
                                            f"{first.file}:{line}:{column}", "merge", key=True))
            ordered_in.setdefault(flag, doc)
            for number, value in enumerate(order):
                _check_value(doc, ("resolution", flag, number), flag, value, problems)
            resolution[flag] = tuple(order)
    if problems:
        return None, problems
    return TextPolicy(detectors, cues, resolution, [d.file for d in docs], [d.data for d in docs], docs), []
