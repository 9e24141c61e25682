"""The decision steps of READING.md, one behaviour per test."""

from __future__ import annotations

from typing import Any


def classify(classifier, **fields: Any) -> dict[str, Any]:
    ticket = {"id": "T1", **fields}
    result = classifier.classify(ticket)
    assert "error" not in result, result
    return result


def test_most_severe_level_wins_and_every_match_is_listed_most_severe_first(classifier):
    result = classify(classifier, symptoms={"performance": "minor", "unstable": True, "crash_or_hang": True})
    assert result["severity"] == 1
    assert result["matched_rules"] == ["L1-crash-hang", "L2-unstable", "L3-minor-performance"]
    assert result["basis"] == "rules"
    assert result["level_name"] == "critical" and result["response_target"] == "PT2H"


def test_two_ceilings_both_listed_and_the_least_severe_applies(classifier):
    result = classify(classifier, technology="SQL Server", environment="staging",
                      symptoms={"data_loss": True})
    assert result["applied_caps"] == ["cap-dotnet-mssql", "cap-non-production"]
    assert result["severity"] == 3


def test_a_ceiling_that_holds_but_is_not_stricter_is_not_applied(classifier):
    result = classify(classifier, technology="mssql", symptoms={"performance": "minor"})
    assert result["applied_caps"] == [] and result["severity"] == 3


def test_no_match_keeps_the_declared_level_with_ceilings(classifier):
    result = classify(classifier, declared_severity=1, technology=" .NET  Core ")
    assert result["basis"] == "declared"
    assert result["severity"] == 2
    assert result["applied_caps"] == ["cap-dotnet-mssql"]
    assert any("exceeds the maximum Level 2" in note and "cap-dotnet-mssql" in note for note in result["notes"])


def test_no_match_and_no_declared_level_is_the_default_level_3(classifier):
    result = classify(classifier, symptoms={"data_loss": False})
    assert (result["severity"], result["basis"], result["matched_rules"]) == (3, "default", [])
    assert "default" in result["notes"][0]


def test_declared_level_that_differs_needs_the_customers_agreement(classifier):
    result = classify(classifier, declared_severity=4, symptoms={"unstable": True})
    assert result["severity"] == 2 and result["declared_severity"] == 4
    assert any("customer's agreement" in note for note in result["notes"])
    same = classify(classifier, declared_severity=2, symptoms={"unstable": True})
    assert not any("agreement" in note for note in same["notes"])


def test_level_1_carries_the_cooperation_note_and_warns_without_contact(classifier):
    result = classify(classifier, contact_available=False, symptoms={"users_blocked": True})
    assert any("cooperate" in note for note in result["notes"])
    assert any("contact_available is false" in w for w in result["warnings"])
    assert not any("contact_available" in w for w in classify(
        classifier, contact_available=True, symptoms={"users_blocked": True})["warnings"])


def test_missing_field_is_unknown_not_false(classifier):
    # "not symptoms.workaround_available" holds when the flag is missing ...
    assert classify(classifier, symptoms={"function_unavailable": True})["matched_rules"] == ["L2-function-restricted"]
    # ... but "operations_affected is false" needs the flag to be there.
    assert classify(classifier, symptoms={"error_message": True})["matched_rules"] == []
    assert classify(classifier, symptoms={"error_message": True, "operations_affected": False})[
        "matched_rules"] == ["L4-no-impact-error"]


def test_field_defaults_request_type_incident_and_environment_production(classifier):
    assert classify(classifier, phase="implementation")["matched_rules"] == []
    assert classify(classifier, request_type="question")["matched_rules"] == ["L4-general-question"]
    assert classify(classifier, symptoms={"unstable": True})["applied_caps"] == []


def test_respond_by_keeps_the_tickets_offset(classifier):
    assert classify(classifier, created_at="2026-12-31T23:30:00-05:00", request_type="advice")[
        "respond_by"] == "2027-01-01T23:30:00-05:00"
    assert classify(classifier, created_at="2026-03-02T09:15:00Z", symptoms={"unstable": True})[
        "respond_by"] == "2026-03-02T15:15:00Z"
    assert classify(classifier, symptoms={"unstable": True})["respond_by"] is None


def test_unknown_fields_are_kept_and_warned_with_a_suggestion(classifier):
    result = classify(classifier, symptoms={"data_los": True}, customer_tier="gold")
    assert result["severity"] == 3 and result["matched_rules"] == []
    assert result["warnings"] == [
        'unknown field "customer_tier": no rule can read it',
        'unknown field "symptoms.data_los": no rule can read it (did you mean "symptoms.data_loss"?)',
    ]


def test_result_carries_the_policy_identity_and_the_contract_keys(plain_classifier, policy):
    result = classify(plain_classifier)
    assert list(result) == ["id", "severity", "level_name", "response_target", "respond_by", "matched_rules",
                            "applied_caps", "basis", "declared_severity", "notes", "warnings", "policy"]
    assert result["policy"] == {"name": policy.name, "version": policy.version, "hash": policy.content_hash}


def test_with_text_flags_a_result_adds_its_evidence_and_the_detectors_version(classifier, policy):
    result = classify(classifier, description="Depuis ce matin, pas de perte de données.")
    assert list(result)[-2:] == ["policy", "derived_flags"]
    assert result["policy"]["detectors_hash"] == policy.text.content_hash
    assert result["derived_flags"] == [{
        "flag": "symptoms.data_loss", "value": False, "status": "negated", "detector": "data-loss",
        "field": "description", "start": 24, "end": 40, "text": "perte de données", "cue": "pas de",
        "used": True}]


def test_free_text_of_any_length_and_language_never_changes_the_level_without_text_flags(plain_classifier):
    text = "Données perdues ! 数据丢失 🔥 " * 20000
    result = classify(plain_classifier, subject=text, description=text, symptoms={"performance": "minor"})
    assert result["severity"] == 3 and result["matched_rules"] == ["L3-minor-performance"]


def test_free_text_of_any_length_and_language_is_read_by_the_detectors(classifier):
    text = "Données perdues ! 数据丢失 🔥 " * 20000
    result = classify(classifier, subject=text, description=text, symptoms={"performance": "minor"})
    assert result["matched_rules"] == ["L1-data-loss", "L3-minor-performance"]
    assert result["derived_flags"][0]["text"] == "Données perdues"


def test_respond_by_past_year_9999_is_an_error_record_not_a_crash(classifier):
    record = classifier.classify({"id": "O1", "created_at": "9999-12-31T23:00:00Z"})
    assert record["error"] == {"code": "invalid_field", "path": "/created_at",
                               "message": "/created_at: 9999-12-31T23:00:00Z plus PT12H is past year 9999"}


def test_respond_by_keeps_the_precision_and_the_unknown_offset_of_created_at(classifier):
    assert classify(classifier, created_at="2026-03-02T09:15:00.5+01:00", request_type="advice")[
        "respond_by"] == "2026-03-03T09:15:00.5+01:00"
    assert classify(classifier, created_at="2026-03-02T09:15:00-00:00", request_type="advice")[
        "respond_by"] == "2026-03-03T09:15:00-00:00"


def test_a_declared_level_the_policy_does_not_define_is_an_error_record(tmp_path):
    from sevtriage.engine.classifier import Classifier
    from sevtriage.policy.loader import load_policy_texts
    policy = load_policy_texts([("p.yaml", 'policy: {name: two, version: "1"}\n'
                                           "levels:\n  - {level: 1, name: high, response_target: PT1H}\n"
                                           "  - {level: 2, name: low, response_target: PT4H}\n"
                                           "rules: [{id: L1-x, level: 1, when: {field: symptoms.unstable, is: true}}]\n")])
    two = Classifier(policy)
    assert two.classify({"id": "K", "declared_severity": 4})["error"]["path"] == "/declared_severity"
    assert two.classify({"id": "K", "declared_severity": 2})["severity"] == 2
    assert two.classify({"id": "K"})["severity"] == 2  # no default section, no Level 3: the least severe level


def test_unknown_field_hints_name_any_contract_field(classifier):
    result = classify(classifier, creatd_at="2026-01-01T00:00:00Z", Symptoms={"data_loss": True})
    assert result["warnings"] == [
        'unknown field "creatd_at": no rule can read it (did you mean "created_at"?)',
        'unknown field "Symptoms": no rule can read it (did you mean "symptoms"?)',
    ]
