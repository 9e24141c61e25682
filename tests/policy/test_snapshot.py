"""The bundled policy's snapshot: current, equal to the YAML load, used only for the very files
it was built from (anything else is loaded from its YAML), and never a change in any output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from sevtriage.policy import snapshot
from sevtriage.policy.loader import load_policy, read_policy_files
from sevtriage.policy.model import Policy
from sevtriage.problems import PolicyError

RULES = REPO / "rules"


def _from_snapshot(folder: Path) -> Policy | None:
    texts, text_texts = read_policy_files(folder)
    return snapshot.load_snapshot(folder, texts, text_texts)


def _copy(tmp_path: Path, name: str = "rules") -> Path:
    target = tmp_path / name
    shutil.copytree(RULES, target)
    return target


def test_the_shipped_snapshot_is_current():
    """Stale after an edit of rules/ (or of the code that parses it) until regenerated:
    ``python -m sevtriage.policy.snapshot``."""
    assert snapshot.SNAPSHOT.read_bytes() == snapshot.build_snapshot(), \
        "run python -m sevtriage.policy.snapshot"


def test_the_snapshot_gives_the_model_the_yaml_gives():
    fast = _from_snapshot(RULES)
    assert fast is not None
    slow = load_policy(RULES, snapshot=False)
    assert fast == slow and fast.text == slow.text and fast.findings == slow.findings
    assert (fast.content_hash, fast.identity()) == (slow.content_hash, slow.identity())
    assert fast.text is not None and slow.text is not None
    assert fast.text.content_hash == slow.text.content_hash
    assert [d.file for d in fast.docs + fast.text.docs] == [d.file for d in slow.docs + slow.text.docs]
    assert [d._lines for d in fast.text.docs] == [d._lines for d in slow.text.docs]  # type: ignore[attr-defined]
    compiled = [(p.compiled for p in d.patterns) for d in fast.text.detectors]
    pairs = [(a.compiled, b.compiled) for x, y in zip(fast.text.detectors, slow.text.detectors, strict=True)
             for a, b in zip(x.patterns, y.patterns, strict=True)]
    pairs += [(a.compiled, b.compiled) for a, b in zip(fast.text.cues, slow.text.cues, strict=True)]
    assert compiled and all((a.tree, a.source, a.anchors, a.needs) == (b.tree, b.source, b.anchors, b.needs)
                            for a, b in pairs)
    # what the matcher reads of a candidate, recorded by the snapshot, as the YAML's trees give it
    assert all(a.derived() == b.derived() for a, b in pairs)
    assert all((a.max_width, a.min_width) == (b.max_width, b.min_width) for a, b in pairs)
    for a, b in zip(fast.items(), slow.items(), strict=True):
        assert (a.doc.file, a.place(column=True)) == (b.doc.file, b.place(column=True))


def test_a_copy_of_the_bundled_policy_uses_it_under_its_own_names(tmp_path):
    copy = _copy(tmp_path)
    policy = _from_snapshot(copy)
    assert policy is not None
    assert policy == load_policy(copy, snapshot=False)
    assert all(file.startswith(str(copy)) for file in policy.files)


@pytest.mark.parametrize("edit", ["rule", "pattern", "new file", "removed file", "comment"])
def test_any_other_files_are_loaded_from_their_yaml(tmp_path, edit):
    copy = _copy(tmp_path)
    if edit == "rule":
        level_1 = copy / "level-1.yaml"
        level_1.write_text(level_1.read_text(encoding="utf-8").replace("level: 1", "level: 2", 1), encoding="utf-8")
    elif edit == "pattern":
        text = next((copy / "text").glob("symptoms-*.yaml"))
        text.write_text(text.read_text(encoding="utf-8").replace("en:\n", 'en:\n        - "zzyzx quux"\n', 1),
                        encoding="utf-8")
    elif edit == "new file":
        (copy / "zz-extra.yaml").write_text("ceilings: []\n", encoding="utf-8")
    elif edit == "removed file":
        (copy / "ceilings.yaml").unlink()
    else:
        (copy / "policy.yaml").write_text((copy / "policy.yaml").read_text(encoding="utf-8") + "# note\n",
                                          encoding="utf-8")
    assert _from_snapshot(copy) is None
    assert _outcome(copy) == _outcome(copy, snapshot=False)
    if edit == "pattern":
        loaded = load_policy(copy)
        assert loaded.text is not None
        assert "zzyzx quux" in {p.text for d in loaded.text.detectors for p in d.patterns}


def _outcome(folder: Path, snapshot: bool = True) -> Policy | list[str]:
    try:
        return load_policy(folder, snapshot=snapshot)
    except PolicyError as error:
        return [str(problem) for problem in error.problems]


def test_a_broken_pattern_is_still_reported_at_its_line_and_column(tmp_path):
    copy = _copy(tmp_path)
    text = next((copy / "text").glob("symptoms-*.yaml"))
    lines = text.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "en:")
    lines.insert(at + 1, '        - "server (down"\n')
    text.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(copy)
    assert [(p.file, p.line) for p in caught.value.problems] == [(str(text), at + 2)]
    assert caught.value.problems[0].column > 7


def test_a_damaged_snapshot_is_ignored(tmp_path, monkeypatch):
    good = snapshot.SNAPSHOT.read_bytes()
    header = good.partition(b"\n")[0] + b"\n"
    for damaged in (header + b"\x00garbage", header, good[:len(good) // 2], good[:len(good) - 1], good + b"\n"):
        bad = tmp_path / "bundled.snapshot"
        bad.write_bytes(damaged)
        monkeypatch.setattr(snapshot, "SNAPSHOT", bad)
        assert _from_snapshot(RULES) is None
        assert load_policy(RULES) == load_policy(RULES, snapshot=False)


def test_the_load_checks_findings_come_back_from_the_snapshot(tmp_path, monkeypatch):
    """A snapshot records the findings below error level instead of running the checks again."""
    copy = _copy(tmp_path)
    text = (copy / "policy.yaml").read_text(encoding="utf-8")
    (copy / "policy.yaml").write_text(text[:text.index("default:")], encoding="utf-8")  # a warning
    monkeypatch.setattr(snapshot, "SNAPSHOT", tmp_path / "bundled.snapshot")
    snapshot.SNAPSHOT.write_bytes(snapshot.build_snapshot(copy))
    fast = _from_snapshot(copy)
    slow = load_policy(copy, snapshot=False)
    assert fast is not None and fast.findings and fast == slow
    assert [str(p) for p in fast.findings] == [str(p) for p in slow.findings]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "sevtriage", *args], cwd=cwd, capture_output=True, check=False)


def test_commands_print_the_same_from_the_snapshot_and_from_the_yaml(tmp_path):
    """Differential, end to end: the bundled files (snapshot) against the same files with a
    comment added at each end (the YAML path; the same data, positions and hashes)."""
    fast_root, slow_root = tmp_path / "fast", tmp_path / "slow"
    fast_root.mkdir()
    slow_root.mkdir()
    fast, slow = _copy(fast_root), _copy(slow_root)
    for file in [*slow.glob("*.yaml"), *slow.glob("text/*.yaml")]:
        file.write_text(file.read_text(encoding="utf-8") + "\n# the same policy\n", encoding="utf-8")
    assert _from_snapshot(fast) is not None and _from_snapshot(slow) is None
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_text(
        '{"id": "T-1", "symptoms": {"service_stopped": true}}\n'
        '{"id": "T-2", "subject": "Production down", "description": "Since this morning the server no '
        'longer responds and users cannot log in."}\n'
        '{"id": "T-3", "description": "Le serveur ne répond plus depuis la mise à jour, pas de contournement."}\n'
        '{"id": "T-4", "environment": "production", "symptoms": {"performance_degraded": true}}\n',
        encoding="utf-8")
    for args in (["classify", "-q", "--rules", "rules", str(tickets)],
                 ["classify", "-q", "--explain", "--rules", "rules", str(tickets)],
                 ["explain", "--rules", "rules", str(tickets)],
                 ["validate", "--strict", "--min-level", "info", "rules"]):
        fast_run, slow_run = _run(args, fast_root), _run(args, slow_root)
        assert (fast_run.returncode, fast_run.stdout, fast_run.stderr) == \
               (slow_run.returncode, slow_run.stdout, slow_run.stderr), args
