"""The standard streams and signals, as every command meets them.

``cmd | head``: when the reader of standard output has gone, a command stops at
once, quietly, with the status a shell reports for SIGPIPE (141). SIGTERM and
SIGHUP stop a batch as Ctrl-C does (no partial output file, the summary so far).
"""

from __future__ import annotations

import contextlib
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
