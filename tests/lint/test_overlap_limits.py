"""``overlap`` lists at most MAX_PER_RULE overlaps a rule and MAX_PER_POLICY a policy.

The capped report is the full one cut short: for each rule, the first overlaps
it would list, then one "... and N more" line at the same place; once the
policy's budget is spent, one line counts every overlap left.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lint_helpers import HEADER, findings, write_policy

from sevtriage.lint import overlap
from sevtriage.problems import Problem

FLAGS = ["data_loss", "crash_or_hang", "users_blocked", "service_stopped", "error_message", "restart_required"]


def _policy(tmp_path: Path) -> Path:
    """Two Level 4 rules, each overlapping six Level 3 rules on one field (the Level 3 rules all decide)."""
    rules = "rules:\n"
    for weak in ("unstable", "incorrect_behavior"):
        rules += f"  - {{id: L4-{weak.replace('_', '-')}, level: 4, source: s, " \
                 f"when: {{field: symptoms.{weak}, is: true}}}}\n"
        for flag in FLAGS:
            rules += (f"  - id: L3-{weak.replace('_', '-')}-{flag.replace('_', '-')}\n    level: 3\n    source: s\n"
                      f"    when: {{all: [{{field: symptoms.{weak}, is: true}}, "
                      f"{{field: symptoms.{flag}, is: true}}]}}\n")
    return write_policy(tmp_path, rules, header=HEADER.replace("default: {level: 3}", "default: {level: 4}"))


def _overlaps(path: Path, monkeypatch: pytest.MonkeyPatch, per_rule: int, per_policy: int) -> list[Problem]:
    monkeypatch.setattr(overlap, "MAX_PER_RULE", per_rule)
    monkeypatch.setattr(overlap, "MAX_PER_POLICY", per_policy)
    return findings(path, "overlap")


def test_caps_cut_the_full_report_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _policy(tmp_path)
    full = _overlaps(path, monkeypatch, 10**9, 10**9)
    assert len(full) == 12 and not any(p.message.startswith("...") for p in full)
    first, second = full[:6], full[6:]
    assert {p.line for p in first} == {first[0].line} != {second[0].line} == {p.line for p in second}

    capped = _overlaps(path, monkeypatch, 3, 5)
    assert capped[:3] == first[:3]
    assert capped[3].line == first[0].line and capped[3].witness is None
    assert capped[3].message == ("... and 3 more overlaps of rule L4-unstable (Level 4) with more severe rules, "
                                 "not listed: at most 3 are listed per rule")
    assert capped[4:6] == second[:2]
    assert capped[6].line == second[0].line
    assert capped[6].message == ("... and 4 more overlaps, from rule L4-incorrect-behavior on, not listed: "
                                 "at most 5 are listed per policy")
    assert len(capped) == 7 and all(p.check_id == "overlap" and p.level == "info" for p in capped)


def test_a_rule_within_the_cap_gets_no_extra_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _policy(tmp_path)
    assert _overlaps(path, monkeypatch, 6, 12) == _overlaps(path, monkeypatch, 10**9, 10**9)


def test_default_caps(tmp_path: Path) -> None:
    assert (overlap.MAX_PER_RULE, overlap.MAX_PER_POLICY) == (10, 200)
    assert len(findings(_policy(tmp_path), "overlap")) == 12
