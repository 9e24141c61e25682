"""JSON Lines of a regular file handed out as byte ranges, read by whoever classifies them.

With ``--jobs``, the reading process of a regular JSON Lines file does not
read the tickets at all: it cuts the rest of the file into ``FileRange``s of
about ``RANGE_BYTES``, each ending just after a newline (found by reading a
few bytes at the nominal end), and a worker reads its range itself with
``pread``. Every line is in exactly one range, so every record is read once.

Standard input redirected from a regular file (``< tickets.jsonl``) is cut
the same way: it has no path, so the ranges name a duplicate of its
descriptor, which forked workers inherit (``FileRange.fd``).

The reading process cannot know on which line a range begins without
reading everything before it, so a range's lines are numbered from 1 and
the range says how many lines it spans (``RangeRead.lines``); the writer,
which takes chunks in order, shifts the line numbers of error records (the
only output that carries one). The first range of a file knows its first
line, and is numbered from it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.inputs import LineBlock, ReadStats, json_lines_from
from sevtriage.tickets.records import InputRecord

RANGE_BYTES = 1024 * 1024  # about 700 tickets of 1.5 KB: the parent's work is per range, not per ticket
# Near the end of a file, ranges shrink to a quarter of what is left (down to 64 KB): the
# workers' last ranges then end close together, instead of one worker classifying a whole
# last range while the others have nothing left to do. (A file that fits in one range is
# one range: it is classified in the reading process, ``batch.run``.)
TAIL_PARTS = 4
TAIL_MIN_BYTES = 64 * 1024
_SCAN_BYTES = 4 * 1024  # the first read for a range's end: a ticket is ~1.5 KB; longer lines read on
_SCAN_MAX_BYTES = 64 * 1024  # in doubling reads up to this
_WHOLE_READ_BYTES = 8 * RANGE_BYTES  # a longer range holds a very long line: read it in blocks


@dataclass(frozen=True)
class FileRange:
    """Whole lines ``start``..``end`` (bytes) of the regular file ``path``."""

    path: str
    file: str          # the input's name, echoed in error records
    identity: tuple[int, int]  # (device, inode) of the file the reading process opened
    start: int
    end: int
    max_bytes: int
    first_line: int | None = None  # known for a file's first range only
    fd: int | None = None  # read through this inherited descriptor (standard input), not by path

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass
class RangeRead:
    """A range's records (lines numbered from 1 at its start) and how many lines it spans."""

    items: list[InputRecord | LineBlock]
    lines: int


def _is_regular(stream: BinaryIO) -> os.stat_result | None:
    try:
        info = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return info if stat.S_ISREG(info.st_mode) and stream.seekable() else None


def _line_end(fd: int, offset: int, size: int) -> int:
    """The offset just past the first newline at or after ``offset`` (``size`` if none)."""
    scan = _SCAN_BYTES
    while offset < size:
        data = os.pread(fd, min(scan, size - offset), offset)
        if not data:
            return size
        found = data.find(b"\n")
        if found >= 0:
            return offset + found + 1
        offset += len(data)
        scan = min(2 * scan, _SCAN_MAX_BYTES)
    return size


def file_ranges(stream: BinaryIO, path: str, first_line: int, max_bytes: int,
                stats: ReadStats, inherited: bool = False) -> Iterator[FileRange] | None:
    """The rest of ``stream`` (from its position) as ranges; None when it is not a regular file.

    ``inherited``: ``stream`` has no path to open again (standard input); the ranges name
    a duplicate of its descriptor instead (``_shared_descriptor``)."""
    info = _is_regular(stream)
    if info is None:
        return None
    fd = _shared_descriptor(stream.fileno(), info) if inherited else None
    return _ranges(stream, path, (info.st_dev, info.st_ino), first_line, max_bytes, stats, fd)


_SHARED: dict[tuple[int, int, int], int] = {}


def share_standard_input(stream: BinaryIO) -> None:
    """Duplicate ``stream``'s descriptor now when it is a regular file (``_shared_descriptor``).

    Called before the first record is read: workers are forked once the first input fills
    two chunks, so a duplicate made later, when ``-`` comes after a larger named file, would
    exist only in the reading process and every range of standard input would read as a
    replaced file in the workers."""
    info = _is_regular(stream)
    if info is not None:
        _shared_descriptor(stream.fileno(), info)


def _shared_descriptor(fd: int, info: os.stat_result) -> int:
    """A duplicate of ``fd`` for workers to ``pread``, kept open as long as this process:
    workers forked later (a replacement) need it too. Not ``fd`` itself: a forked
    ``multiprocessing`` worker closes its standard input and reopens it on /dev/null."""
    key = (fd, info.st_dev, info.st_ino)
    if key not in _SHARED:
        _SHARED[key] = os.dup(fd)
    return _SHARED[key]


def _ranges(stream: BinaryIO, path: str, identity: tuple[int, int], first_line: int, max_bytes: int,
            stats: ReadStats, fd_for_workers: int | None = None) -> Iterator[FileRange]:
    fd = stream.fileno()
    position = stream.tell()
    line: int | None = first_line
    while True:
        size = os.fstat(fd).st_size  # again each time: a file that grows is read to its new end
        if position >= size:
            break
        if line is not None and size - position <= RANGE_BYTES:  # all in one range (in-process)
            step = RANGE_BYTES
        else:
            step = min(RANGE_BYTES, max(TAIL_MIN_BYTES, (size - position) // TAIL_PARTS))
        end = size if position + step >= size else _line_end(fd, position + step - 1, size)
        yield FileRange(path, path, identity, position, end, max_bytes, line, fd_for_workers)
        stats.bytes_read += end - position
        position, line = end, None
    stream.seek(position)  # the stream is where a reader of it would be


class _RangeReader:
    """``read``/``read1`` over bytes ``start``..``end`` of ``fd`` (for the block reader)."""

    def __init__(self, fd: int, start: int, end: int):
        self.fd, self.position, self.end = fd, start, end
        self.newlines = 0

    def read(self, size: int = -1) -> bytes:
        size = self.end - self.position if size < 0 else min(size, self.end - self.position)
        data = os.pread(self.fd, size, self.position) if size > 0 else b""
        self.position = self.position + len(data) if data else self.end
        self.newlines += data.count(b"\n")
        return data

    read1 = read


class _Opened:
    """The file this worker last read a range of: one descriptor, kept between ranges."""

    key: tuple[str, tuple[int, int]] | None = None
    fd = -1


def _descriptor(part: FileRange) -> int | None:
    """A descriptor of ``part``'s file, or None when the path no longer names that file."""
    if part.fd is not None:  # inherited (standard input): the same open file, never replaced
        try:
            info = os.fstat(part.fd)
        except OSError:
            return None
        return part.fd if (info.st_dev, info.st_ino) == part.identity else None
    if _Opened.key == (part.path, part.identity):
        return _Opened.fd
    try:
        fd = os.open(part.path, os.O_RDONLY)
    except OSError:
        return None
    info = os.fstat(fd)
    if (info.st_dev, info.st_ino) != part.identity:
        os.close(fd)
        return None
    if _Opened.fd >= 0:
        os.close(_Opened.fd)
    _Opened.key, _Opened.fd = (part.path, part.identity), fd
    return fd


def read_range(part: FileRange, stats: ReadStats) -> RangeRead:
    """The records of ``part``, exactly as the block reader gives them, lines numbered from
    ``part.first_line`` when it is known, else from 1.

    A file replaced or removed while it is read cannot be read as it was: its
    range becomes one error record saying so.
    """
    fd = _descriptor(part)
    first = part.first_line or 1
    if fd is None:
        error = TicketError("input_changed", f"{part.file} was replaced or removed while it was read "
                                             f"(bytes {part.start}-{part.end}): run again")
        return RangeRead([InputRecord(part.file, first, error=error)], 0)
    if part.size <= _WHOLE_READ_BYTES:
        data = os.pread(fd, part.size, part.start)
        lines = data.count(b"\n")
        if not data:
            return RangeRead([], 0)
        return RangeRead([LineBlock(part.file, first, data if data.endswith(b"\n") else data + b"\n",
                                    part.max_bytes)], lines)
    reader = _RangeReader(fd, part.start, part.end)
    items = list(json_lines_from(reader, part.file, first, part.max_bytes, stats))  # type: ignore[arg-type]
    return RangeRead(items, reader.newlines)
