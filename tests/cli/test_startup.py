"""Start-up: ``classify`` imports only what it needs (one ticket must classify in well under 0.1 s)."""

from __future__ import annotations

import json
import subprocess
import sys

CODE = """
import io, json, sys
from sevtriage.cli.main import cli
sys.stdin = io.TextIOWrapper(io.BytesIO(json.dumps(TICKET).encode()))
try:
    cli(["classify", "-q", "--jobs", "1"], prog_name="sevtriage")
except SystemExit:
    pass
print(json.dumps(sorted(m for m in ("jsonschema", "jmespath", "sevtriage.tickets.mapping.loader", "multiprocessing",
                                    "sevtriage.explain", "sevtriage.lint") if m in sys.modules)), file=sys.stderr)
"""


def _imported(ticket: object) -> list[str]:
    done = subprocess.run([sys.executable, "-c", CODE.replace("TICKET", repr(ticket))],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_classifying_a_valid_ticket_never_imports_jsonschema_or_the_mapping_loader():
    assert _imported({"id": "T-1", "symptoms": {"service_stopped": True}}) == []


def test_an_invalid_ticket_imports_jsonschema_for_its_error_message():
    assert "jsonschema" in _imported({"id": "T-1", "symptoms": {"service_stopped": "yes"}})
