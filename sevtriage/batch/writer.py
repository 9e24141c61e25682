"""Write chunk outputs in order, warn on duplicate ids, and count for the summary."""

from __future__ import annotations

from typing import Any, TextIO

from sevtriage.batch.chunks import ERROR, ChunkOutput, Render
from sevtriage.batch.progress import Tally
from sevtriage.batch.seen_ids import SeenIds
from sevtriage.output.formatters import Formatter
from sevtriage.tickets.json_codec import loads


def duplicate_warning(ticket_id: str) -> str:
    return (f'duplicate id "{ticket_id}": an earlier ticket in this input has the same id; '
            "this one is classified on its own")


class OrderedWriter:
    """Takes chunk outputs in input order; writes them through a formatter or as ready text."""

    def __init__(self, out: TextIO, formatter: Formatter | None, render: Render | None, tally: Tally):
        self.out = out
        self.formatter = formatter
        self.render = render
        self.tally = tally
        self.seen = SeenIds()

    def write(self, chunk: ChunkOutput) -> None:
        items, text = chunk.items, chunk.text
        repeated = [i for i in self.seen.add_many(chunk.id_keys)
                    if chunk.outcomes[i] != ERROR]  # an error record has no warnings to add to
        if repeated and text is not None:  # one line per record, kept on the chunk for later readers
            chunk.items, chunk.text = chunk.records(), None
            items, text = chunk.items, None
        for index in repeated:
            items[index] = self._with_duplicate_warning(items[index])
            self.tally.duplicates += 1
        self.tally.tickets += len(chunk.outcomes)
        self.tally.errors += chunk.errors
        self.tally.levels.update(chunk.levels)
        self.tally.blank_lines += chunk.blank_lines
        self.tally.input_bytes += chunk.input_bytes
        if self.formatter is None:
            self.out.write(text if text is not None else "".join(items))
        else:
            for record in items:
                self.formatter.write(record)

    def _with_duplicate_warning(self, item: Any) -> Any:
        record = loads(item) if isinstance(item, str) else item
        record["warnings"].append(duplicate_warning(record["id"]))
        return self.render(record) if isinstance(item, str) and self.render else record

    def close(self) -> None:
        if self.formatter is not None:
            self.formatter.close()
        self.out.flush()
