"""The standard streams, as every command meets them: a reader that goes away, a stream closed at start.

``cmd | head``: when the reader of standard output has gone, a command stops at
once, quietly, with the status a shell reports for SIGPIPE (141).
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

EXIT_BROKEN_PIPE = 141          # 128 + SIGPIPE, as a shell reports `cmd | head`


def exit_on_closed_pipe() -> NoReturn:
    """The reader has gone: stop without a traceback or a message."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail again
    sys.exit(EXIT_BROKEN_PIPE)
