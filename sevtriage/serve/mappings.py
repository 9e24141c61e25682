"""The helpdesk mappings behind ``/v1/webhooks/{name}``, loaded and checked once at start-up.

A mapping (a preset such as ``zendesk``, or a mapping file) turns a helpdesk's
payload into contract tickets (``sevtriage.tickets.mapping``: the same code as
``classify --map``). Every preset gets a route; ``--webhook NAME=MAPPING`` adds
or redirects one. A mapping that cannot be loaded stops the start-up with every
problem at ``file:line:col`` (``MappingError`` is a ``PolicyError``).
"""

from __future__ import annotations

from sevtriage.resources import PRESET_NAMES
from sevtriage.serve.settings import Webhook
from sevtriage.tickets.mapping import Mapping, load_mapping


def available_presets() -> list[str]:
    """The helpdesk presets this version ships: each gets a webhook route."""
    return list(PRESET_NAMES)


def load_mappings(hooks: dict[str, Webhook]) -> dict[str, Mapping]:
    """Each webhook's mapping, loaded once (a preset shared by several routes is loaded once)."""
    loaded: dict[str, Mapping] = {}
    for hook in hooks.values():
        if hook.mapping not in loaded:
            loaded[hook.mapping] = load_mapping(hook.mapping)
    return {name: loaded[hook.mapping] for name, hook in hooks.items()}
