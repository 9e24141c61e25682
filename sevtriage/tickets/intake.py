"""What turns input records into contract tickets: a mapping, or (without one) the contract itself.

Chosen once by the command and run where the tickets are classified (in the
batch workers), so that mapping costs the reading process nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from sevtriage.tickets.csv_input import contract_rows
from sevtriage.tickets.inputs import ReadStats
from sevtriage.tickets.records import InputRecord

if TYPE_CHECKING:
    from sevtriage.tickets.mapping.lines import LineRecords
    from sevtriage.tickets.mapping.model import Mapping


class Intake(Protocol):
    """Input records in, contract-ticket records out; what holds no ticket goes to ``stats``."""

    def __call__(self, records: Iterable[InputRecord], stats: ReadStats | None = None) -> Iterator[InputRecord]: ...


class MappingIntake:
    """``map_records`` with one mapping; ``lines`` maps one JSON Lines payload at a time
    (file, line number, bytes) to the same records, for the workers' lean path."""

    def __init__(self, mapping: Mapping, traced: bool):
        from sevtriage.tickets.mapping.lines import line_mapper  # only with --map (start-up)
        self.mapping = mapping
        self.traced = traced
        self.lines: LineRecords | None = None if traced else line_mapper(mapping)

    def __call__(self, records: Iterable[InputRecord], stats: ReadStats | None = None) -> Iterator[InputRecord]:
        from sevtriage.tickets.mapping.apply import map_records
        return map_records(self.mapping, records, stats, traced=self.traced)


def intake(mapping: Mapping | None, traced: bool = False) -> Intake:
    """``map_records`` with ``mapping``; without one, CSV rows read by contract field names.

    ``traced`` (for explanations): each mapped record says which expression gave each field."""
    if mapping is None:
        return contract_rows
    return MappingIntake(mapping, traced)
