"""Counts in messages have their singular: "1 error", "1 ticket", "1 warning" (issue 9, item 10).

One helper does it everywhere (sevtriage.wording.counted); each command's message is
checked here with a count of one, where "1 errors" used to show.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from lint_helpers import invoke_cli

REPO = Path(__file__).resolve().parents[2]
RULES = str(REPO / "rules")


def test_validate_summary_has_singulars_and_plurals(tmp_path: Path) -> None:
    policy = tmp_path / "rules"
    shutil.copytree(REPO / "rules", policy)
    level4 = policy / "level-4.yaml"
    level4.write_text(level4.read_text(encoding="utf-8") + "\n  - id: L4-nosource\n    level: 4\n"
                      "    when: {field: contact_available, is: false}\n", encoding="utf-8")
    done = invoke_cli("validate", str(policy))
    summary = done.stderr.strip().splitlines()[-1]
    assert summary.startswith("sevtriage validate: 1 policy") and summary.endswith(
        ": 0 errors, 1 warning, 1 info"), summary
    two = invoke_cli("validate", str(policy), RULES).stderr.strip().splitlines()[-1]
    assert two.startswith("sevtriage validate: 2 policies: 0 errors, 1 warning, 2 info"), two


def test_diff_counts_one_ticket(tmp_path: Path) -> None:
    ticket = json.dumps({"id": "a", "request_type": "advice"})
    done = invoke_cli("diff", "--base", RULES, "--head", RULES, "--format", "text", input=ticket)
    assert "1 ticket classified, 0 changed level, 0 not classified" in done.stdout, done.stdout


def test_table_counts_one_warning() -> None:
    ticket = json.dumps({"id": "w", "symptoms": {"data_loss": True}, "colour": "red"})
    done = invoke_cli("classify", "--format", "table", input=ticket)
    assert "1 warning" in done.stdout and "warning(s)" not in done.stdout, done.stdout


def test_report_counts_one_record(tmp_path: Path) -> None:
    results = invoke_cli("classify", input=json.dumps({"id": "r", "created_at": "2026-11-26T10:00:00Z"})).stdout
    page = tmp_path / "page.html"
    done = invoke_cli("report", "-o", str(page), input=results)
    assert "sevtriage report: 1 record (1 result, 0 errors)" in done.stderr, done.stderr
    html = page.read_text(encoding="utf-8")
    assert "1 result. " in html
    assert "1 result has a deadline" in html, html[:2000]


def test_fixture_selection_counts_one_fixture(tmp_path: Path) -> None:
    fixtures = tmp_path / "f.yaml"
    fixtures.write_text("fixtures:\n  - id: F1\n    ticket: {id: F1}\n    expect: {severity: 3}\n", encoding="utf-8")
    done = invoke_cli("test", str(fixtures), "-k", "nothing-like-it")
    assert "(1 fixture in" in done.stderr, done.stderr
