"""explain --map says which source expression of the mapping fed each field the explanation cites."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from conftest import REPO
from jsonschema import Draft202012Validator

from sevtriage.resources import load_schema

ZENDESK = REPO / "fixtures" / "helpdesks" / "zendesk" / "tickets.json"


def _explained(run_cli: Callable[..., Any], *args: str, status: int = 0) -> list[dict[str, Any]]:
    result = run_cli("explain", "--no-text-flags", "--format", "jsonl", *args)
    assert result.returncode == status, result.stderr
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_json_names_the_expression_and_source_value_of_each_cited_field(run_cli: Callable[..., Any]) -> None:
    records = _explained(run_cli, "--map", "zendesk", str(ZENDESK))
    validator = Draft202012Validator(load_schema("explanation"))
    by_id = {r["id"]: r for r in records}
    for record in records:
        validator.validate(record["explanation"])
        assert record["explanation"]["mapped_from"]["mapping"] == "zendesk"
    fields = by_id["35437"]["explanation"]["mapped_from"]["fields"]
    assert fields["environment"] == {"expression": "custom_fields[?id==`360000000002`].value | [0]",
                                     "source": "env_staging", "table": "environment"}
    assert fields["technology"] == {"expression": "custom_fields[?id==`360000000001`].value | [0]",
                                    "source": "SQL Server"}
    assert fields["symptoms.service_stopped"] == {
        "expression": "contains(tags || `[]`, 'sev_service_stopped')", "source": None}  # the tag is absent
    assert fields["server_role"] is None  # cited by a nearest miss; the preset does not read it
    assert fields["created_at"]["expression"] == "created_at"
    # exactly the fields the explanation cites
    cited = {f["field"] for m in by_id["35437"]["explanation"]["nearest_misses"] for f in m["failed"]}
    cited |= {c["field"] for cf in by_id["35437"]["explanation"]["counterfactuals"] for c in cf["changes"] or []}
    assert set(fields) == cited | {"created_at"}


def test_text_says_where_each_field_comes_from(run_cli: Callable[..., Any]) -> None:
    result = run_cli("explain", "--no-text-flags", "--map", "zendesk", str(ZENDESK))
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    assert "  where these fields come from (mapping zendesk):\n" in text
    assert ('    environment <- custom_fields[?id==`360000000002`].value | [0]: "env_staging", '
            "through the table environment\n") in text
    assert ("    symptoms.service_stopped <- contains(tags || `[]`, 'sev_service_stopped'): "
            "nothing for this ticket (missing)\n") in text


def test_without_a_mapping_there_is_no_mapped_from(run_cli: Callable[..., Any]) -> None:
    records = _explained(run_cli, str(REPO / "examples" / "tickets.jsonl"), status=1)  # HD-1008 is an error
    assert records and all("mapped_from" not in r.get("explanation", {}) for r in records)


def test_classify_explain_map_gives_the_same_mapped_from_also_in_workers(tmp_path: Any,
                                                                       run_cli: Callable[..., Any]) -> None:
    explained = {r["id"]: r["explanation"]["mapped_from"] for r in _explained(run_cli, "--map", "zendesk", str(ZENDESK))}
    payloads = tmp_path / "payloads.jsonl"
    tickets = json.loads(ZENDESK.read_text(encoding="utf-8"))["tickets"]
    payloads.write_text("".join(json.dumps(t) + "\n" for t in tickets * 150), encoding="utf-8")  # > 1 chunk
    result = run_cli("classify", "-q", "--explain", "--no-text-flags", "--jobs", "2", "--map", "zendesk", str(payloads))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(records) == 150 * len(tickets)
    assert all(r["explanation"]["mapped_from"] == explained[r["id"]] for r in records)
