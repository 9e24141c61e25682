"""Every fixture ticket gets the outcome written next to it, by the engine and the oracle."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from sevtriage.problems import PolicyError
from sevtriage.regression.fixtures import load_fixtures, mismatches

FIXTURES = load_fixtures([REPO / "fixtures"])


def test_fixtures_exist_and_ids_are_unique():
    assert len(FIXTURES) >= 60
    ticket_ids = [f.ticket["id"] for f in FIXTURES]
    assert len(ticket_ids) == len(set(ticket_ids))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.id for f in FIXTURES])
def test_fixture(fixture, classifier, reference_classifier, plain_classifier, plain_reference_classifier):
    engine, reference = ((classifier, reference_classifier) if fixture.text_flags
                         else (plain_classifier, plain_reference_classifier))
    result = engine.classify(fixture.ticket)
    assert mismatches(fixture.expect, result) == {}, f"{fixture.file}:{fixture.line} {fixture.description}"
    assert reference.classify(fixture.ticket) == result


def test_every_rule_and_ceiling_has_a_fixture_that_shows_it_deciding(policy):
    covered = {rule_id for f in FIXTURES for rule_id in f.covers}
    ids = {item.id for item in (*policy.rules, *policy.ceilings)}
    assert ids - covered == set()
    assert covered - ids == set(), "fixtures cite ids the policy does not have"


def test_fixtures_cite_only_known_rules(policy):
    ids = {item.id for item in (*policy.rules, *policy.ceilings)}
    for fixture in FIXTURES:
        cited = set(fixture.expect.get("matched_rules", [])) | set(fixture.expect.get("applied_caps", []))
        assert cited <= ids, fixture.id


def test_fixture_files_declare_their_schema():
    for path in sorted((REPO / "fixtures").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../sevtriage/schemas/fixture.schema.json", path


def test_a_broken_fixture_file_is_reported_with_its_position(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("fixtures:\n  - id: x\n    ticket: {id: T}\n    expect: {severity: high}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_fixtures([path])
    assert f'{path}:4:24: error: "high" is not of type "integer" (fixture-schema)' in str(caught.value)


def test_fixture_loader_suggests_the_key_at_its_position_and_reports_duplicates_at_once(tmp_path):
    """Issue 8: a misspelt key gave raw jsonschema text at the mapping, and duplicate ids were
    reported only once the schema errors were fixed."""
    import pytest

    from sevtriage.problems import PolicyError
    from sevtriage.regression.fixtures import load_fixtures

    path = tmp_path / "f.yaml"
    path.write_text("fixtures:\n"
                    "  - id: a\n"
                    "    ticket: {id: A}\n"
                    "    expcet: {severity: 1}\n"
                    "  - id: a\n"
                    "    ticket: {id: B}\n"
                    "    expect: {severity: 2}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_fixtures([path])
    found = {(p.check_id, p.line, p.column): p.message for p in caught.value.problems}
    assert found[("fixture-schema", 4, 5)] == 'unexpected key "expcet"; did you mean "expect"?'
    assert found[("duplicate-fixture-id", 5, 5)] == f'fixture id "a" is already used at {path}:2'
    assert len(found) == 2  # the missing "expect" is the typo, not a second finding


def test_an_unquoted_time_in_a_fixture_ticket_says_where_to_quote_it(tmp_path: Path):
    """YAML reads ``created_at: 2026-01-01T10:00:00+01:00`` as a datetime; the run said only its repr."""
    (tmp_path / "f.yaml").write_text(
        "fixtures:\n"
        "  - id: x/unquoted\n"
        "    ticket:\n"
        "      id: FX-1\n"
        "      created_at: 2026-01-01T10:00:00+01:00\n"
        "      extra: {seen: [2026-01-02]}\n"
        "    expect: {severity: 1}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_fixtures([tmp_path])
    messages = [str(problem) for problem in caught.value.problems]
    assert len(messages) == 2, messages
    assert f"{tmp_path / 'f.yaml'}:5:19:" in messages[0]
    assert 'write the time 2026-01-01T10:00:00+01:00 in quotes ("2026-01-01T10:00:00+01:00")' in messages[0]
    assert ":6:" in messages[1] and "write the date 2026-01-02 in quotes" in messages[1]
    assert not any("datetime" in message for message in messages)
