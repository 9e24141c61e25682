"""A request body classified exactly as ``sevtriage classify --format jsonl`` classifies standard input.

No second pipeline: the body is read by the CLI's reader (``read_records``:
one ticket, a JSON array or JSON Lines, the same size limit per ticket, the
same error records), classified by the CLI's in-process chunk classifier
(``classify_chunk``, with ``classify_with_explanations`` for ``?explain=true``)
through the CLI's intake step (``intake``: a helpdesk mapping for webhooks,
as ``classify --map``), and written by the CLI's ordered writer with
``jsonl_line``. The body is named ``<stdin>`` in error records, as the CLI
names standard input, so the response is byte for byte what
``sevtriage classify [--map NAME] - < body`` prints.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sevtriage.batch.chunks import CHUNK_SIZE, ClassifyRecords, Item, classify_chunk
from sevtriage.batch.progress import Tally
from sevtriage.batch.writer import OrderedWriter
from sevtriage.engine.classifier import Classifier
from sevtriage.explain import classify_with_explanations
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.inputs import ReadStats, expand, read_records
from sevtriage.tickets.intake import intake
from sevtriage.tickets.json_codec import jsonl_line
from sevtriage.tickets.mapping import Mapping
from sevtriage.tickets.records import InputRecord, error_record

BODY_NAME = "<stdin>"
UNREADABLE = frozenset({"invalid_json", "invalid_utf8"})


class TooManyTickets(Exception):
    """The body holds more tickets than one request may (413)."""

    def __init__(self, limit: int):
        super().__init__(f"the body holds more than {limit} tickets (--max-tickets)")
        self.limit = limit


@dataclass
class Classified:
    """The response to one body, and what the metrics count."""

    status: int
    body: bytes
    records: int = 0
    levels: Counter[str] = field(default_factory=Counter)   # level name -> results
    errors: Counter[str] = field(default_factory=Counter)   # error code -> error records
    empty_payloads: int = 0  # payloads that hold no ticket ({"tickets": []}): no record, said in a header


def body_records(body: bytes, max_ticket_bytes: int, max_tickets: int,
                 stats: ReadStats | None = None) -> list[InputRecord]:
    """The body's records, as the CLI reads a file; ``TooManyTickets`` past ``max_tickets``.
    ``stats`` gets what the reader counts (blank lines, empty arrays)."""
    stats = ReadStats() if stats is None else stats
    records: list[InputRecord] = []
    for item in read_records(io.BufferedReader(io.BytesIO(body)), BODY_NAME, max_ticket_bytes, stats):
        records.extend(expand([item], stats))
        if len(records) > max_tickets:
            raise TooManyTickets(max_tickets)
    return records


def _empty_body() -> Classified:
    record = error_record(InputRecord(BODY_NAME, 1), TicketError("invalid_json", "the body holds no ticket"))
    out = Classified(400, jsonl_line(record).encode("utf-8"), 1)
    out.errors["invalid_json"] += 1
    return out


def classify_records(classifier: Classifier, records: list[InputRecord], explain: bool,
                     mapping: Mapping | None = None) -> Classified:
    """Every record mapped (as ``classify --map`` does, or read as contract tickets), classified
    and written as the CLI does it: chunks, then its ordered writer.

    The writer adds the CLI's duplicate-id warnings; the chunks' renderer
    counts levels and error codes on the way for the metrics. A helpdesk
    payload may hold several tickets: one output record each.
    """
    if not records:
        return _empty_body()
    out = Classified(200, b"", 0)

    def counted(record: dict[str, Any]) -> str:
        out.records += 1
        if "error" in record:
            out.errors[record["error"]["code"]] += 1
        else:
            out.levels[record["level_name"]] += 1
        return jsonl_line(record)

    classify: ClassifyRecords | None = classify_with_explanations if explain else None
    step = intake(mapping, traced=explain)  # an explanation says where its fields come from
    text = io.StringIO()
    writer = OrderedWriter(text, None, jsonl_line, Tally())
    for number, start in enumerate(range(0, len(records), CHUNK_SIZE)):
        chunk: list[Item] = list(records[start:start + CHUNK_SIZE])
        done = classify_chunk(classifier, number, chunk, counted, classify, step)
        out.empty_payloads += len(done.empty_payloads)
        writer.write(done)
    writer.close()
    out.body = text.getvalue().encode("utf-8")
    if out.records and sum(out.errors[code] for code in UNREADABLE) == out.records:
        out.status = 400  # not one record of the body is JSON
    return out


def classify_body(classifier: Classifier, body: bytes, max_ticket_bytes: int, max_tickets: int,
                  explain: bool = False, mapping: Mapping | None = None) -> Classified:
    """200 with one record per ticket; 400 when the body holds no JSON at all.

    With a ``mapping`` (webhooks), the body's records are a helpdesk's payloads,
    turned into contract tickets before they are classified.
    """
    stats = ReadStats()
    out = classify_records(classifier, body_records(body, max_ticket_bytes, max_tickets, stats), explain, mapping)
    out.empty_payloads += len(stats.empty_payloads)  # a ``[]`` line, found by the reader
    return out
