"""Helpdesk mappings: a helpdesk's ticket JSON (or a CSV row) to a ticket of contract v1.

Public API (also for ``sevtriage serve``)::

    mapping = load_mapping("zendesk")          # a preset, or a path to a mapping YAML file
    for record in mapping.records_of(payload):  # opens list envelopes ({"tickets": [...]})
        ticket = mapping.apply(record)          # TicketError: mapping_error, invalid_field, missing_id

``load_mapping`` raises ``MappingError`` (a ``PolicyError``) carrying every
problem of the file at ``file:line:col``.
"""

from sevtriage.tickets.mapping.apply import map_records
from sevtriage.tickets.mapping.loader import MappingError, load_mapping, load_mapping_text
from sevtriage.tickets.mapping.model import FieldRule, Mapping

__all__ = ["FieldRule", "Mapping", "MappingError", "load_mapping", "load_mapping_text", "map_records"]
