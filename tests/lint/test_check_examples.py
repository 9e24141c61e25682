"""Each lint check's FAIL and PASS docstring examples run as its tests.

An example is the YAML an author would write: a list of rules and ceilings, or
sections of a policy file. It is completed into a whole policy (the policy
header, four levels, a default and one rule, each unless the example gives its
own; an example's level replaces the base level of its number), loaded (so a
PASS never passes for want of a policy) and validated: the FAIL example must be reported by the check, the PASS one not.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
import yaml
from check_examples import BASE, examples

from sevtriage.lint import LINT_CHECKS
from sevtriage.lint.run import validate_path
from sevtriage.policy.loader import load_policy


def policy_text(example: str) -> str:
    data = yaml.safe_load(example)
    if isinstance(data, list):  # rules and ceilings written as a bare list
        data = {"rules": [i for i in data if "level" in i], "ceilings": [i for i in data if "max_level" in i]}
        data = {key: value for key, value in data.items() if value}
    if "levels" in data:  # the example's levels replace the base's of the same number
        levels = {level["level"]: level for level in [*BASE["levels"], *data["levels"]]}
        data = {**data, "levels": [levels[number] for number in sorted(levels)]}
    return yaml.safe_dump({**BASE, **data}, sort_keys=False, allow_unicode=True)


CASES = [(module, kind) for module in LINT_CHECKS for kind in ("FAIL", "PASS")]


TEXT_KEYS = ("detectors", "cues", "resolution")
BUNDLED_CUES = Path(__file__).resolve().parents[2] / "rules" / "text" / "cues.yaml"


def write_example(example: str, tmp_path: Path) -> Path:
    """A policy file; or, for a text detector check, a policy folder whose text/ holds the
    example's detectors (with the bundled cues unless the example gives its own)."""
    data = yaml.safe_load(example)
    if not (isinstance(data, dict) and set(TEXT_KEYS) & set(data)):
        path = tmp_path / "policy.yaml"
        path.write_text(policy_text(example), encoding="utf-8")
        return path
    folder = tmp_path / "rules"
    (folder / "text").mkdir(parents=True)
    (folder / "policy.yaml").write_text(policy_text("{}"), encoding="utf-8")
    (folder / "text" / "example.yaml").write_text(example, encoding="utf-8")
    if "cues" not in data:
        (folder / "text" / "cues.yaml").write_text(BUNDLED_CUES.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("module", "kind"), CASES, ids=[f"{m.ID}-{k}" for m, k in CASES])
def test_docstring_example(module: ModuleType, kind: str, tmp_path: Path) -> None:
    example = examples(module)[kind]
    path = write_example(example, tmp_path)
    load_policy(path)  # the example is a policy that loads: a PASS never passes for want of a policy
    report = validate_path(path)
    found = [p for p in report.problems if p.check_id == module.ID]
    if kind == "FAIL":
        assert found, f"the FAIL example of {module.ID} is not reported:\n{example}"
    else:
        assert not found, f"the PASS example of {module.ID} is reported: {found}"
