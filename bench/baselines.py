"""Two baselines of the benchmark, run as their own processes like ``sevtriage classify``.

``reference FILE``: the same reading, validation, decision and writing as
``sevtriage classify --jobs 1``, with the reference evaluator
(``ReferenceMatcher``, conditions compiled to Python closures) in place of
durable_rules: the same ``Classifier``, only the matcher differs. The
benchmark's differential check compares its output with the engine's.

``read-floor FILE``: read the JSON Lines and parse each line with orjson, nothing else.
``io-floor FILE``: read the JSON Lines, parse each line with orjson and write
it back as one JSON line, with no classification at all and nothing imported
from sevtriage: no program that reads and writes this JSONL in Python can be
faster than this.
"""

from __future__ import annotations

import sys


def reference(path: str) -> None:
    from sevtriage.batch.progress import Tally
    from sevtriage.batch.run import classified_chunks
    from sevtriage.batch.writer import OrderedWriter
    from sevtriage.engine.classifier import Classifier
    from sevtriage.engine.reference import ReferenceMatcher
    from sevtriage.policy.loader import load_policy
    from sevtriage.resources import bundled_policy_path
    from sevtriage.tickets.inputs import DEFAULT_MAX_TICKET_BYTES, ReadStats
    from sevtriage.tickets.json_codec import jsonl_line
    from sevtriage.tickets.sources import iter_raw_inputs

    policy = load_policy(bundled_policy_path())
    classifier = Classifier(policy, ReferenceMatcher(policy), text_flags=False)  # as run.py: --no-text-flags
    records = iter_raw_inputs((path,), DEFAULT_MAX_TICKET_BYTES, ReadStats())
    writer = OrderedWriter(sys.stdout, None, jsonl_line, Tally())
    for chunk in classified_chunks(classifier, records, 1, jsonl_line):
        writer.write(chunk)
    writer.close()


def io_floor(path: str) -> None:
    import orjson

    write = sys.stdout.buffer.write
    loads, dumps = orjson.loads, orjson.dumps
    with open(path, "rb") as source:
        for line in source:
            if line.strip():
                write(dumps(loads(line)) + b"\n")
    sys.stdout.flush()


def read_floor(path: str) -> None:
    """Read and parse (orjson) each line, write nothing: what reading a file of tickets costs."""
    import orjson

    loads = orjson.loads
    count = 0
    with open(path, "rb") as source:
        for line in source:
            if line.strip():
                loads(line)
                count += 1
    sys.stdout.write(f"{count}\n")


if __name__ == "__main__":
    {"reference": reference, "io-floor": io_floor, "read-floor": read_floor}[sys.argv[1]](sys.argv[2])
