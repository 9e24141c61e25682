"""The compiled policy-schema check accepts exactly the policy files jsonschema accepts.

Policy files are valid nearly always, so the loader asks the compiled check
first and jsonschema only for a file that fails it (to word the errors). Here
both judge the bundled policy files, random policies and thousands of random
mutations of them (keys dropped, added, misspelt; values of every type).
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import yaml
from differential_helpers import random_policy_yaml

from sevtriage.policy.schema import fast_policy_check, policy_validator
from sevtriage.resources import bundled_policy_path
from sevtriage.schema_check import compile_check

VALUES: list[Any] = [None, True, False, 0, 1, 2, 9, 10, -1, 2.0, 2.5, "", "x", "L1-x", "PT2H", "P", "PT", "P1DT2H",
                     "24x7", "critical", "Critical", "a b", "09:00-12:30", "24:00-25:00", "2026-12-24", "FR", "fr",
                     "symptoms.data_loss", "Symptoms", "x" * 201, [], ["a"], [1], [True], {}, {"field": "x"},
                     {"field": "x", "is": True}, {"field": "x", "is": True, "equals": 1}, {"all": []},
                     {"any": [{"field": "a", "exists": True}]}, {"not": {"field": "a", "missing": True}},
                     {"field": "a", "exists": 1}, {"field": "a", "exists": False}, {"field": "a", "in": []}]
KEYS = ["id", "level", "when", "all", "any", "not", "field", "is", "equals", "in", "gt", "exists", "missing",
        "alias_of", "max_level", "source", "reading", "name", "version", "response_target", "clock",
        "time_zone", "hours", "mon", "holidays", "country", "levle", "extra", "24x7", "Bad Key"]


def _containers(value: Any, out: list[Any]) -> list[Any]:
    if isinstance(value, (dict, list)):
        out.append(value)
        for item in (value.values() if isinstance(value, dict) else value):
            _containers(item, out)
    return out


def _mutate(doc: Any, rng: random.Random) -> Any:
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        target = rng.choice(_containers(doc, []))
        if isinstance(target, dict):
            roll = rng.random()
            if target and roll < 0.3:
                del target[rng.choice(list(target))]
            elif target and roll < 0.7:
                target[rng.choice(list(target))] = copy.deepcopy(rng.choice(VALUES))
            else:
                target[rng.choice(KEYS)] = copy.deepcopy(rng.choice(VALUES))
        elif target and rng.random() < 0.5:
            target[rng.randrange(len(target))] = copy.deepcopy(rng.choice(VALUES))
        else:
            target.append(copy.deepcopy(rng.choice(VALUES)))
    return doc


def _documents() -> list[Any]:
    docs = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(Path(bundled_policy_path()).glob("*.yaml"))]
    docs += [yaml.safe_load(random_policy_yaml(random.Random(seed))) for seed in range(5)]
    return docs


def test_the_compiled_policy_check_agrees_with_jsonschema_on_mutated_policies():
    fast, validator = fast_policy_check(), policy_validator()
    assert fast is not None
    rng = random.Random(12)
    documents = _documents()
    assert all(fast(doc) and validator.is_valid(doc) for doc in documents)
    outcomes = set()
    for _ in range(3000):
        doc = _mutate(rng.choice(documents), rng)
        verdict = validator.is_valid(doc)
        assert fast(doc) == verdict, doc
        outcomes.add(verdict)
    assert outcomes == {True, False}


def test_schemas_with_keywords_it_does_not_model_get_no_fast_check():
    assert compile_check({"type": "object", "patternProperties": {}}, {}) is None
    assert compile_check({"const": 1}, {}) is None
    assert compile_check({"$ref": "https://example.com/other.json"}, {}) is None
    assert compile_check({"type": "string", "pattern": "("}, {}) is None
    recursive = compile_check({"$defs": {"n": {"type": "array", "items": {"$ref": "#/$defs/n"}}},
                               "$ref": "#/$defs/n"}, {})
    assert recursive is not None and recursive([[[]]]) and not recursive([[1]])
