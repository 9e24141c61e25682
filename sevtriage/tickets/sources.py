"""The inputs a command names: files in order, ``-`` or nothing for standard input.

Every command that reads tickets (classify, explain, diff) opens them here, so
they all read the same shapes the same way.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from collections.abc import Iterator
from typing import BinaryIO

from sevtriage.tickets.csv_input import read_csv
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.file_ranges import FileRange, file_ranges, share_standard_input
from sevtriage.tickets.inputs import LineBlock, ReadStats, read_records, read_records_or_ranges, read_tickets
from sevtriage.tickets.records import InputRecord

INPUT_FORMATS = ("auto", "json", "csv")


def _inputs(files: tuple[str, ...]) -> Iterator[tuple[BinaryIO | InputRecord, str]]:
    """Each input stream with its name, in order; ``-`` (or no file at all) is standard input.

    A file that can no longer be opened when its turn comes (removed, renamed or made
    unreadable after the command checked it) gives one ``input_unreadable`` error record
    instead of a stream, and the next inputs are still read: a traceback here would end
    the run and, with workers, drop results already classified."""
    for name in files or ("-",):
        if name == "-":
            yield sys.stdin.buffer, "<stdin>"
            continue
        stream: BinaryIO
        try:
            stream = open(name, "rb")  # noqa: SIM115 (closed by the with below)
        except OSError as error:
            reason = error.strerror or str(error)
            yield InputRecord(name, 1, error=TicketError("input_unreadable", f"cannot read {name}: {reason}")), name
            continue
        with stream:
            yield stream, name


def is_csv(name: str, input_format: str) -> bool:
    """CSV when asked for, or (``auto``) when the file is named ``*.csv``."""
    return input_format == "csv" or (input_format == "auto" and name.lower().endswith(".csv"))


def iter_inputs(files: tuple[str, ...], max_bytes: int, stats: ReadStats, input_format: str = "auto",
                csv_delimiter: str | None = None) -> Iterator[InputRecord]:
    """Decoded records of every input, in order (CSV rows as text records)."""
    for stream, name in _inputs(files):
        if isinstance(stream, InputRecord):
            yield stream
        elif is_csv(name, input_format):
            yield from read_csv(stream, name, csv_delimiter, max_bytes, stats)
        else:
            yield from read_tickets(stream, name, max_bytes, stats)


def iter_raw_inputs(files: tuple[str, ...], max_bytes: int, stats: ReadStats, input_format: str = "auto",
                    csv_delimiter: str | None = None,
                    ranges: bool = False) -> Iterator[InputRecord | LineBlock | FileRange]:
    """The same records, JSON Lines still in undecoded blocks: for the workers to split and parse.

    With ``ranges``, the JSON Lines of a regular file (named, or redirected to standard
    input) come as ``FileRange``s instead, which the workers read themselves (``file_ranges``).
    """
    if ranges and "-" in (files or ("-",)):
        share_standard_input(sys.stdin.buffer)  # before any worker is forked
    for stream, name in _inputs(files):
        if isinstance(stream, InputRecord):
            yield stream
        elif is_csv(name, input_format):
            yield from read_csv(stream, name, csv_delimiter, max_bytes, stats)
        elif ranges:
            body = functools.partial(_ranges_of, name, max_bytes, stream is sys.stdin.buffer)
            yield from read_records_or_ranges(stream, name, max_bytes, stats, body)
        else:
            yield from read_records(stream, name, max_bytes, stats)


def _ranges_of(name: str, max_bytes: int, inherited: bool, stream: BinaryIO, first_line: int,
               stats: ReadStats) -> Iterator[FileRange] | None:
    return file_ranges(stream, name, first_line, max_bytes, stats, inherited)


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
