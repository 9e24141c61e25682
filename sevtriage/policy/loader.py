"""Load a policy from a YAML file or a folder of YAML files.

Order of work, each stage reporting every problem it finds before stopping:
read and parse every file (syntax, duplicate keys), validate each against the
policy schema, merge the files, then run the semantic checks of the ``load``
stage. A policy that fails raises ``PolicyError`` with all problems; the CLI
prints them and exits 2, never a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Set
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from sevtriage.policy.clocks import ROUND_THE_CLOCK
from sevtriage.policy.conditions import parse_condition
from sevtriage.policy.durations import parse_duration
from sevtriage.policy.model import Ceiling, ClockChoice, Level, Policy, Rule
from sevtriage.policy.text.model import TEXT_FOLDER, TextPolicy
from sevtriage.policy.yaml_source import SourceDoc, json_path, load_yaml
from sevtriage.problems import ERROR, PolicyError, Problem

if TYPE_CHECKING:
    from sevtriage.policy.calendars import Calendar

SINGLE_SECTIONS = ("policy", "levels", "default", "field_defaults")
REQUIRED_SECTIONS = ("policy", "levels", "rules")
DEFAULT_LEVEL_WHEN_UNSET = 3
YAML_SUFFIXES = (".yaml", ".yml")


EDITOR_LEFTOVERS = ("~", ".swp", ".swo", ".bak", ".orig", "#")


def is_policy_file_name(name: str) -> bool:
    """Whether a folder entry named ``name`` is part of the policy.

    Every ``*.yaml`` / ``*.yml`` is, except hidden files (``.level-1.yaml``, an
    editor's lock or swap file) and editor backups (``level-1.yaml~``).
    """
    return (name.lower().endswith(YAML_SUFFIXES) and not name.startswith(".")
            and not name.endswith(EDITOR_LEFTOVERS))


def policy_files(path: FsPath) -> list[FsPath]:
    """The YAML files of a policy: the file itself, or a folder's ``*.yaml`` sorted by name.

    An entry named like a policy file is never skipped because it cannot be
    read (a dangling link, no permission): reading it fails and the policy
    does not load, as it would not if the file were missing its rules.
    """
    if path.is_dir():
        return sorted(p for p in path.iterdir() if is_policy_file_name(p.name))
    return [path]


def read_documents(paths: list[tuple[str, str]]) -> tuple[list[SourceDoc], list[Problem]]:
    """Parse and schema-check ``(display name, text)`` pairs."""
    from sevtriage.policy.schema import schema_problems  # not for a policy from the snapshot

    docs, problems = [], []
    for name, text in paths:
        doc, found = load_yaml(text, name)
        problems.extend(found)
        if doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(doc.problem((), "a policy file must be a mapping of sections "
                                            "(policy, levels, aliases, rules, ceilings, ...)", "schema"))
            continue
        problems.extend(schema_problems(doc))
        docs.append(doc)
    return docs, problems


def _merge_problems(docs: list[SourceDoc], where: str) -> list[Problem]:
    problems = []
    owner: dict[str, SourceDoc] = {}
    for doc in docs:
        for section in SINGLE_SECTIONS:
            if section in doc.data:
                if section in owner:
                    problems.append(doc.problem((section,), f'section "{section}" is already given in '
                                                            f"{owner[section].file}", "merge", key=True))
                else:
                    owner[section] = doc
    alias_owner: dict[tuple[Any, Any], SourceDoc] = {}
    for doc in docs:
        for field, table in (doc.data.get("aliases") or {}).items():
            for name in table:
                if (field, name) in alias_owner:
                    problems.append(doc.problem(("aliases", field, name),
                                                f'alias "{name}" of {field} is already declared in '
                                                f"{alias_owner[(field, name)].file}: aliases do not "
                                                "replace each other across files", "merge", key=True))
                alias_owner.setdefault((field, name), doc)
    calendar_owner: dict[str, SourceDoc] = {}
    for doc in docs:
        for name in doc.data.get("calendars") or {}:
            if name in calendar_owner:
                problems.append(doc.problem(("calendars", name), f'calendar "{name}" is already defined in '
                                                                 f"{calendar_owner[name].file}", "merge", key=True))
            calendar_owner.setdefault(name, doc)
    for section in REQUIRED_SECTIONS:
        if not any(section in doc.data for doc in docs):
            anchor = docs[0].file if docs else where
            problems.append(Problem(anchor, 1, 1, ERROR, f'the policy has no "{section}" section '
                                    f"(in {where})", "merge", "$"))
    return problems


def _broken_items(problems: list[Problem], docs: list[SourceDoc]) -> set[tuple[str, str, int]] | None:
    """The (file, section, index) of rules and ceilings with schema errors.

    None when an error lies elsewhere (levels, policy, ...): then no model can be
    built, and the semantic checks wait until the schema errors are fixed.
    """
    broken: set[tuple[str, str, int]] = set()
    files = {doc.file for doc in docs}
    for problem in problems:
        match = re.match(r"^\$\.(rules|ceilings)\[(\d+)\]", problem.json_path)
        if problem.file not in files or match is None:
            return None
        broken.add((problem.file, match.group(1), int(match.group(2))))
    return broken


def _build(docs: list[SourceDoc], skip: Set[tuple[str, str, int]] = frozenset()) -> Policy:
    merged: dict[str, Any] = {}
    rules: list[Rule] = []
    ceilings: list[Ceiling] = []
    aliases: dict[str, dict[str, tuple[str, ...]]] = {}
    calendars: dict[str, Calendar] = {}
    for doc in docs:
        for name, raw_calendar in (doc.data.get("calendars") or {}).items():
            from sevtriage.policy.calendars import build_calendar  # only for a policy with calendars

            calendars[name] = build_calendar(name, raw_calendar, doc, ("calendars", name))
        data = doc.data
        for section in SINGLE_SECTIONS:
            if section in data:
                merged[section] = data[section]
        for index, raw in enumerate(data.get("rules") or []):
            if (doc.file, "rules", index) in skip:
                continue
            path = ("rules", index)
            rules.append(Rule(raw["id"], parse_condition(raw["when"], path + ("when",)),
                              raw.get("source"), raw.get("reading"), doc, path, level=int(raw["level"])))
        for index, raw in enumerate(data.get("ceilings") or []):
            if (doc.file, "ceilings", index) in skip:
                continue
            path = ("ceilings", index)
            ceilings.append(Ceiling(raw["id"], parse_condition(raw["when"], path + ("when",)),
                                    raw.get("source"), raw.get("reading"), doc, path,
                                    max_level=int(raw["max_level"])))
        for field, table in (data.get("aliases") or {}).items():
            for name, spellings in table.items():
                aliases.setdefault(field, {})[name] = tuple(spellings)
    merged["rules"] = [doc.data.get("rules") or [] for doc in docs]
    merged["ceilings"] = [doc.data.get("ceilings") or [] for doc in docs]
    merged["aliases"] = {f: {n: list(s) for n, s in t.items()} for f, t in aliases.items()}
    if calendars:  # only then: the content hash of a policy without calendars stays as it was
        merged["calendars"] = {name: doc.data["calendars"][name] for doc in docs
                               for name in doc.data.get("calendars") or {}}
    levels_doc = next(doc for doc in docs if "levels" in doc.data)
    levels = {
        int(raw["level"]): Level(int(raw["level"]), raw["name"], raw.get("title", raw["name"]),
                            raw["response_target"], parse_duration(raw["response_target"]),
                            raw.get("clock", ROUND_THE_CLOCK), _clock_choices(raw, index, levels_doc))
        for index, raw in enumerate(merged["levels"])
    }
    return Policy(
        name=merged["policy"]["name"],
        version=str(merged["policy"]["version"]),
        levels=levels,
        rules=rules,
        ceilings=ceilings,
        aliases=aliases,
        field_defaults=dict(merged.get("field_defaults") or {}),
        default_level=_default_level(merged, levels),
        files=[doc.file for doc in docs],
        docs=docs,
        raw=merged,
        calendars=calendars,
    )


def _clock_choices(raw: dict[str, Any], index: int, doc: SourceDoc) -> tuple[ClockChoice, ...]:
    """A level's ``clocks:`` entries; each gets an id for messages: ``level-2-clock-1``."""
    out = []
    for number, choice in enumerate(raw.get("clocks") or []):
        path = ("levels", index, "clocks", number)
        condition = parse_condition(choice["when"], path + ("when",))
        out.append(ClockChoice(f"level-{raw['level']}-clock-{number + 1}", condition, None, None, doc, path,
                               clock=choice["clock"]))
    return tuple(out)


def _default_level(merged: dict[str, Any], levels: dict[int, Level]) -> int:
    """The ``default`` section's level; without one, Level 3 (READING.md) where the policy
    defines it, else its least severe level, so that a no-match ticket always has a level."""
    if merged.get("default"):
        return int(merged["default"]["level"])
    return DEFAULT_LEVEL_WHEN_UNSET if DEFAULT_LEVEL_WHEN_UNSET in levels else max(levels)


def load_policy_texts(texts: list[tuple[str, str]], where: str = "policy",
                      text_texts: list[tuple[str, str]] | None = None) -> Policy:
    """Load a policy from in-memory ``(name, text)`` pairs (files, or ``git show`` output);
    ``text_texts`` are the files of its ``text/`` folder (detectors), if any."""
    from sevtriage.policy.text.loader import load_text_policy  # not for a policy from the snapshot

    text_policy, text_problems = load_text_policy(text_texts or [])
    docs, problems = read_documents(texts)
    if not texts:
        problems.append(Problem(where, 1, 1, ERROR, "no policy files (*.yaml) found", "merge"))
    broken = _broken_items(problems, docs)
    # The detectors' problems are added after: a broken detector does not hide the rule files'
    # semantic checks (the load checks do not read the detectors), so one run shows everything.
    problems += text_problems
    if broken is None or len(docs) != len(texts):
        raise PolicyError(problems)
    problems += _merge_problems(docs, where)
    if any(p.check_id == "merge" for p in problems):
        raise PolicyError(problems)
    # Schema errors confined to some rules: check the others too, so that one run shows everything.
    return build_policy(docs, text_policy, problems, broken)


def build_policy(docs: list[SourceDoc], text_policy: TextPolicy | None, problems: list[Problem],
                 skip: Set[tuple[str, str, int]] = frozenset(), findings: list[Problem] | None = None) -> Policy:
    """The model of parsed, schema-checked documents, once its load checks pass (their findings
    below error level kept): the last stage of a load from YAML and of one from the snapshot,
    which gives the ``findings`` the checks gave when it was written (the checks are then
    neither imported nor run: start-up)."""
    policy = _build(docs, skip)
    policy.text = text_policy
    if findings is None:
        from sevtriage.policy.checks import LOAD_CHECKS, run_checks

        findings = list(run_checks(policy, LOAD_CHECKS))
    problems += [p for p in findings if p.level == ERROR]
    if problems:
        raise PolicyError(problems)
    policy.findings = findings
    return policy


def _read_text(path: FsPath) -> tuple[str, str] | Problem:
    try:
        return str(path), path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(str(path), 1, 1, ERROR, f"not UTF-8 text: {exc.reason} at byte {exc.start}", "read")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if path.is_symlink() and not path.exists():
            reason = f"a symbolic link to {os.readlink(path)}, which does not exist"
        return Problem(str(path), 1, 1, ERROR, f"cannot read: {reason}", "read")


def read_policy_files(path: FsPath) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The ``(name, text)`` of every file of the policy at ``path``, and of its ``text/`` folder."""
    if not path.exists():
        raise PolicyError([Problem(str(path), 1, 1, ERROR, "no such file or folder", "read")])
    texts: list[tuple[str, str]] = []
    text_texts: list[tuple[str, str]] = []
    problems: list[Problem] = []
    text_folder = path / TEXT_FOLDER
    for file in policy_files(path) + (policy_files(text_folder) if path.is_dir() and text_folder.is_dir() else []):
        result = _read_text(file)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            (text_texts if file.parent == text_folder else texts).append(result)
    if problems:
        raise PolicyError(problems)
    return texts, text_texts


def load_policy(path: str | FsPath, *, snapshot: bool = True) -> Policy:
    """Load and check the policy at ``path`` (a YAML file or a folder of them).

    A folder whose files are, byte for byte, those the shipped snapshot was built from (the
    bundled policy, wherever it lies) is rebuilt from the snapshot: the same model, without
    parsing the YAML and the detector patterns again (``sevtriage.policy.snapshot``). Any
    other policy, or ``snapshot=False``, is read from its YAML."""
    path = FsPath(path)
    texts, text_texts = read_policy_files(path)
    if snapshot and path.is_dir():
        from sevtriage.policy.snapshot import load_snapshot

        policy = load_snapshot(path, texts, text_texts)
        if policy is not None:
            return policy
    return load_policy_texts(texts, str(path), text_texts)


__all__ = ["json_path", "load_policy", "load_policy_texts", "policy_files"]
