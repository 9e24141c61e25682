"""Messages people read quote values as JSON (null, true, "high"), never as Python reprs (issue 9, item 10).

Ticket contract errors have their own test (tests/tickets/test_json_terms_in_messages.py);
this one covers the other schemas (policy, detectors, fixtures, mappings) with every
value swapped for a wrong one, and the other messages that quote a value.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from lint_helpers import invoke_cli

from sevtriage.engine.classifier import Classifier
from sevtriage.explain import Explainer
from sevtriage.policy.discovery import find_config
from sevtriage.policy.durations import parse_duration
from sevtriage.policy.loader import load_policy
from sevtriage.policy.yaml_source import load_yaml
from sevtriage.problems import PolicyError
from sevtriage.resources import load_schema
from sevtriage.wording import counted, json_term, json_terms_message

REPO = Path(__file__).resolve().parents[1]
# A Python literal or a single-quoted value, outside the JSON strings: what a repr looks like.
PYTHON = re.compile(r"\b(None|True|False)\b|'[^']*'|datetime\.|\(\)")
JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def looks_like_python(message: str) -> bool:
    return bool(PYTHON.search(JSON_STRING.sub('""', message)))
WRONG: list[Any] = [None, True, False, "x", 1.5, -3, [], {}, ["x", None], {"zz": None},
                    date(2026, 1, 1), datetime(2026, 1, 1, 10, 0)]
DOCUMENTS = {"policy": REPO / "rules" / "level-2.yaml", "detectors": REPO / "rules" / "text" / "cues.yaml",
             "fixture": REPO / "fixtures" / "level1.yaml", "mapping": REPO / "sevtriage" / "mappings" / "jira.yaml"}


def _mutants(value: Any) -> Iterator[Any]:
    """``value`` with one leaf or container at a time replaced by each wrong value (a sample of them)."""
    paths: list[tuple[Any, ...]] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for key, item in node.items():
                walk(item, path + (key,))
        elif isinstance(node, list):
            for index, item in enumerate(node[:3]):
                walk(item, path + (index,))

    walk(value, ())
    for number, path in enumerate(paths[:120]):
        for wrong in (WRONG[number % len(WRONG)], WRONG[(number * 7 + 3) % len(WRONG)]):
            if not path:
                yield wrong
                continue
            copied = copy.deepcopy(value)
            holder = copied
            for part in path[:-1]:
                holder = holder[part]
            holder[path[-1]] = wrong
            yield copied


@pytest.mark.parametrize("schema", sorted(DOCUMENTS))
def test_schema_errors_quote_values_as_json(schema: str) -> None:
    validator = Draft202012Validator(load_schema(schema))
    document = yaml.safe_load(DOCUMENTS[schema].read_text(encoding="utf-8"))
    assert not list(validator.iter_errors(document)), "the starting document is valid"
    seen = 0
    for mutant in _mutants(document):
        for error in validator.iter_errors(mutant):
            for leaf in [error, *(error.context or [])]:
                message = json_terms_message(leaf)
                assert not looks_like_python(message), (schema, leaf.validator, leaf.message, message)
                seen += 1
    assert seen > 50


def test_a_policy_schema_error_quotes_null_and_true(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    base = (REPO / "rules" / "policy.yaml").read_text(encoding="utf-8")
    path.write_text(base + "rules:\n  - {id: X, level: null, source: s, when: {field: symptoms.data_loss, is: 1}}\n",
                    encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    text = str(caught.value)
    assert "null is not of type \"integer\"" in text and "1 is not of type \"boolean\"" in text, text
    assert "None" not in text and "'" not in text


def test_a_fixture_schema_error_quotes_json(tmp_path: Path) -> None:
    fixture = tmp_path / "f.yaml"
    fixture.write_text("fixtures:\n  - id: F1\n    ticket: {id: F1}\n    expect: {severity: true}\n", encoding="utf-8")
    result = invoke_cli("test", str(fixture))
    assert 'true is not of type "integer" (fixture-schema)' in result.stderr, result.stderr
    assert "True" not in result.stderr


def test_a_mapping_schema_error_quotes_json(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("name: m\nfields:\n  id: key\n  environment: {from: env, table: {a: production}}\n"
                       "date_formats: [null]\n", encoding="utf-8")
    result = invoke_cli("classify", "--map", str(mapping), input="{}")
    assert "null is not one of" in result.stderr and "None" not in result.stderr, result.stderr


def test_other_messages_quote_values_as_json(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r'duration of days/hours/minutes/seconds: "2 hours"$'):
        parse_duration("2 hours")
    _, problems = load_yaml("a: !!python/object:os.system x\n", "p.yaml")
    assert 'for the tag "tag:yaml.org,2002:python/object:os.system"' in problems[0].message, problems
    (tmp_path / "pyproject.toml").write_text("[tool.sevtriage]\nrules = true\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"must be a path \(a string\), not true"):
        find_config(tmp_path)
    slash = invoke_cli("classify", "-o", str(tmp_path / "dir") + "/", input="")
    assert f'"{tmp_path}/dir/" ends with a slash' in slash.stderr, slash.stderr


def test_explanation_text_quotes_the_words_read_from_the_text_as_json() -> None:
    """A counterfactual on a field the detectors set says what was read, as JSON."""
    explainer = Explainer(Classifier(load_policy(REPO / "rules")))
    ticket = {"id": "W1", "description": "The app crashes on start, but there is a workaround: restart it."}
    texts = [cf["text"] for cf in explainer.explain(ticket)["explanation"]["counterfactuals"]]
    told = [text for text in texts if "now read from the text" in text]
    assert told, texts
    assert all(re.search(r'now read from the text: "[^"]+"\)', text) for text in told), told
    assert any('(now read from the text: "workaround")' in text for text in told), told


def test_json_term_and_counted() -> None:
    assert [json_term(v) for v in (None, True, "high", ["a", 2], {"k": False})] == \
        ["null", "true", '"high"', '["a", 2]', '{"k": false}']
    assert json_term(datetime(2026, 1, 1, 10, 0)) == '"2026-01-01T10:00:00"'
    assert json.loads(json_term("l'été")) == "l'été"
    assert [counted(n, "error") for n in (0, 1, 2, 1000)] == ["0 errors", "1 error", "2 errors", "1,000 errors"]
    assert counted(1, "match", "matches") == "1 match" and counted(3, "match", "matches") == "3 matches"
