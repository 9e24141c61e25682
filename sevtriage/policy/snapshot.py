"""The bundled policy compiled ahead of time: a snapshot shipped inside the package.

Why: every run loads its policy, and for the bundled one that meant parsing ten YAML files,
checking them against the schemas and parsing ~540 detector patterns (compiling and
cost-checking the ``re:`` ones): about 40 ms of CPU, a third of classifying one ticket.

What it holds: plain data only (None, bool, int, float, str, bytes, tuple, list, dict),
marshalled in format 2 (the newest without back-references: the same data always gives the
same bytes). A header line names the format, the SHA-256 of every file it was built from
(names relative to the folder, and contents) and the lengths of the two parts that follow. The policy
part holds each rule file's parsed data with the position of every value and key, the load
checks' findings (so the checks are neither imported nor run again) and the detectors'
``content_hash``; the text part, read only when a text needs the detectors (a
ticket without text never does), holds the ``text/`` files' data and positions and, per
pattern, its parse tree (marshalled on its own: read only for lint and explain) with
the anchors and needs the matcher indexes every pattern by, and what the matcher reads of a
candidate (its regex source, window width, shortest match and leading literals: format 2).
Marshal is the format of Python's own ``.pyc`` files: the snapshot ships beside the modules
with the same trust, is read without running anything, and rebuilds ~4,000 positions and
trees several times faster than JSON would (tuples and tuple keys come back as they were).

How it is used: ``load_policy(folder)`` reads the folder's files as always. When their key
equals the snapshot's (the bundled policy, wherever it lies: ``rules/`` in a checkout, the
installed package), the model is rebuilt from the snapshot by the same last stages as a YAML
load (``build_policy``: the objects; ``build_text_policy`` when the detectors are first
needed), without YAML, schema or pattern parsing; the result is equal to the YAML
load's (tests). Anything else (an author
edited ``rules/``, a user's policy, ``git:REV:PATH``) is loaded from its YAML as before, which
stays the one source of truth. Nothing is written at run time.

Regenerate after editing ``rules/`` (or the code that parses it)::

    python -m sevtriage.policy.snapshot          # writes sevtriage/policy/bundled.snapshot
    python -m sevtriage.policy.snapshot --check  # exit 1 when the shipped one is stale (CI)
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from typing import Any

from sevtriage.policy.digest import sha256
from sevtriage.policy.loader import build_policy, load_policy_texts, read_policy_files
from sevtriage.policy.model import Policy
from sevtriage.policy.text.model import TEXT_FOLDER, TextPolicy
from sevtriage.policy.yaml_source import SourceDoc
from sevtriage.problems import PolicyError, Problem
from sevtriage.resources import bundled_policy_path

SNAPSHOT = Path(__file__).with_name("bundled.snapshot")
FORMAT = 2
MARSHAL_VERSION = 2  # the newest without back-references: the same data always gives the same bytes
_PLAIN = (type(None), bool, int, float, str, bytes)

Texts = list[tuple[str, str]]


def source_key(texts: Texts, text_texts: Texts) -> str:
    """The SHA-256 of a policy folder's files: each name relative to the folder, and its text."""
    digest = sha256()
    for prefix, pairs in (("", texts), (TEXT_FOLDER + "/", text_texts)):
        for name, text in pairs:
            data = text.encode("utf-8", "surrogatepass")
            digest.update(f"{prefix}{Path(name).name}\0{len(data)}\0".encode("utf-8", "surrogatepass"))
            digest.update(data)
    return digest.hexdigest()


def _header(key: str) -> bytes:
    return f"sevtriage policy snapshot {FORMAT} {key} ".encode("ascii")


def load_snapshot(folder: Path, texts: Texts, text_texts: Texts) -> Policy | None:
    """The policy of ``folder`` rebuilt from the snapshot, or None when the folder's files are
    not those it was built from (or it cannot be read): then the caller loads the YAML."""
    try:
        blob = SNAPSHOT.read_bytes()
    except OSError:
        return None
    header = _header(source_key(texts, text_texts))
    if not blob.startswith(header):
        return None
    try:
        # The header ends with the lengths of the policy part and of the text part that follows
        # it, read (through a view: not copied) only when a text needs the detectors.
        end = blob.index(b"\n", len(header))
        policy_length, text_length = (int(part) for part in blob[len(header):end].split(b" "))
        start = end + 1
        text_at = start + policy_length
        if len(blob) != text_at + text_length:
            return None  # cut short
        view = memoryview(blob)
        return _rebuild(marshal.loads(view[start:text_at]), view[text_at:], texts, text_texts)
    except (ValueError, EOFError, TypeError, KeyError, IndexError, PolicyError):
        return None  # a damaged snapshot (or one the load checks now refuse): the YAML decides


def _docs(entries: list[Any], texts: Texts) -> list[SourceDoc]:
    if len(entries) != len(texts):
        raise ValueError("the snapshot lists other files")
    return [SourceDoc(name, data, positions, key_positions)
            for (name, _), (data, positions, key_positions) in zip(texts, entries, strict=True)]


def _rebuild(payload: dict[str, Any], text_part: memoryview, texts: Texts, text_texts: Texts) -> Policy:
    text_policy = None
    if text_texts:
        text_policy = TextPolicy.deferred([name for name, _ in text_texts], payload["text_hash"],
                                          lambda: _text_policy(text_part, text_texts))
    docs = _docs(payload["docs"], texts)
    files = [doc.file for doc in docs]
    findings = [Problem(files[index], *rest) for index, *rest in payload["findings"]]
    return build_policy(docs, text_policy, [], findings=findings)


def _text_policy(blob: memoryview, text_texts: Texts) -> TextPolicy:
    """The detectors and cues, built when first needed (a ticket without text never needs them)."""
    from sevtriage.policy.text.loader import build_text_policy
    from sevtriage.policy.text.pattern import CompiledPattern

    part = marshal.loads(blob)
    docs = _docs(part["docs"], text_texts)
    for doc, (_, text) in zip(docs, text_texts, strict=True):
        doc._lines = text.splitlines()  # type: ignore[attr-defined]  # as load_text_policy keeps them
    patterns: dict[tuple[str, str], Any] = part["patterns"]

    def restore(text: str, language: str) -> CompiledPattern:
        tree, anchors, needs, (source, window_width, min_width, prefixes) = patterns[text, language]
        return CompiledPattern.restored(text, language, tree, None if anchors is None else frozenset(anchors),
                                        tuple((frozenset(whole), frozenset(keys)) for whole, keys in needs),
                                        (source, window_width, min_width,
                                         None if prefixes is None else frozenset(prefixes)))

    text_policy, problems = build_text_policy(docs, restore)
    if problems or text_policy is None:  # only a snapshot older than the code can get here: tests fail then
        raise RuntimeError(f"{SNAPSHOT} is stale: run python -m sevtriage.policy.snapshot")
    return text_policy


def _plain(value: Any, where: str) -> None:
    """Refuse anything but plain data (e.g. a date YAML read from an unquoted value)."""
    if isinstance(value, (list, tuple)):
        for item in value:
            _plain(item, where)
    elif isinstance(value, dict):
        for key, item in value.items():
            _plain(key, where)
            _plain(item, where)
    elif not isinstance(value, _PLAIN):
        raise SystemExit(f"sevtriage: {where}: cannot snapshot a {type(value).__name__} value ({value!r})")


def build_snapshot(folder: Path | None = None) -> bytes:
    """The snapshot of the policy at ``folder`` (the bundled one), loaded from its YAML."""
    folder = folder or bundled_policy_path()
    texts, text_texts = read_policy_files(folder)
    policy = load_policy_texts_checked(folder, texts, text_texts)
    text = policy.text
    # Each pattern's tree (marshalled alone: read when a text needs the pattern), anchors and
    # needs (sorted: a set's order changes from one process to the next, the bytes must not).
    patterns: dict[tuple[str, str], Any] = {}
    if text is not None:
        for compiled in [p.compiled for d in text.detectors for p in d.patterns] + [c.compiled for c in text.cues]:
            anchors = None if compiled.anchors is None else tuple(sorted(compiled.anchors))
            needs = tuple((tuple(sorted(whole)), tuple(sorted(keys))) for whole, keys in compiled.needs)
            source, window_width, min_width, prefixes = compiled.derived()
            derived = (source, window_width, min_width, None if prefixes is None else tuple(sorted(prefixes)))
            patterns.setdefault((compiled.text, compiled.language),
                                (marshal.dumps(compiled.tree, MARSHAL_VERSION), anchors, needs, derived))
    text_payload = None if text is None else {  # read when a text needs the detectors
        "docs": [(doc.data, doc.positions, doc.key_positions) for doc in text.docs],
        "patterns": patterns,
    }
    files = [doc.file for doc in policy.docs]
    for finding in policy.findings:
        if finding.file not in files:
            raise SystemExit(f"sevtriage: {finding}: a finding outside the policy's files: no snapshot written")
    payload = {
        "docs": [(doc.data, doc.positions, doc.key_positions) for doc in policy.docs],
        # the load checks' findings (below error level), each in one of the files (by index)
        "findings": [(files.index(p.file), p.line, p.column, p.level, p.message, p.check_id, p.json_path,
                      p.witness) for p in policy.findings],
        "text_hash": None if text is None else text.content_hash,
    }
    _plain([payload, text_payload], str(folder))
    main = marshal.dumps(payload, MARSHAL_VERSION)
    text_part = b"" if text_payload is None else marshal.dumps(text_payload, MARSHAL_VERSION)
    return _header(source_key(texts, text_texts)) + b"%d %d\n" % (len(main), len(text_part)) + main + text_part


def load_policy_texts_checked(folder: Path, texts: Texts, text_texts: Texts) -> Policy:
    """The policy from its YAML; one that does not load has no snapshot."""
    try:
        return load_policy_texts(texts, str(folder), text_texts)
    except PolicyError as error:
        problems = "\n".join(str(problem) for problem in error.problems)
        raise SystemExit(f"{problems}\nsevtriage: the bundled policy does not load: no snapshot written") from None


def main(argv: list[str] | None = None) -> int:
    """``python -m sevtriage.policy.snapshot [--check]``: write the snapshot, or check it is current."""
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--check"]):
        print("usage: python -m sevtriage.policy.snapshot [--check]", file=sys.stderr)
        return 2
    fresh = build_snapshot()
    if args == ["--check"]:
        try:
            shipped = SNAPSHOT.read_bytes()
        except OSError:
            shipped = b""
        if shipped != fresh:
            print(f"{SNAPSHOT}: stale (the bundled policy or the code that parses it changed): "
                  "run python -m sevtriage.policy.snapshot", file=sys.stderr)
            return 1
        print(f"{SNAPSHOT}: current")
        return 0
    SNAPSHOT.write_bytes(fresh)
    print(f"wrote {SNAPSHOT} ({len(fresh):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
