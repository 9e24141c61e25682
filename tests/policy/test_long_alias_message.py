"""A 10,000-character alias is not echoed whole (issue 9, item 9)."""

from __future__ import annotations

import pytest

from sevtriage.policy.loader import load_policy_texts
from sevtriage.problems import PolicyError
from sevtriage.resources import bundled_policy_path


def test_a_long_unknown_alias_is_shortened_in_the_message():
    head = (bundled_policy_path() / "policy.yaml").read_text(encoding="utf-8")
    rules = ("rules:\n  - id: L2-x\n    level: 2\n    source: s\n"
             f"    when: {{field: technology, alias_of: {'x' * 10_000}}}\n")
    with pytest.raises(PolicyError) as caught:
        load_policy_texts([("policy.yaml", head), ("rules.yaml", rules)])
    message = " ".join(str(p) for p in caught.value.problems)
    assert "x" * 81 not in message and "(10,000 characters)" in message
