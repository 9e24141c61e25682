"""docs/checks.md lists every check id with its summary, generated from the registry."""

from __future__ import annotations

from pathlib import Path

from sevtriage.lint import LINT_CHECKS
from sevtriage.lint.registry import checks_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"
BEGIN, END = "<!-- checks-table:begin -->\n", "<!-- checks-table:end -->"


def test_checks_table_is_up_to_date() -> None:
    text = DOC.read_text(encoding="utf-8")
    current = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert current == checks_table(), (
        "docs/checks.md is out of date: replace the table with "
        "python -c 'from sevtriage.lint.registry import checks_table; print(checks_table())'")


def test_every_lint_check_documents_fail_and_pass() -> None:
    for module in LINT_CHECKS:
        doc = module.__doc__ or ""
        assert "FAIL" in doc and "PASS" in doc and "::" in doc, module.__name__
        assert module.ID in DOC.read_text(encoding="utf-8")
