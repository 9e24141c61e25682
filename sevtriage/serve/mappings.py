"""The helpdesk mappings behind ``/v1/webhooks/{name}``, loaded and checked once at start-up.

A mapping (a preset such as ``zendesk`` or a mapping file) turns a helpdesk's
payload into contract tickets; this module adapts it to the server's
``Mapper`` (decoded records in, contract-ticket records out). The mappings
themselves live in ``sevtriage.tickets`` (the intake work); until they are
there, no preset is offered and ``--webhook`` is a usage error.
"""

from __future__ import annotations

from typing import Any

from sevtriage.serve.bodies import Mapper
from sevtriage.serve.settings import SettingsError, Webhook


def available_presets() -> list[str]:
    """The helpdesk presets this version ships (each gets a webhook route)."""
    return []


def load_mappers(hooks: dict[str, Webhook]) -> dict[str, Mapper]:
    """Each webhook's mapper; a mapping that cannot be loaded is a start-up error."""
    if hooks:
        raise SettingsError("helpdesk mappings are not available in this version of sevtriage")
    out: dict[str, Any] = {}
    return out
