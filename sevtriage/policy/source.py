"""A policy named by a path, or by ``git:REV:PATH`` read from history without a checkout.

``sevtriage diff --base git:main:rules --head rules`` answers "what does this
branch change?" in one command, so the base version is read straight from the
object database: ``git ls-tree`` finds the file or the folder's ``*.yaml``
files, ``git cat-file blob`` reads them, and ``load_policy_texts`` loads them
under names like ``git:main:rules/level-1.yaml``, so problems still point at a
file and line. PATH is relative to the current folder, as any path would be.
Every failure (no git, not a repository, unknown revision, no such path)
becomes a ``PolicyError``, which the CLI reports as any unloadable policy.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from sevtriage.policy.loader import is_policy_file_name, load_policy, load_policy_texts
from sevtriage.policy.model import Policy
from sevtriage.policy.text.model import TEXT_FOLDER
from sevtriage.problems import ERROR, PolicyError, Problem

GIT_PREFIX = "git:"
SYMLINK_MODE = "120000"


class GitError(Exception):
    pass


def load_policy_spec(spec: str) -> Policy:
    """The policy named by ``spec``: ``git:REV:PATH``, else a file or folder path."""
    if spec.startswith(GIT_PREFIX):
        return load_git_policy(spec)
    return load_policy(spec)


def _fail(spec: str, message: str) -> PolicyError:
    return PolicyError([Problem(spec, 1, 1, ERROR, message, "git")])


def _git(args: list[str], cwd: str | None = None) -> bytes:
    import subprocess  # only for git: policies (start-up)
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (not found on PATH)") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def parse_spec(spec: str) -> tuple[str, str]:
    """``git:REV:PATH`` -> (REV, PATH); the revision ends at the first colon."""
    rev, sep, path = spec[len(GIT_PREFIX):].partition(":")
    if not sep or not rev or not path:
        raise _fail(spec, "expected git:REV:PATH, e.g. git:main:rules or git:HEAD~1:rules/policy.yaml")
    return rev, path


def _repository_path(spec: str, path: str) -> tuple[str, str]:
    """(top level of the repository, PATH relative to it), PATH being relative to the cwd."""
    try:
        top = _git(["rev-parse", "--show-toplevel"]).decode().strip()
        prefix = _git(["rev-parse", "--show-prefix"]).decode().strip()
    except GitError as error:
        raise _fail(spec, f"cannot read a policy from git here: {error}") from None
    inside = posixpath.normpath(posixpath.join(prefix, Path(path).as_posix()))
    if inside == ".." or inside.startswith("../") or posixpath.isabs(inside):
        raise _fail(spec, f"{path} is outside the repository {top}")
    return top, "" if inside == "." else inside


def _tree_entry(top: str, rev: str, inside: str) -> tuple[str, str]:
    """(mode, type) of PATH at REV; the repository root is a tree."""
    if not inside:
        return "040000", "tree"
    listing = _git(["ls-tree", "-z", rev, "--", inside], cwd=top)
    for entry in listing.split(b"\0"):
        if entry:
            meta, _, name = entry.decode("utf-8", "replace").partition("\t")
            mode, kind, _ = meta.split(" ")
            if name == inside:
                return mode, kind
    raise GitError(f"no file or folder {inside} at {rev}")


def _blob_names(top: str, rev: str, inside: str) -> list[str]:
    """The ``*.yaml`` files directly in a folder at REV, sorted by name like ``policy_files``."""
    tree = f"{rev}:{inside}" if inside else f"{rev}^{{tree}}"
    names = []
    for entry in _git(["ls-tree", "-z", tree], cwd=top).split(b"\0"):
        if entry:
            meta, _, name = entry.decode("utf-8", "replace").partition("\t")
            mode, kind, _ = meta.split(" ")
            if kind == "blob" and mode != SYMLINK_MODE and is_policy_file_name(name):
                names.append(posixpath.join(inside, name) if inside else name)
    return sorted(names)


def load_git_policy(spec: str) -> Policy:
    """Load ``git:REV:PATH`` (a YAML file or a folder of them) from the repository's history."""
    rev, path = parse_spec(spec)
    top, inside = _repository_path(spec, path)
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=top)
    except GitError:
        raise _fail(spec, f'no revision "{rev}" in the repository {top}') from None
    try:
        mode, kind = _tree_entry(top, rev, inside)
        if mode == SYMLINK_MODE:
            raise GitError(f"{inside} is a symbolic link at {rev}: name its target instead")
        names = _blob_names(top, rev, inside) if kind == "tree" else [inside]
        text_inside = posixpath.join(inside, TEXT_FOLDER) if inside else TEXT_FOLDER
        text_names = (_blob_names(top, rev, text_inside)
                      if kind == "tree" and _has_tree(top, rev, text_inside) else [])
        texts, text_texts = ([(f"{GIT_PREFIX}{rev}:{name}",
                               _git(["cat-file", "blob", f"{rev}:{name}"], cwd=top).decode("utf-8-sig"))
                              for name in group] for group in (names, text_names))
    except GitError as error:
        raise _fail(spec, str(error)) from None
    except UnicodeDecodeError as error:
        raise _fail(spec, f"not UTF-8 text: {error.reason} at byte {error.start}") from None
    return load_policy_texts(texts, spec, text_texts)


def _has_tree(top: str, rev: str, inside: str) -> bool:
    """Whether PATH is a folder at REV (the optional text/ folder of detectors)."""
    try:
        return _tree_entry(top, rev, inside)[1] == "tree"
    except GitError:
        return False
