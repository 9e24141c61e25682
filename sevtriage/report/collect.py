"""Build a ``BatchSummary`` from result files, or from the records of a run as they are written."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sevtriage.report.batch import BatchSummary
from sevtriage.report.results import read_results
from sevtriage.tickets.json_codec import loads


def summarise_files(names: tuple[str, ...], summary: BatchSummary) -> BatchSummary:
    """Fold every record of the named result files into ``summary`` (NotResultsError, MixedPoliciesError)."""
    summary.inputs.extend(names or ("<stdin>",))
    for located in read_results(names):
        summary.add(located.record, located.file, located.line)
    return summary


class RunCollector:
    """Folds the records ``classify`` writes (dicts, or JSON lines the workers rendered) as they go."""

    def __init__(self, summary: BatchSummary, output_name: str):
        self.summary = summary
        self.output_name = output_name
        self.count = 0

    def add_items(self, items: Iterable[Any]) -> None:
        for item in items:
            self.count += 1
            record = loads(item) if isinstance(item, (str, bytes)) else item
            self.summary.add(record, self.output_name, self.count)
