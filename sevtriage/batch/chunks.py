"""One chunk of input records in, the same number of output records out.

A chunk is the unit of work of a worker process (and of the in-process path,
so both run the same code). Its output carries, besides the records (already
rendered as UTF-8 JSON Lines when that is the format, so the reading process
only writes bytes), what the end-of-run summary and the duplicate-id warning
need: the counts, the error records' positions and one blob of id digests.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sevtriage.batch.seen_ids import id_key
from sevtriage.engine.classifier import Classifier, Source
from sevtriage.tickets.csv_input import contract_rows
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.file_ranges import FileRange, read_range
from sevtriage.tickets.inputs import LineBlock, ReadStats, expand
from sevtriage.tickets.intake import Intake, MappingIntake
from sevtriage.tickets.json_codec import jsonl_line
from sevtriage.tickets.records import InputRecord, error_record

CHUNK_SIZE = 512
Render = Callable[[dict[str, Any]], str]
# How records become output records: ``Classifier.classify_records`` unless a
# caller adds to it (e.g. explanations); one output record per input record.
ClassifyRecords = Callable[[Classifier, list[InputRecord]], Iterable[dict[str, Any]]]


@dataclass
class ChunkOutput:
    """Output records of one chunk in input order: rendered bytes, or record dicts.

    When the records are rendered (JSON Lines), the worker joins and encodes
    them into one ``data``: the reading process receives and writes one bytes
    object per chunk, not one string per record, and splits it only to add a
    duplicate-id warning. Ids come as one blob of 8-byte digests (``ids``),
    so the reading process unpickles no per-record objects at all.
    """

    number: int
    items: list[Any] = field(default_factory=list)
    data: bytes | None = None
    count: int = 0  # output records
    error_at: list[int] = field(default_factory=list)  # positions of the error records
    ids: bytes = b""  # one native 8-byte digest per record (``id_key``), 0 for a record without an id
    blank_lines: int = 0
    empty_payloads: list[tuple[str | None, int]] = field(default_factory=list)  # (file, line): no ticket
    input_bytes: int = 0  # bytes of input the chunk's records came from, for the progress line
    errors: int = 0
    levels: Counter[int] = field(default_factory=Counter)  # counted here, in the worker
    # A chunk holding a ``FileRange``: the lines it spans, and where they begin when the reader
    # knew it (a file's first range). Otherwise (None) its error records' lines count from 1 at
    # the range's start, until the writer, which knows where the range begins once the ranges
    # before it are written, shifts them.
    range_lines: int | None = None
    range_first_line: int | None = None

    def records(self) -> list[Any]:
        """The output records in order: rendered lines (split from ``data``) or record dicts."""
        if self.data is not None:
            return [line + "\n" for line in self.data.decode("utf-8").split("\n")[:-1]]
        return self.items


Item = InputRecord | LineBlock | FileRange


def _lines(item: InputRecord | LineBlock) -> int:
    return item.lines if isinstance(item, LineBlock) else 1


def input_bytes(items: list[Item]) -> int:
    """The input bytes behind ``items`` (lines and raw documents; 0 for records read whole)."""
    return sum(item.size if isinstance(item, FileRange) else len(item.data) if isinstance(item, LineBlock)
               else len(item.raw or b"") + 1 for item in items)


def chunked(items: Iterable[Item], size: int = CHUNK_SIZE) -> Iterator[list[Item]]:
    """Groups of about ``size`` input lines (a block counts as its lines); a ``FileRange`` ends its
    chunk, and one whose first line is not known (``ChunkOutput.range_lines``) is a chunk of its own."""
    group: list[Item] = []
    total = 0
    for item in items:
        if isinstance(item, FileRange) and item.first_line is None and group:
            yield group
            group, total = [], 0
        group.append(item)
        total += size if isinstance(item, FileRange) else _lines(item)
        if total >= size:
            yield group
            group, total = [], 0
    if group:
        yield group


def _records(items: list[Item], stats: ReadStats, out: ChunkOutput) -> list[InputRecord]:
    """The records of a chunk's items; a ``FileRange`` is read here (in the worker)."""
    expanded: list[InputRecord | LineBlock] = []
    for item in items:
        if isinstance(item, FileRange):
            part = read_range(item, stats)
            out.range_lines, out.range_first_line = part.lines, item.first_line
            expanded += part.items
        else:
            expanded.append(item)
    return expand(expanded, stats)


def _fill(out: ChunkOutput, results: Iterable[dict[str, Any]], render: Render | None) -> None:
    """Take the records in: rendered or kept, counted, their ids digested, error positions noted."""
    items, digests = out.items, array("Q")
    severities: list[int] = []
    add_item, add_severity, add_digest = items.append, severities.append, digests.append
    for record in results:
        add_item(render(record) if render is not None else record)
        if "error" in record:
            out.error_at.append(len(items) - 1)
        else:
            add_severity(record["severity"])
        ticket_id = record.get("id")
        add_digest(id_key(ticket_id) if isinstance(ticket_id, str) else 0)
    out.count = len(items)
    out.errors = len(out.error_at)
    out.levels = Counter(severities)
    out.ids = digests.tobytes()


def classify_chunk(classifier: Classifier, number: int, items: list[Item],
                   render: Render | None, classify: ClassifyRecords | None = None,
                   intake: Intake | None = None) -> ChunkOutput:
    """Classify ``items``; exactly one output record per input record, in order.

    ``intake`` (a helpdesk mapping, or CSV rows read by contract field names)
    runs here, in the worker; a payload holding several tickets gives one
    record per ticket.
    """
    stats = ReadStats()
    out = ChunkOutput(number, input_bytes=input_bytes(items))
    if render is jsonl_line and classify is None:
        return _rendered(classifier, out, items, stats, intake)
    records = _records(items, stats, out)  # the classifier decodes them (a caller's step gets them decoded)
    out.blank_lines = stats.blank_lines
    if intake is not None:  # a mapping, or CSV rows read by contract field names
        records = list(intake(records, stats))
    out.empty_payloads = stats.empty_payloads
    if classify is not None:
        results = classify(classifier, [record.decoded() for record in records])
    else:
        results = classifier.classify_records(records)
    _fill(out, results, render)
    if out.count != len(records):  # the classifier's contract; never trade it for speed
        raise RuntimeError(f"{len(records)} records gave {out.count} results")
    return _joined(out, render)


def _sources(items: list[Item], stats: ReadStats, out: ChunkOutput, intake: Intake | None,
             counted: list[int]) -> Iterator[Source]:
    """``_records``, with each line of a block as a ``RawLine`` (no record object per line)."""
    for item in items:
        if isinstance(item, FileRange):
            part = read_range(item, stats)
            out.range_lines, out.range_first_line = part.lines, item.first_line
            yield from _sources(list(part.items), stats, out, intake, counted)
        elif isinstance(item, LineBlock):
            if intake is None or intake is contract_rows:
                for line in item.raw_lines(stats):
                    counted[0] += 1
                    yield line
            elif isinstance(intake, MappingIntake) and intake.lines is not None:  # one call per payload
                mapped = intake.lines
                for line in item.raw_lines(stats):
                    records = mapped(*line, stats) if isinstance(line, tuple) else list(intake((line,), stats))
                    counted[0] += len(records)
                    yield from records
            else:  # a helpdesk mapping reads each line's payload first
                for record in intake(item.records(stats), stats):
                    counted[0] += 1
                    yield record
        else:
            for record in intake((item,), stats) if intake is not None else (item,):
                counted[0] += 1
                yield record


def _rendered(classifier: Classifier, out: ChunkOutput, items: list[Item], stats: ReadStats,
              intake: Intake | None) -> ChunkOutput:
    """``classify_chunk`` for JSON Lines output with nothing added to the results: the
    classifier writes each line itself (``Classifier.result_lines``), with no record object
    or result dict per ticket; the same output as the general path. ``intake``: none, the
    contract's (``contract_rows``), which changes CSV rows only, never a line of JSON Lines,
    or a helpdesk mapping, whose contract tickets (one or more per payload) are classified
    here like decoded lines."""
    counted = [0]
    lines, severities, ids = classifier.result_lines(_sources(items, stats, out, intake, counted))
    if len(lines) != counted[0]:  # the classifier's contract; never trade it for speed
        raise RuntimeError(f"{counted[0]} records gave {len(lines)} results")
    out.blank_lines = stats.blank_lines
    out.empty_payloads = stats.empty_payloads
    out.count = len(lines)
    out.error_at = [index for index, severity in enumerate(severities) if severity is None]
    out.errors = len(out.error_at)
    out.levels = Counter([severity for severity in severities if severity is not None])
    out.ids = array("Q", [id_key(ticket_id) if isinstance(ticket_id, str) else 0 for ticket_id in ids]).tobytes()
    out.data = "".join(lines).encode("utf-8")
    return out


def failed_chunk(number: int, items: list[Item], message: str,
                 render: Render | None) -> ChunkOutput:
    """Error records ``engine_error`` for a chunk whose worker died."""
    stats = ReadStats()
    out = ChunkOutput(number, input_bytes=input_bytes(items))
    records = _records(items, stats, out)
    out.blank_lines = stats.blank_lines
    error = TicketError("engine_error", message)
    _fill(out, (error_record(record.decoded(), error) for record in records), render)
    return _joined(out, render)


def _joined(out: ChunkOutput, render: Render | None) -> ChunkOutput:
    """Rendered records become one UTF-8 ``data`` (what the writer writes as it is)."""
    if render is not None:
        out.data, out.items = "".join(out.items).encode("utf-8"), []
    return out
