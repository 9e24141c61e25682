"""Every shipped preset passes the mapping schema: what lets ``load_mapping(PRESET)`` skip that check."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sevtriage.policy.yaml_source import load_yaml
from sevtriage.resources import PRESET_NAMES, preset_path
from sevtriage.tickets.mapping.loader import _schema_problems, load_mapping, load_mapping_text


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_the_preset_passes_the_schema(preset: str) -> None:
    doc, problems = load_yaml(preset_path(preset).read_text(encoding="utf-8-sig"), f"{preset}.yaml")
    assert problems == []
    assert _schema_problems(doc) == []


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_a_preset_loads_the_same_with_the_schema_check(preset: str) -> None:
    checked = load_mapping_text(preset_path(preset).read_text(encoding="utf-8-sig"), "p.yaml")
    fast = load_mapping(preset)
    assert [(r.field, r.expression.text, r.table, r.false_as_missing, r.strip_html) for r in checked.fields] \
        == [(r.field, r.expression.text, r.table, r.false_as_missing, r.strip_html) for r in fast.fields]
    assert (checked.id.text, [e.text for e in checked.records], checked.timezone, checked.date_formats) \
        == (fast.id.text, [e.text for e in fast.records], fast.timezone, fast.date_formats)


def test_a_preset_does_not_import_jsonschema() -> None:
    code = ("import sys; from sevtriage.tickets.mapping import load_mapping; load_mapping('zendesk'); "
            "print('jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_mapping_file_is_still_checked_against_the_schema(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "m.yaml"  # type: ignore[operator]
    path.write_text(preset_path("zendesk").read_text(encoding="utf-8") + "\nunexpected_key: 1\n", encoding="utf-8")
    with pytest.raises(Exception, match="unexpected key"):
        load_mapping(path)
