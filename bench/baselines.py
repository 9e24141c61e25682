"""The two baselines of the benchmark, run as their own processes like ``sevtriage classify``.

``reference FILE``: the same reading, validation, decision and writing as
``sevtriage classify --jobs 1``, with the pure-Python ``ReferenceMatcher``
in place of durable_rules (the same ``Classifier``: only the matcher differs).

``io-floor FILE``: the same reading and JSON parsing, and one JSON line
written per ticket, with no classification at all: no program that reads and
writes this JSONL can be faster than this.
"""

from __future__ import annotations

import sys

from sevtriage.batch.progress import Tally
from sevtriage.batch.run import classified_chunks
from sevtriage.batch.writer import OrderedWriter
from sevtriage.engine.classifier import Classifier
from sevtriage.engine.reference import ReferenceMatcher
from sevtriage.policy.loader import load_policy
from sevtriage.resources import bundled_policy_path
from sevtriage.tickets.inputs import DEFAULT_MAX_TICKET_BYTES, ReadStats, expand
from sevtriage.tickets.json_codec import jsonl_line
from sevtriage.tickets.sources import iter_raw_inputs


def reference(path: str) -> None:
    policy = load_policy(bundled_policy_path())
    classifier = Classifier(policy, ReferenceMatcher(policy))
    records = iter_raw_inputs((path,), DEFAULT_MAX_TICKET_BYTES, ReadStats())
    writer = OrderedWriter(sys.stdout, None, jsonl_line, Tally())
    for chunk in classified_chunks(classifier, records, 1, jsonl_line):
        writer.write(chunk)
    writer.close()


def io_floor(path: str) -> None:
    out = sys.stdout
    stats = ReadStats()
    for item in iter_raw_inputs((path,), DEFAULT_MAX_TICKET_BYTES, stats):
        for record in expand([item], stats):
            record = record.decoded()
            out.write(jsonl_line(record.ticket if isinstance(record.ticket, dict) else {"line": record.line}))
    out.flush()


if __name__ == "__main__":
    {"reference": reference, "io-floor": io_floor}[sys.argv[1]](sys.argv[2])
