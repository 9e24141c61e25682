"""Safe YAML loading that remembers where every value came from.

``yaml.safe_load`` throws positions away; authors need ``file:line:col`` for
every problem, so this composes the node graph with PyYAML's SafeLoader and
builds plain Python data beside a map from JSON path to position. Duplicate
keys, which PyYAML silently collapses, are reported here (as yamllint's
``key-duplicates`` does), and alias expansion is bounded against "billion
laughs" documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sevtriage.problems import ERROR, Problem
from sevtriage.wording import json_term

if TYPE_CHECKING:  # PyYAML is imported by the first parse: a policy from the snapshot needs none
    import yaml

Path = tuple[Any, ...]
MAX_NODES = 200_000
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass
class SourceDoc:
    """One parsed YAML file: its data and the position of each value and key."""

    file: str
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of ``path``, or of its nearest ancestor."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        if key and probe in table:
            return table[probe]
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: Path, message: str, check_id: str, *, level: str = ERROR,
                key: bool = False, witness: dict[str, Any] | None = None) -> Problem:
        line, column = self.position(path, key=key)
        return Problem(self.file, line, column, level, message, check_id,
                       json_path(path), witness)


def json_path(path: Path) -> str:
    """``("rules", 3, "when")`` as ``$.rules[3].when``, the form schema tools print."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, doc: SourceDoc, loader: Any):
        import yaml

        self.doc = doc
        self.loader = loader
        self.problems: list[Problem] = []
        self.count = 0
        self.yaml = yaml

    def build(self, node: yaml.Node, path: Path) -> Any:
        yaml = self.yaml
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig()
        self.doc.positions[path] = _mark(node)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_TAGS:
            # Safe loading: a tag on a collection (!!python/object ...) is refused, not ignored.
            raise yaml.constructor.ConstructorError(
                None, None, f"could not determine a constructor for the tag {json_term(node.tag)}", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    line, col = _mark(key_node)
                    self.problems.append(Problem(self.doc.file, line, col, ERROR,
                                                 "a mapping key must be a plain scalar",
                                                 "yaml-syntax", json_path(path)))
                    continue
                if key in out:
                    line, col = _mark(key_node)
                    self.problems.append(Problem(
                        self.doc.file, line, col, ERROR,
                        f'duplication of key "{key}" in mapping', "key-duplicates",
                        json_path(path + (key,))))
                self.doc.key_positions[path + (key,)] = _mark(key_node)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)


class _TooBig(Exception):
    pass


def load_yaml(text: str, file: str) -> tuple[SourceDoc, list[Problem]]:
    """Parse one YAML document; syntax errors come back as problems, never raised.

    libyaml's parser (``CSafeLoader``, when PyYAML has it) composes the same nodes
    with the same marks about ten times faster than the pure-Python one; a
    document it refuses is parsed again by the pure-Python parser, whose error
    messages the problems quote.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return _load_with(fast, text, file, raise_errors=True)
        except (yaml.YAMLError, _TooBig, RecursionError):
            pass
    return _load_with(yaml.SafeLoader, text, file, raise_errors=False)


def _load_with(loader_class: Any, text: str, file: str, raise_errors: bool) -> tuple[SourceDoc, list[Problem]]:
    import yaml

    doc = SourceDoc(file, None)
    try:
        loader = loader_class(text)  # checks the characters at once: may raise ReaderError
    except yaml.YAMLError as exc:
        if raise_errors:
            raise
        return doc, [Problem(file, 1, 1, ERROR, f"YAML error: {exc}", "yaml-syntax")]
    try:
        return _compose(loader, doc, file)
    except (yaml.YAMLError, _TooBig, RecursionError):
        if raise_errors:
            raise
        return _syntax_problem(doc, file)
    finally:
        loader.dispose()


def _compose(loader: Any, doc: SourceDoc, file: str) -> tuple[SourceDoc, list[Problem]]:
    node = loader.get_single_node()
    if node is None:
        return doc, [Problem(file, 1, 1, ERROR, "the file is empty", "yaml-syntax")]
    builder = _Builder(doc, loader)
    doc.data = builder.build(node, ())
    if doc.data is None:  # a document that is only ``null`` or ``~``: as empty as an empty file
        return doc, [Problem(file, 1, 1, ERROR, "the file is empty (null)", "yaml-syntax")]
    return doc, builder.problems


_PYTHON_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'")


def _json_quoted(message: str) -> str:
    """PyYAML's message with the strings it quotes as Python reprs (``'\\t'``, ``'!!x'``) quoted as JSON."""
    import ast

    def requote(match: re.Match[str]) -> str:
        try:
            value = ast.literal_eval(match.group())
        except (ValueError, SyntaxError):
            return match.group()
        return json_term(value) if isinstance(value, str) else match.group()
    return _PYTHON_STRING.sub(requote, message)


def _syntax_problem(doc: SourceDoc, file: str) -> tuple[SourceDoc, list[Problem]]:
    """The problem for the exception being handled (a YAML error, or a document too big)."""
    import sys

    import yaml

    exc = sys.exc_info()[1]
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context = exc.context
        if context and exc.context_mark and exc.context_mark is not mark:
            opened = exc.context_mark
            context += f" (opened at line {opened.line + 1}, column {opened.column + 1})"
        message = ": ".join(part for part in (context, exc.problem) if part)
        return doc, [Problem(file, line, col, ERROR, f"YAML syntax error: {_json_quoted(message)}", "yaml-syntax")]
    if isinstance(exc, yaml.YAMLError):
        return doc, [Problem(file, 1, 1, ERROR, f"YAML error: {exc}", "yaml-syntax")]
    return doc, [Problem(file, 1, 1, ERROR,
                         f"the document expands to more than {MAX_NODES} nodes "
                         "(nested too deeply or aliases expanded too often)", "yaml-syntax")]
