"""Each load check's FAIL and PASS docstring examples run as its tests (as the lint checks' do).

An example is completed into a whole policy file (tests/check_examples.BASE: the
policy header, four levels, a default and one rule), each section unless the
example gives its own, with these forms an author writes in the docs:

- a ``when:`` line is one rule's condition (several ``when:`` lines, several rules);
- ``levels:`` add to the base levels, replacing the base level of the same number
  (two example levels with one number both stay: that is what duplicate-levels shows);
- an example that starts with ``policy:`` is a whole policy, used as written.

The FAIL example must be reported by the check (the policy refused, or for a warning
among the loader's findings); the PASS example must load and not be reported.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from check_examples import BASE, examples

from sevtriage.policy.checks import LOAD_CHECKS
from sevtriage.policy.loader import load_policy
from sevtriage.problems import PolicyError, Problem


def policy_data(example: str) -> dict[str, Any]:
    """The whole policy an example stands for."""
    chunks: list[str] = []
    for line in example.splitlines():  # top-level sections, each with its indented lines
        if chunks and (line.startswith((" ", "#")) or not line.strip()):
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    conditions = [yaml.safe_load(chunk)["when"] for chunk in chunks if chunk.startswith("when:")]
    data: dict[str, Any] = yaml.safe_load("\n".join(c for c in chunks if not c.startswith("when:"))) or {}
    if "policy" in data:
        return data
    if conditions:
        data["rules"] = [*data.get("rules", []), *({"id": f"example-{n}", "level": 2, "source": "example",
                                                     "when": when} for n, when in enumerate(conditions))]
    if "levels" in data:
        numbers = {level["level"] for level in data["levels"]}
        levels = [*(level for level in BASE["levels"] if level["level"] not in numbers), *data["levels"]]
        data["levels"] = sorted(levels, key=lambda level: level["level"])
    return {**BASE, **data}


def load_problems(path: Path) -> list[Problem]:
    """What loading the policy reports: its errors if refused, else the loader's findings."""
    try:
        return list(load_policy(path).findings)
    except PolicyError as refused:
        return list(refused.problems)


CASES = [(module, kind) for module in LOAD_CHECKS for kind in ("FAIL", "PASS")]


@pytest.mark.parametrize(("module", "kind"), CASES, ids=[f"{m.ID}-{k}" for m, k in CASES])
def test_docstring_example(module: ModuleType, kind: str, tmp_path: Path) -> None:
    example = examples(module).get(kind)
    assert example, f"{module.__name__} has no {kind} example in its docstring"
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(policy_data(example), sort_keys=False, allow_unicode=True), encoding="utf-8")
    if kind == "PASS":
        load_policy(path)  # the example is a policy that loads: a PASS never passes for want of a policy
    found = [p for p in load_problems(path) if p.check_id == module.ID]
    if kind == "FAIL":
        assert found, f"the FAIL example of {module.ID} is not reported:\n{example}"
    else:
        assert not found, f"the PASS example of {module.ID} is reported: {found}"
