"""Input records in, chunk outputs out in input order: in this process or in workers.

``--jobs 1`` classifies in this process. With more jobs, an input that fits
in one chunk is still classified here (starting workers would cost more than
the work: one ticket must classify in well under 0.3 s); larger inputs go to
a ``WorkerPool`` of forked workers, each classifying with its copy of this
process's ``Classifier``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from itertools import chain, islice

from sevtriage.batch.chunks import (
    ChunkOutput,
    ClassifyRecords,
    Item,
    Render,
    chunked,
    classify_chunk,
    failed_chunk,
)
from sevtriage.engine.classifier import Classifier
from sevtriage.tickets.intake import Intake


def classified_chunks(classifier: Classifier, records: Iterable[Item], jobs: int,
                      render: Render | None, classify: ClassifyRecords | None = None,
                      intake: Intake | None = None) -> Iterator[ChunkOutput]:
    """Every record classified (by ``classify``, default ``classify_records``), in chunks, in order.

    ``classify`` and ``intake`` (mapping) run in the workers: with ``fork`` they need no pickling.
    """
    # The imported modules, the policy and its compiled classifier live as long as the
    # process: kept out of every garbage collection from here on (and in forked workers).
    gc.freeze()
    chunks = chunked(records)
    head = list(islice(chunks, 2))
    if jobs <= 1 or len(head) < 2:
        for number, chunk in enumerate(chain(head, chunks)):
            yield classify_chunk(classifier, number, chunk, render, classify, intake)
        return
    from sevtriage.batch.workers import WorkerPool  # multiprocessing only when workers start (start-up)

    # Each forked worker uses its copy of this process's classifier, whose ruleset is already
    # loaded: no worker compiles the policy again. This process never classifies with it
    # from here on, so every worker (a replacement too) starts from the same untouched copy.
    pool: WorkerPool[Classifier] = WorkerPool(
        jobs,
        setup=lambda: classifier,
        work=lambda own, number, chunk: classify_chunk(own, number, chunk, render, classify, intake),
        on_death=lambda number, chunk, reason: failed_chunk(number, chunk, reason, render),
    )
    yield from pool.map(chain(head, chunks))
