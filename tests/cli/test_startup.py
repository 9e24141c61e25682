"""Start-up: ``classify`` imports only what it needs (one ticket must classify in well under 0.1 s)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

from sevtriage.policy.loader import load_policy
from sevtriage.tickets.textflags import TextFlags

CODE = """
import io, json, sys
from sevtriage.cli.main import cli
sys.stdin = io.TextIOWrapper(io.BytesIO(json.dumps(TICKET).encode()))
try:
    cli(["classify", "-q", "--jobs", "1"], prog_name="sevtriage")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in ("jsonschema", "jmespath", "sevtriage.tickets.mapping.loader", "multiprocessing",
                                    "sevtriage.explain", "sevtriage.lint", "sevtriage.tickets.mapping.model",
                                    "sevtriage.tickets.mapping.apply", "sevtriage.report",
                                    "sevtriage.output.formatters.table", "tempfile", "subprocess", "zoneinfo",
                                    "csv", "importlib.resources", "yaml", "sevtriage.policy.schema",
                                    "sevtriage.tickets.textflags.matcher", "sevtriage.policy.text.fold",
                                    "sevtriage.policy.text.items", "sevtriage.policy.text.pattern",
                                    "sevtriage.policy.text.loader", "sevtriage.policy.calendars",
                                    "sevtriage.policy.checks", "hashlib")
                  if m in sys.modules)), file=sys.stderr)
"""


def _imported(ticket: object) -> list[str]:
    done = subprocess.run([sys.executable, "-c", CODE.replace("TICKET", repr(ticket))],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_classifying_a_valid_ticket_imports_only_what_it_uses():
    """Not jsonschema, the mapping code, the other output formats, nor what writes files, runs git,
    reads time zones or CSV: each is imported where it is used. Nor PyYAML and the policy schema:
    the bundled policy comes from its snapshot (``sevtriage.policy.snapshot``); nor the detector
    machinery (no text) and the calendars (the bundled policy has none); nor hashlib (OpenSSL:
    ``sevtriage.policy.digest``)."""
    assert _imported({"id": "T-1", "symptoms": {"service_stopped": True}}) == []


BUILT = """
import json, sys
from sevtriage.engine.classifier import Classifier
from sevtriage.policy.loader import load_policy
policy = load_policy(sys.argv[1])
classifier = Classifier(policy)
built = []
for ticket in json.loads(sys.argv[2]):
    result = classifier.classify(ticket)
    built.append((policy.text.built, result["policy"]["detectors_hash"], result["derived_flags"] != []))
print(json.dumps(built))
"""


def test_the_bundled_detectors_are_built_by_the_first_text_only():
    """From the snapshot, a ticket without text builds no detector, and its result still carries
    the detectors' hash; the first text builds them (the hash is the same)."""
    tickets = [{"id": "T-1", "symptoms": {"service_stopped": True}},
               {"id": "T-2", "description": "Since the upgrade the server crashed twice."}]
    done = subprocess.run([sys.executable, "-c", BUILT, str(REPO / "rules"), json.dumps(tickets)],
                          capture_output=True, text=True, check=True)
    (first, hash_1, flags_1), (second, hash_2, flags_2) = json.loads(done.stdout)
    assert (first, flags_1, second, flags_2) == (False, False, True, True)
    assert hash_1 == hash_2 == load_policy(REPO / "rules", snapshot=False).text.content_hash  # type: ignore[union-attr]


def test_an_invalid_ticket_imports_jsonschema_for_its_error_message():
    assert "jsonschema" in _imported({"id": "T-1", "symptoms": {"service_stopped": "yes"}})


def test_detectors_are_compiled_only_when_a_text_needs_them():
    """A ticket without text compiles no detector; a text compiles the candidates of its words only."""
    text_policy = load_policy(REPO / "rules").text  # a fresh load: nothing compiled by other tests
    assert text_policy is not None
    patterns = [p.compiled for d in text_policy.detectors for p in d.patterns]
    at_load = {id(p) for p in patterns if "regex" in vars(p)}  # "re:" patterns: checked by compiling them
    assert all(p.text.startswith("re:") for p in patterns if id(p) in at_load)
    flags = TextFlags(text_policy)
    flags.apply({"id": "T-1", "symptoms": {"service_stopped": True}, "subject": ""})
    assert "matcher" not in vars(flags)
    assert {id(p) for p in patterns if "regex" in vars(p)} == at_load
    _, found = flags.apply({"id": "T-2", "description": "Since the upgrade the server crashed twice."})
    compiled = {id(p) for p in patterns if "regex" in vars(p)}
    assert found and at_load < compiled and len(compiled) < len(patterns) / 4


def test_the_first_text_reads_no_pattern_tree_from_the_snapshot():
    """From the snapshot, a text's candidates get their regex source, window and prefixes as
    recorded (``CompiledPattern.restored``): no tree is read, rendered or parsed again."""
    text_policy = load_policy(REPO / "rules").text
    assert text_policy is not None
    flags = TextFlags(text_policy)
    _, found = flags.apply({"id": "T-2", "subject": "Production down",
                            "description": "Since this morning the server no longer responds and users cannot log in."})
    compiled = [p.compiled for d in text_policy.detectors for p in d.patterns] + [c.compiled for c in text_policy.cues]
    assert found and any("regex" in vars(p) for p in compiled)
    assert not [p.text for p in compiled if "tree" in vars(p)]


def test_the_policy_digest_is_sha256():
    import hashlib

    from sevtriage.policy.digest import sha256

    for data in (b"", b"abc", bytes(range(256)) * 1000):
        assert sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
        digest = sha256()
        digest.update(data[:7])
        digest.update(data[7:])
        assert digest.hexdigest() == hashlib.sha256(data).hexdigest()


COLLECTOR = """
import gc, json, sys
states = {"before": gc.isenabled()}
from sevtriage.cli import entry  # the console script's module: start-up with the collector paused
states["imported"] = gc.isenabled()
from sevtriage.cli.main import cli
import click
cli.get_command(click.Context(cli), "classify")
states["command"] = gc.isenabled()
states["frozen"] = gc.get_freeze_count() > 0
gc.disable()  # a later pause of someone else's is left alone
from sevtriage.cli import collector
collector.resume()
states["again"] = gc.isenabled()
print(json.dumps(states))
"""


def test_the_entry_point_pauses_the_collector_until_the_command_is_imported():
    done = subprocess.run([sys.executable, "-c", COLLECTOR], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == {"before": True, "imported": False, "command": True, "frozen": True,
                                       "again": False}


def test_the_entry_point_resumes_the_collector_without_a_command():
    code = ("import gc, sys\nfrom sevtriage.cli import entry\nsys.argv = ['sevtriage', '--version']\n"
            "try:\n    entry.main()\nexcept SystemExit:\n    pass\nprint(gc.isenabled(), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "True" and "sevtriage" in done.stdout


def test_importing_the_command_line_leaves_the_collector_alone():
    code = ("import gc\nfrom sevtriage.cli.main import cli\nimport click\n"
            "cli.get_command(click.Context(cli), 'validate')\nprint(gc.isenabled(), gc.get_freeze_count())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "0"]
