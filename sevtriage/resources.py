"""Where the files shipped inside the package live.

The default policy is ``rules/`` at the repository root; the package reaches it
through the ``sevtriage/rules`` link, which the wheel build copies, so one
source of truth serves both a checkout and an installed package.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

# The package folder (importlib.resources gives the same path for an installed or an editable
# package, but importing it costs a one-ticket run ~3 ms: zipfile, tempfile, shutil).
PACKAGE = Path(__file__).parent
SCHEMA_NAMES = ("policy", "ticket", "result", "fixture", "explanation", "mapping", "detectors")


def bundled_policy_path() -> Path:
    """The folder of the default policy shipped with the package."""
    return PACKAGE / "rules"


PRESET_NAMES = ("zendesk", "freshdesk", "jira", "zammad", "glpi", "znuny")


def preset_path(name: str) -> Path:
    """The shipped helpdesk mapping ``name`` (``sevtriage/mappings/NAME.yaml``)."""
    return PACKAGE / "mappings" / f"{name}.yaml"


def schema_path(name: str) -> Path:
    """The path of a published JSON Schema, e.g. ``schema_path("ticket")``."""
    return PACKAGE / "schemas" / f"{name}.schema.json"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A published JSON Schema, parsed once per process."""
    with open(schema_path(name), encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema
