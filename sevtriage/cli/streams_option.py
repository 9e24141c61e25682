"""The standard streams and signals, as every command meets them.

``cmd | head``: when the reader of standard output has gone, a command stops at
once, quietly, with the status a shell reports for SIGPIPE (141). SIGTERM and
SIGHUP stop a batch as Ctrl-C does (no partial output file, the summary so far).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import NoReturn

EXIT_BROKEN_PIPE = 141          # 128 + SIGPIPE, as a shell reports `cmd | head`


def exit_on_closed_pipe() -> NoReturn:
    """The reader has gone: stop without a traceback or a message."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail again
    sys.exit(EXIT_BROKEN_PIPE)


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like ``KeyboardInterrupt`` (temporary files removed)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While inside: SIGTERM and SIGHUP raise ``Stopped`` in the main thread, as Ctrl-C does.

    The status to exit with is then ``128 + signum`` (143, 129), as a shell reports it.
    """
    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


_STREAMS = {0: "standard input", 1: "standard output", 2: "standard error"}
closed_at_start: set[int] = set()


def reopen_closed_streams() -> set[int]:
    """Give a closed standard stream (``<&-``, ``>&-``, ``2>&-``) ``/dev/null``; the closed ones.

    Its descriptor must not stay free: the next file opened (an ``--output``
    temporary file) would get it, and a write meant for the terminal would land
    there. A closed standard input then reads as empty and a closed standard
    error discards messages (the exit status still tells); a command that
    would write results to a closed standard output refuses with a message
    (``require_stdout``).
    """
    for fd in _STREAMS:
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDONLY if fd == 0 else os.O_WRONLY)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            closed_at_start.add(fd)
    if 0 in closed_at_start or sys.stdin is None:
        sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8")
    if 1 in closed_at_start or sys.stdout is None:
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False)), encoding="utf-8")
    if 2 in closed_at_start or sys.stderr is None:
        sys.stderr = io.TextIOWrapper(io.BufferedWriter(io.FileIO(2, "w", closefd=False)), encoding="utf-8",
                                      errors="backslashreplace", line_buffering=True)
    return set(closed_at_start)


def require_stdout() -> None:
    """Exit 2 with a message when results would go to a standard output that was closed."""
    if 1 in closed_at_start:
        sys.stderr.write("sevtriage: standard output is closed: nowhere to write the results "
                         "(use --output FILE)\n")
        sys.exit(2)
