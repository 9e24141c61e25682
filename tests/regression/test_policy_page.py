"""The policy page, the YAML and the fixtures cite each other by rule id."""

from __future__ import annotations

import re

from conftest import REPO

from sevtriage.regression.fixtures import load_fixtures
from sevtriage.regression.policy_page import render


def test_docs_policy_page_is_current(policy):
    expected = render(policy, load_fixtures([REPO / "fixtures"]), base=REPO)
    actual = (REPO / "docs" / "policy.md").read_text(encoding="utf-8")
    assert actual == expected, "regenerate: python -m sevtriage.regression.policy_page > docs/policy.md"


def test_page_lists_every_rule_and_ceiling_with_a_fixture(policy):
    page = (REPO / "docs" / "policy.md").read_text(encoding="utf-8")
    for item in (*policy.rules, *policy.ceilings):
        row = next(line for line in page.splitlines() if line.startswith(f"| `{item.id}` |"))
        assert "**none**" not in row, item.id
        assert item.source and item.source.split(":")[0] in row


def test_readme_policy_table_names_every_rule_id(policy):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    cited = set(re.findall(r"`((?:L[1-4]|cap|gate)-[A-Za-z0-9-]+)`", readme))
    assert {item.id for item in (*policy.rules, *policy.ceilings)} <= cited
