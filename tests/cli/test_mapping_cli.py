"""--map on classify, explain, diff and test; sevtriage map; a mapping file that does not load."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO, run_cli
from jsonschema import Draft202012Validator

from sevtriage.resources import load_schema

ZENDESK = REPO / "fixtures" / "helpdesks" / "zendesk" / "tickets.json"


def lines(output: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.decode("utf-8").splitlines() if line.strip()]


def test_a_mapping_that_does_not_load_exits_2_with_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nid: 'key['\nfields:\n  declared_severty: prio\n  environment: {from: e, table: {a: b}}\n",
                   encoding="utf-8")
    for command in (["classify"], ["explain"], ["test", str(REPO / "fixtures")], ["map"]):
        args = [*command, "--map", str(bad)] if command[0] != "map" else ["map", str(bad)]
        result = run_cli(*args, input=b"")
        assert result.returncode == 2, (command, result.stderr)
        err = result.stderr.decode()
        assert f"{bad}:2:5: error: not a JMESPath expression" in err
        assert f'{bad}:4:3: error: "declared_severty" is not a field of the ticket contract (did you mean ' \
               '"declared_severity"?)' in err
        assert f'{bad}:5:37: error: "b" is not a value of environment' in err
        assert "the mapping cannot be loaded (3 problems)" in err
    unknown = run_cli("classify", "--map", "zendsk", input=b"")
    assert unknown.returncode == 2 and "not a preset (zendesk, freshdesk" in unknown.stderr.decode()


def test_envelope_error_records_carry_item_and_follow_the_result_schema(tmp_path: Path) -> None:
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"tickets": [{"id": 1, "priority": "low"}, {"id": 2, "priority": "nope"}]}),
                    encoding="utf-8")
    out = lines(run_cli("classify", "-q", "--map", "zendesk", str(page)).stdout)
    assert [r.get("item") for r in out] == [None, 2] and out[1]["line"] == 1
    Draft202012Validator(load_schema("result")).validate(out[1])


def test_map_prints_contract_tickets_and_explains_them() -> None:
    result = run_cli("map", "zendesk", str(ZENDESK))
    assert result.returncode == 0, result.stderr
    tickets = lines(result.stdout)
    assert [t["id"] for t in tickets] == ["35436", "35437", "35438", "35439"]
    assert tickets[0]["symptoms"] == {"service_stopped": True, "users_blocked": True}
    explained = lines(run_cli("map", "zendesk", "--explain", str(ZENDESK)).stdout)
    assert explained[0]["from"]["declared_severity"] == {"expression": "priority", "source": "urgent",
                                                        "table": "priority"}
    assert explained[0]["from"]["environment"]["expression"] == "custom_fields[?id==`360000000002`].value | [0]"
    assert explained[2]["item"] == 3 and explained[2]["file"] == str(ZENDESK)


def test_bad_records_give_one_error_record_each_in_place(tmp_path: Path) -> None:
    payload = tmp_path / "mixed.jsonl"
    payload.write_text("\n".join([
        json.dumps({"ticket": {"id": 1, "priority": "urgent", "created_at": "2026-11-26T10:00:00Z"}}),
        json.dumps({"ticket": {"id": 2, "priority": "blocker"}}),  # not in the table
        json.dumps({"ticket": {"id": 3, "created_at": "26/11/2026"}}),  # not a date
        json.dumps({"ticket": {"priority": "low"}}),  # no id
        "not json",
        json.dumps({"ticket": {"id": 6, "tags": "sev_data_loss"}}),  # contains() on a string: still fine
        json.dumps({"ticket": {"id": 7, "tags": 5}}),  # contains(5, ...): the expression fails
    ]) + "\n", encoding="utf-8")
    result = run_cli("classify", "-q", "--map", "zendesk", str(payload))
    assert result.returncode == 1
    out = lines(result.stdout)
    assert len(out) == 7
    assert out[0]["severity"] == 1 and out[0]["respond_by"] == "2026-11-26T12:00:00Z"
    assert out[1]["error"]["code"] == "invalid_field" and '"blocker"' in out[1]["error"]["message"] \
        and "table priority" in out[1]["error"]["message"] and out[1]["id"] == "2" and out[1]["line"] == 2
    assert out[2]["error"]["code"] == "invalid_field" and out[2]["error"]["path"] == "/created_at"
    assert out[3]["error"]["code"] == "missing_id"
    assert out[4]["error"]["code"] == "invalid_json"
    assert out[5]["severity"] == 1
    validator = Draft202012Validator(load_schema("result"))
    for record in out:  # error records, with or without item, are records of the published contract
        validator.validate(record)
    error = out[6]["error"]
    assert error["code"] == "mapping_error" and error["message"].startswith(
        "symptoms.service_stopped: the expression `contains(tags || `[]`, 'sev_service_stopped')` failed")


def test_map_option_on_explain_diff_and_test(tmp_path: Path) -> None:
    explained = run_cli("explain", "--map", "zendesk", "--format", "jsonl", str(ZENDESK))
    assert explained.returncode == 0, explained.stderr
    assert lines(explained.stdout)[0]["explanation"]["decided_by"]["rule"] == "L1-production-stopped"
    diff = run_cli("diff", "--map", "zendesk", "--base", str(REPO / "rules"), "--head", str(REPO / "rules"),
                   str(ZENDESK))
    assert diff.returncode == 0, diff.stderr
    assert "4 tickets" in diff.stdout.decode()
    fixtures = tmp_path / "zendesk-fixtures.yaml"
    fixtures.write_text(
        "fixtures:\n"
        "  - id: zendesk/urgent-outage\n"
        "    ticket: {id: 9, priority: urgent, tags: [sev_service_stopped], created_at: '2026-11-26T10:00:00Z'}\n"
        "    expect: {severity: 1, respond_by: '2026-11-26T12:00:00Z'}\n"
        "  - id: zendesk/bad-priority\n"
        "    ticket: {id: 10, priority: blocker}\n"
        "    expect: {severity: 2}\n", encoding="utf-8")
    tested = run_cli("test", "--map", "zendesk", str(fixtures))
    assert tested.returncode == 1
    assert tested.stdout.decode().strip().splitlines()[-1] == "1 passed, 1 failed"
    assert "invalid_field" in tested.stdout.decode()
