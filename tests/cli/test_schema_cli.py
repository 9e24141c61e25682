"""sevtriage schema prints each published schema; classify output follows the result schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from lint_helpers import invoke_cli, json_lines, run_sevtriage

from sevtriage.resources import SCHEMA_NAMES, load_schema

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_prints_the_published_file(name: str) -> None:
    result = invoke_cli("schema", name)
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema == load_schema(name)
    Draft202012Validator.check_schema(schema)


def test_unknown_schema_is_a_usage_error() -> None:
    assert invoke_cli("schema", "tickets").exit_code == 2


def test_classify_output_of_all_fixtures_follows_the_result_schema(tmp_path: Path) -> None:
    from sevtriage.regression.fixtures import load_fixtures
    fixtures = load_fixtures([REPO / "fixtures"])
    tickets = tmp_path / "tickets.jsonl"
    broken = ['{"id": "no-symptoms-object", "symptoms": 3}', "[", '"a string"', '{"symptoms": {}}']
    tickets.write_text("".join(json.dumps(f.ticket) + "\n" for f in fixtures) + "\n".join(broken) + "\n",
                       encoding="utf-8")
    done = run_sevtriage("classify", str(tickets))
    records = json_lines(done.stdout)
    assert len(records) == len(fixtures) + len(broken)
    validator = Draft202012Validator(load_schema("result"))
    for record in records:
        validator.validate(record)
    assert sum("error" in r for r in records) == len(broken)


def test_result_schema_rejects_a_result_missing_a_field() -> None:
    validator = Draft202012Validator(load_schema("result"))
    assert not validator.is_valid({"id": "x", "severity": 1})
