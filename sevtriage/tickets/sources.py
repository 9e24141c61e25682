"""The inputs a command names: files in order, ``-`` or nothing for standard input.

Every command that reads tickets (classify, explain, diff) opens them here, so
they all read the same shapes the same way.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from typing import BinaryIO

from sevtriage.tickets.inputs import LineBlock, ReadStats, read_records, read_tickets
from sevtriage.tickets.records import InputRecord


def _inputs(files: tuple[str, ...]) -> Iterator[tuple[BinaryIO, str]]:
    """Each input stream with its name, in order; ``-`` (or no file at all) is standard input."""
    for name in files or ("-",):
        if name == "-":
            yield sys.stdin.buffer, "<stdin>"
            continue
        stream: BinaryIO
        with open(name, "rb") as stream:
            yield stream, name


def iter_inputs(files: tuple[str, ...], max_bytes: int, stats: ReadStats) -> Iterator[InputRecord]:
    """Decoded records of every input, in order."""
    for stream, name in _inputs(files):
        yield from read_tickets(stream, name, max_bytes, stats)


def iter_raw_inputs(files: tuple[str, ...], max_bytes: int,
                    stats: ReadStats) -> Iterator[InputRecord | LineBlock]:
    """The same records, JSON Lines still in undecoded blocks: for the workers to split and parse."""
    for stream, name in _inputs(files):
        yield from read_records(stream, name, max_bytes, stats)


def input_size(files: tuple[str, ...]) -> int | None:
    """Total bytes to read, when known (regular files), for the progress bar's time left."""
    total = 0
    for name in files or ("-",):
        try:
            info = os.fstat(sys.stdin.fileno()) if name == "-" else os.stat(name)
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        total += info.st_size
    return total
