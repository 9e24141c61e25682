"""``--map`` over JSON Lines, one payload line at a time: the workers' lean path.

``map_records`` is the general path: an ``InputRecord`` made per line to hold
its bytes, generators, ``records_of`` through the mapping, an ``apply_mapping``
per record. On Zendesk's ~2.4 KB payloads that machinery cost about a fifth of
a mapped ticket. ``line_mapper`` does the same for one line in one call, for
the common case only: a payload that decodes, whose records the mapping's plain
``records`` keys find, and whose every record maps to a ticket. Anything else
(bad JSON, an error record, an envelope of another shape, a record that is not
an object) goes through ``map_records`` itself, which writes the exact records.
``tests/tickets/test_mapping_lines.py`` checks both paths give the same records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.inputs import ReadStats
from sevtriage.tickets.json_codec import decode_json
from sevtriage.tickets.mapping.apply import Unsure, fast_ticket, map_records
from sevtriage.tickets.mapping.model import Mapping
from sevtriage.tickets.records import InputRecord

LineRecords = Callable[[str | None, int, bytes, ReadStats], list[InputRecord]]


def line_mapper(mapping: Mapping) -> LineRecords:
    """One JSON Lines payload (file, line number, bytes) to its records, as ``map_records`` gives them."""
    make = fast_ticket(mapping, lean=True)
    keys = mapping.record_keys

    def general(file: str | None, number: int, raw: bytes, stats: ReadStats) -> list[InputRecord]:
        return list(map_records(mapping, (InputRecord(file, number, raw=raw),), stats))

    def records(file: str | None, number: int, raw: bytes, stats: ReadStats) -> list[InputRecord]:
        try:
            document = decode_json(raw)
        except TicketError:
            return general(file, number, raw, stats)
        sources: Any = None
        if keys is not None and type(document) is dict:  # records_of's plain look-ups
            for key in keys:
                found = document if key is None else document.get(key)
                if type(found) is dict:
                    sources = (found,)
                    break
                if type(found) is list:
                    sources = found
                    break
                if found is not None:
                    break
        if sources is None:
            return general(file, number, raw, stats)
        try:
            if len(sources) == 1:
                return [InputRecord(file, number, make(sources[0], False))]
            out = [InputRecord(file, number, make(source, False), None, None, index)
                   for index, source in enumerate(sources, start=1)]
        except (TicketError, Unsure):  # an error record to write: the general path writes it
            return general(file, number, raw, stats)
        if not out:
            stats.empty_payloads.append((file, number))
        return out

    return records
