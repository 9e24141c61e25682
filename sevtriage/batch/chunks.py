"""One chunk of input records in, the same number of output records out.

A chunk is the unit of work of a worker process (and of the in-process path,
so both run the same code). Its output carries, besides the records (already
rendered as JSON Lines when that is the format, so the reading process only
copies text), what the end-of-run summary and the duplicate-id warning need:
each record's outcome and a digest of its id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sevtriage.batch.seen_ids import id_key
from sevtriage.engine.classifier import Classifier
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.inputs import LineBlock, ReadStats, expand
from sevtriage.tickets.intake import Intake
from sevtriage.tickets.records import InputRecord, error_record
from sevtriage.tickets.records import chunked as chunked_by

CHUNK_SIZE = 512
Render = Callable[[dict[str, Any]], str]
# How records become output records: ``Classifier.classify_records`` unless a
# caller adds to it (e.g. explanations); one output record per input record.
ClassifyRecords = Callable[[Classifier, list[InputRecord]], Iterable[dict[str, Any]]]
ERROR = "error"


@dataclass
class ChunkOutput:
    """Output records of one chunk in input order, each rendered text or a record dict.

    When the records are rendered (JSON Lines), the worker joins them into one
    ``text``: the reading process receives and writes one string per chunk,
    not one per record, and splits it only to add a duplicate-id warning."""

    number: int
    items: list[Any] = field(default_factory=list)
    text: str | None = None
    outcomes: list[int | str] = field(default_factory=list)  # severity, or ERROR
    id_keys: list[int | None] = field(default_factory=list)
    blank_lines: int = 0
    input_bytes: int = 0  # bytes of input the chunk's records came from, for the progress line
    errors: int = 0
    levels: Counter[int] = field(default_factory=Counter)  # counted here, in the worker

    def records(self) -> list[Any]:
        """The output records in order: rendered lines (split from ``text``) or record dicts."""
        if self.text is not None:
            return [line + "\n" for line in self.text.split("\n")[:-1]]
        return self.items


Item = InputRecord | LineBlock


def _lines(item: Item) -> int:
    return item.lines if isinstance(item, LineBlock) else 1


def input_bytes(items: list[Item]) -> int:
    """The input bytes behind ``items`` (lines and raw documents; 0 for records read whole)."""
    return sum(len(item.data) if isinstance(item, LineBlock) else len(item.raw or b"") + 1 for item in items)


def chunked(items: Iterable[Item], size: int = CHUNK_SIZE) -> Iterator[list[Item]]:
    """Groups of about ``size`` input lines (a block counts as its lines)."""
    return chunked_by(items, size, _lines)


def _add(out: ChunkOutput, record: dict[str, Any], render: Render | None) -> None:
    out.items.append(render(record) if render is not None else record)
    if "error" in record:
        out.outcomes.append(ERROR)
        out.errors += 1
    else:
        out.outcomes.append(record["severity"])
        out.levels[record["severity"]] += 1
    ticket_id = record.get("id")
    out.id_keys.append(id_key(ticket_id) if isinstance(ticket_id, str) else None)


def classify_chunk(classifier: Classifier, number: int, items: list[Item],
                   render: Render | None, classify: ClassifyRecords | None = None,
                   intake: Intake | None = None) -> ChunkOutput:
    """Classify ``items``; exactly one output record per input record, in order.

    ``intake`` (a helpdesk mapping, or CSV rows read by contract field names)
    runs here, in the worker; a payload holding several tickets gives one
    record per ticket.
    """
    stats = ReadStats()
    records = expand(items, stats)  # the classifier decodes them (a caller's step gets them decoded)
    if intake is not None:  # a mapping, or CSV rows read by contract field names
        records = list(intake(records))
    out = ChunkOutput(number, blank_lines=stats.blank_lines, input_bytes=input_bytes(items))
    if classify is not None:
        results = classify(classifier, [record.decoded() for record in records])
    else:
        results = classifier.classify_records(records)
    for record in results:
        _add(out, record, render)
    if len(out.items) != len(records):  # the classifier's contract; never trade it for speed
        raise RuntimeError(f"{len(records)} records gave {len(out.items)} results")
    if render is not None:
        out.text, out.items = "".join(out.items), []
    return out


def failed_chunk(number: int, items: list[Item], message: str,
                 render: Render | None) -> ChunkOutput:
    """Error records ``engine_error`` for a chunk whose worker died."""
    stats = ReadStats()
    records = expand(items, stats)
    out = ChunkOutput(number, blank_lines=stats.blank_lines, input_bytes=input_bytes(items))
    error = TicketError("engine_error", message)
    for record in records:
        _add(out, error_record(record.decoded(), error), render)
    return out
