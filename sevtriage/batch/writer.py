"""Write chunk outputs in order, warn on duplicate ids, and count for the summary."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import Any, BinaryIO, TextIO

from sevtriage.batch.chunks import ChunkOutput, Render
from sevtriage.batch.progress import Tally
from sevtriage.batch.seen_ids import SeenIds
from sevtriage.output.formatters import Formatter
from sevtriage.tickets.json_codec import loads


def duplicate_warning(ticket_id: str) -> str:
    return (f'duplicate id "{ticket_id}": an earlier ticket in this input has the same id; '
            "this one is classified on its own")


def _byte_sink(out: TextIO) -> BinaryIO | None:
    """The binary stream under ``out`` when ``out`` encodes UTF-8 as is: rendered chunks
    (already UTF-8) are then written to it directly, never decoded and encoded again."""
    buffer = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if buffer is None or not encoding:
        return None
    try:
        return buffer if codecs.lookup(encoding).name == "utf-8" else None
    except LookupError:
        return None


class OrderedWriter:
    """Takes chunk outputs in input order; writes them through a formatter or as ready bytes."""

    def __init__(self, out: TextIO, formatter: Formatter | None, render: Render | None, tally: Tally):
        self.out = out
        self.formatter = formatter
        self.render = render
        self.tally = tally
        self.seen = SeenIds()
        self._next_line = 1  # where the next range's lines begin (``ChunkOutput.range_lines``)
        self._sink = _byte_sink(out) if formatter is None else None
        if self._sink is not None:
            out.flush()  # whatever was written as text goes first

    def write(self, chunk: ChunkOutput) -> None:
        if chunk.range_lines is not None:
            first = chunk.range_first_line
            if first is None:  # the range's lines were numbered from 1
                first = self._next_line
                if chunk.error_at and first != 1:
                    self._edit(chunk, chunk.error_at, lambda record: record.update(line=record["line"] + first - 1))
            self._next_line = first + chunk.range_lines
        repeated = self.seen.add_digests(chunk.ids)
        if repeated and chunk.error_at:
            errors = set(chunk.error_at)  # an error record has no warnings to add to
            repeated = [i for i in repeated if i not in errors]
        if repeated:
            self._add_duplicate_warnings(chunk, repeated)
        self.tally.tickets += chunk.count
        self.tally.errors += chunk.errors
        self.tally.levels.update(chunk.levels)
        self.tally.blank_lines += chunk.blank_lines
        self.tally.empty_payloads += len(chunk.empty_payloads)
        self.tally.input_bytes += chunk.input_bytes
        if self.formatter is not None:
            for record in chunk.items:
                self.formatter.write(record)
        elif chunk.data is not None:
            self._write_bytes(chunk.data)
        else:
            self.out.write("".join(chunk.items))

    def _write_bytes(self, data: bytes) -> None:
        if self._sink is None:
            self.out.write(data.decode("utf-8"))
            return
        view = memoryview(data)
        while view:  # an unbuffered sink (python -u) may take less than it is given
            written = self._sink.write(view)
            view = view[written or 0:]

    def _add_duplicate_warnings(self, chunk: ChunkOutput, repeated: list[int]) -> None:
        self._edit(chunk, repeated, lambda record: record["warnings"].append(duplicate_warning(record["id"])))
        self.tally.duplicates += len(repeated)

    def _edit(self, chunk: ChunkOutput, positions: list[int], change: Callable[[dict[str, Any]], Any]) -> None:
        """``change`` the records at ``positions`` (rendered ones are parsed and rendered again)."""
        if chunk.data is not None and self.render is not None:  # one line per record
            lines = chunk.data.split(b"\n")[:-1]
            for index in positions:
                record = loads(lines[index])
                change(record)
                lines[index] = self.render(record).rstrip("\n").encode("utf-8")
            chunk.data = b"\n".join(lines) + b"\n"
            return
        for index in positions:
            item = chunk.items[index]
            record = loads(item) if isinstance(item, str) else item
            change(record)
            chunk.items[index] = self.render(record) if isinstance(item, str) and self.render else record

    def close(self) -> None:
        if self.formatter is not None:
            self.formatter.close()
        self.out.flush()
