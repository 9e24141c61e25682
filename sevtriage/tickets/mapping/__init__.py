"""Helpdesk mappings: a helpdesk's ticket JSON (or a CSV row) to a ticket of contract v1.

Public API (also for ``sevtriage serve``)::

    mapping = load_mapping("zendesk")          # a preset, or a path to a mapping YAML file
    for record in mapping.records_of(payload):  # opens list envelopes ({"tickets": [...]})
        ticket = mapping.apply(record)          # TicketError: mapping_error, invalid_field, missing_id

``load_mapping`` raises ``MappingError`` (a ``PolicyError``) carrying every
problem of the file at ``file:line:col``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sevtriage.tickets.mapping.apply import map_records
    from sevtriage.tickets.mapping.loader import MappingError, load_mapping, load_mapping_text
    from sevtriage.tickets.mapping.model import FieldRule, Mapping

__all__ = ["FieldRule", "Mapping", "MappingError", "load_mapping", "load_mapping_text", "map_records"]
# Imported on first use (PEP 562): ``classify`` without --map reads the contract's field
# table in ``model`` and must not pay for the loader's jsonschema and jmespath at start-up.
_HOMES = {"map_records": "apply", "MappingError": "loader", "load_mapping": "loader",
          "load_mapping_text": "loader", "FieldRule": "model", "Mapping": "model"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
