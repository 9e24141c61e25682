"""Flags from the ticket's words: patterns, folding, cues, resolution, evidence, CLI, authoring.

The fixtures (fixtures/text-*.yaml) hold the behaviour per sentence; these tests pin
the machinery: offsets into the original text, the pattern language's errors with
positions, the ``--no-text-flags`` promise, and the authoring checks.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from sevtriage.policy.loader import load_policy
from sevtriage.policy.text.fold import fold
from sevtriage.policy.text.pattern import PatternError, compile_pattern
from sevtriage.problems import PolicyError
from sevtriage.tickets.textflags import TextFlags


@pytest.fixture(scope="module")
def text_flags(policy):
    return TextFlags(policy.text)


def test_folding_keeps_offsets_into_the_original_text():
    text = "Œuvre: l\u2019équipe a noté «crash» à 9h"
    folded = fold(text)
    assert folded.text == "oeuvre: l'equipe a note \"crash\" a 9h"
    start = folded.text.index("crash")
    assert text[folded.original(start):folded.original(start + 5)] == "crash"


@pytest.mark.parametrize(("pattern", "language", "text", "matches"), [
    ("crash*", "en", "it crashed twice", "crashed"),
    ("(hang|freeze*) [up]", "en", "the ui freezes up", "freezes up"),
    ("server ...2 down", "en", "the server went completely down", "server went completely down"),
    ("server ...2 down", "en", "the server has never been down", None),  # a gap never swallows a negation
    ("s'est arrêté", "fr", "il se est arrete", "se est arrete"),  # elision both ways, accents folded
    ("se bloque", "fr", "touche s bloque", None),  # an elided form needs its apostrophe
    ("(how do i|can i) ?", "en", "how do i reset it?", "how do i reset it?"),
])
def test_pattern_language(pattern, language, text, matches):
    found = compile_pattern(pattern, language).regex.search(text)
    assert (found.group() if found else None) == matches


@pytest.mark.parametrize(("pattern", "message", "column"), [
    ("(crash|hang", '"(" opened here is not closed', 1),
    ("crash ...", "a gap must stand between two words", 7),
    ("[the]", "no required word", 1),
    ("cr*ash", "prefix wildcard", 1),
    ("crash ...20 hang", "a gap is 1 to 8 words", 7),
    ("re:(a+)+", "unbounded repeat", 1),
    (r"re:(\w)\1", "backreferences", 1),
])
def test_pattern_errors_say_what_and_where(pattern, message, column):
    with pytest.raises(PatternError) as caught:
        compile_pattern(pattern, "en")
    assert message in str(caught.value) and caught.value.column == column


def test_evidence_points_into_the_original_text_with_its_cue(text_flags):
    ticket = {"id": "T", "description": "Bonjour. Le serveur ne répond plus ; pas de perte de données."}
    flagged, entries = text_flags.apply(ticket)
    by_flag = {e["flag"]: e for e in entries if e["used"]}
    stopped = by_flag["symptoms.service_stopped"]
    assert ticket["description"][stopped["start"]:stopped["end"]] == stopped["text"] == "ne répond plus"
    assert by_flag["symptoms.data_loss"]["status"] == "negated" and by_flag["symptoms.data_loss"]["cue"] == "pas de"
    assert flagged["symptoms"]["service_stopped"] is True and flagged["symptoms"]["data_loss"] is False
    assert "symptoms" not in ticket  # the caller's ticket is not modified


def test_a_field_the_ticket_gives_is_never_changed_by_the_text(text_flags):
    ticket = {"id": "T", "environment": "production", "symptoms": {"crash_or_hang": False},
              "description": "On our staging server the app crashes."}
    flagged, entries = text_flags.apply(ticket)
    assert flagged["environment"] == "production" and flagged["symptoms"]["crash_or_hang"] is False
    assert {e["flag"] for e in entries if not e["used"]} == {"environment", "symptoms.crash_or_hang"}


def test_masked_text_sets_nothing(text_flags):
    description = ("Nothing to add.\n{code}\nERROR data loss in block 7\n{code}\n"
                   "2026-01-01 12:00:00,123 FATAL server crashed\n    at com.acme.Crash.run(Crash.java:1)\n")
    assert text_flags.apply({"id": "T", "description": description})[1] == []


def test_no_text_flags_gives_the_results_of_a_policy_without_detectors(tmp_path):
    plain_rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", plain_rules, ignore=shutil.ignore_patterns("text"))
    tickets = tmp_path / "t.jsonl"
    rows = [{"id": "A", "subject": "Production down", "description": "No data loss, but very slow."},
            {"id": "B", "description": "L'application plante.", "symptoms": {"unstable": True}}]
    tickets.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    without = run_cli("classify", "--no-text-flags", str(tickets))
    before = run_cli("classify", "--rules", str(plain_rules), str(tickets))
    assert without.returncode == 0 and without.stdout == before.stdout
    with_text = [json.loads(line) for line in run_cli("classify", str(tickets)).stdout.splitlines()]
    assert [r["severity"] for r in with_text] == [1, 1]


def test_workers_give_the_same_derived_flags_as_one_process(tmp_path, classifier):
    rows = [{"id": f"W{n}", "description": text} for n, text in enumerate(
        ["The app crashes on save.", "Pas de perte de données, mais très lent.", "Typo in the menu."] * 40)]
    tickets = tmp_path / "t.jsonl"
    tickets.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    done = run_cli("classify", "--jobs", "2", "-q", str(tickets))
    assert done.returncode == 0
    assert [json.loads(line) for line in done.stdout.splitlines()] == [classifier.classify(r) for r in rows]
    plain = run_cli("classify", "--jobs", "2", "-q", "--no-text-flags", str(tickets))
    assert b"derived_flags" not in plain.stdout and plain.stdout.count(b"\n") == len(rows)


def test_table_and_explain_show_the_words_behind_the_decision(tmp_path):
    tickets = tmp_path / "t.json"
    tickets.write_text(json.dumps({"id": "E1", "description": "Depuis 7h le serveur ne répond plus."}),
                       encoding="utf-8")
    table = run_cli("classify", "--format", "table", str(tickets)).stdout.decode()
    assert "Level 1: description[21:35] \"ne répond plus\" set symptoms.service_stopped" in table
    explained = run_cli("explain", str(tickets)).stdout.decode()
    assert "words: description[21:35] \"ne répond plus\" set symptoms.service_stopped" in explained


def _policy_with(tmp_path: Path, text: str) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules, ignore=shutil.ignore_patterns("text"))
    (rules / "text").mkdir()
    shutil.copy(REPO / "rules" / "text" / "cues.yaml", rules / "text" / "cues.yaml")
    (rules / "text" / "mine.yaml").write_text(text, encoding="utf-8")
    return rules


def test_a_bad_pattern_is_a_policy_error_at_its_line_and_column(tmp_path):
    rules = _policy_with(tmp_path, "detectors:\n  - id: d\n    sets: {symptoms.crash_or_hang: true}\n"
                                   "    source: x\n    patterns:\n      en: [\"crash (hang\"]\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(rules)
    assert f"{rules / 'text' / 'mine.yaml'}:6:19: error: pattern \"crash (hang\"" in str(caught.value)


def test_a_detector_may_only_set_contract_fields_and_values(tmp_path):
    rules = _policy_with(tmp_path, "detectors:\n  - id: d\n    sets: {symptoms.performance: awful}\n"
                                   "    source: x\n    patterns:\n      en: [\"slow\"]\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(rules)
    assert 'symptoms.performance must be one of "normal", "minor", "severe", not "awful" (text-flag)' in str(
        caught.value)


def test_validate_lints_detectors_and_test_checks_their_examples(tmp_path):
    rules = _policy_with(tmp_path, """detectors:
  - id: cosmetic
    sets: {symptoms.operations_affected: false}
    source: x
    patterns: {en: ["cosmetic", "re:\\\\bCosmetic"]}
    examples: {match: ["a cosmetic glitch"], no_match: ["purely cosmetic"]}
  - id: affects
    sets: {symptoms.operations_affected: true}
    source: x
    patterns: {en: ["(cosmetic|affects users)", "cosmetic"]}
  - id: swallowed
    sets: {symptoms.unstable: true}
    source: x
    patterns: {en: ["no longer"]}
""")
    done = run_cli("validate", str(rules))
    out = done.stdout.decode()
    assert done.returncode == 1
    for check in ("text-cannot-match", "text-duplicate-pattern", "text-opposite-values", "text-cue-swallows",
                  "text-example"):
        assert f"({check})" in out, check
    tested = run_cli("test", "--rules", str(rules), str(REPO / "fixtures" / "level4.yaml"))
    assert tested.returncode == 1 and b"FAIL detector example" in tested.stdout
