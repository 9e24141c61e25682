"""Each preset classifies its helpdesk's sample payloads (fixtures/helpdesks/) as expected.

The payloads follow each vendor's published API or webhook shape, envelopes
included; ``*.expected.jsonl`` holds the expected level, basis, rules,
ceilings, declared level and respond_by (in the ticket's own offset) of every
ticket, in order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from sevtriage.resources import PRESET_NAMES
from sevtriage.tickets.inputs import ReadStats
from sevtriage.tickets.mapping import load_mapping, map_records
from sevtriage.tickets.sources import iter_inputs

HELPDESKS = REPO / "fixtures" / "helpdesks"
KEPT = ("id", "severity", "basis", "matched_rules", "applied_caps", "declared_severity", "respond_by")
PAYLOADS = sorted(p for p in HELPDESKS.glob("*/*") if p.suffix in (".json", ".jsonl")
                  and not p.name.endswith(".expected.jsonl"))


def _expected(payload: Path) -> list[dict[str, object]]:
    path = payload.with_name(payload.name.rsplit(".", 1)[0] + ".expected.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_preset_has_payloads_with_three_tickets_or_more() -> None:
    for preset in PRESET_NAMES:
        payloads = [p for p in PAYLOADS if p.parent.name == preset]
        assert payloads, preset
        assert sum(len(_expected(p)) for p in payloads) >= 3, preset


@pytest.mark.parametrize("payload", PAYLOADS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_preset_classifies_its_payload(payload: Path) -> None:
    # The expectations are those of the fields the mapping names: without the text detectors.
    result = run_cli("classify", "--quiet", "--jobs", "1", "--no-text-flags", "--map", payload.parent.name,
                     str(payload))
    assert result.returncode == 0, result.stderr
    got = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [{k: r[k] for k in KEPT} for r in got] == _expected(payload)
    assert all(r["warnings"] == [] for r in got)  # only the fields the mapping names are read


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_each_preset_has_a_ticket_with_fields_missing(preset: str) -> None:
    mapping = load_mapping(preset)
    payloads = tuple(str(p) for p in PAYLOADS if p.parent.name == preset)
    tickets = [r.ticket for r in map_records(mapping, iter_inputs(payloads, 1 << 20, ReadStats()))]
    assert all(isinstance(t, dict) for t in tickets)

    def fields(ticket: dict[str, object]) -> set[str]:
        symptoms = ticket.get("symptoms")
        return set(ticket) | {f"symptoms.{k}" for k in (symptoms if isinstance(symptoms, dict) else {})}
    everything = set().union(*(fields(t) for t in tickets))
    assert max(len(everything - fields(t)) for t in tickets) >= 2  # one ticket lacks what others have


def test_offsets_come_from_the_source() -> None:
    jira = [r["respond_by"] for r in _expected(HELPDESKS / "jira" / "search.json")]
    assert [value[-6:] for value in jira] == ["+03:00", "+01:00", "-05:00"]  # +0300 read as +03:00
    glpi = [r["respond_by"] for r in _expected(HELPDESKS / "glpi" / "tickets.json")]
    assert glpi[:2] == ["2026-07-15T10:10:40+02:00", "2026-01-21T14:00:00+01:00"]  # Paris, summer and winter


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_grouped_flags_give_what_each_expression_gives(preset: str) -> None:
    """apply answers flags read from one tag list at once; explain evaluates each expression alone."""
    mapping = load_mapping(preset)
    payloads = tuple(str(p) for p in PAYLOADS if p.parent.name == preset)
    for record in iter_inputs(payloads, 1 << 20, ReadStats()):
        for source in mapping.records_of(record.ticket):
            assert mapping.apply(source) == mapping.explain(source)[0]
