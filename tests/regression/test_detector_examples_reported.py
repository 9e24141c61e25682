"""``sevtriage test`` with a detector example that fails: every format says so (u4 F-med-1)."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO, run_cli

WRONG = '        - "Il serait utile de pouvoir exporter en CSV"\n'


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of rules/ whose request-enhancement detector has one wrong match example."""
    folder = shutil.copytree(REPO / "rules", tmp_path_factory.mktemp("policy") / "tx")
    context = folder / "text" / "context.yaml"
    text = context.read_text(encoding="utf-8")
    assert WRONG in text
    context.write_text(text.replace(WRONG, WRONG + '        - "the export crashes at night"\n', 1),
                       encoding="utf-8")
    return folder


FIXTURES = REPO / "fixtures" / "level4.yaml"


def test_json_is_one_document_that_holds_the_failing_example(rules: Path) -> None:
    done = run_cli("test", "--rules", rules, "--format", "json", FIXTURES)
    assert done.returncode == 1
    document = json.loads(done.stdout)  # nothing but the document on standard output
    failed = [f for f in document["fixtures"] if f["status"] == "failed"]
    assert [f.get("kind") for f in failed] == ["detector_example"]
    assert "the export crashes at night" in failed[0]["message"] and failed[0]["file"].endswith("context.yaml")
    assert document["summary"]["failed"] == 1
    assert done.stderr.decode().splitlines()[-2:] == [f"{document['summary']['passed']} passed, 1 failed",
                                                      "1 detector example failed"]


def test_junit_counts_it_as_a_failed_testcase(rules: Path, tmp_path: Path) -> None:
    junit = tmp_path / "j.xml"
    done = run_cli("test", "--rules", rules, "--junit", junit, FIXTURES)
    assert done.returncode == 1
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "1"
    failures = [case for case in suite.iter("testcase") if case.find("failure") is not None]
    assert len(failures) == 1 and "the export crashes at night" in (failures[0].get("name") or "")
    assert int(suite.get("tests") or 0) == len(list(suite.iter("testcase")))


def test_text_names_the_policy_first_and_counts_it_last(rules: Path) -> None:
    done = run_cli("test", "--rules", rules, FIXTURES)
    lines = done.stdout.decode().splitlines()
    assert done.returncode == 1 and lines[0].startswith("Testing policy")
    assert any(line.startswith("FAIL detector example: ") for line in lines)
    assert lines[-1].endswith(" passed, 1 failed")
