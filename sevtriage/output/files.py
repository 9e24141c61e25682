"""Where results go: standard output, or a file that appears only when complete.

An output option (``classify --output``, ``test --junit``) only ever replaces
a regular file, or creates one:

- a regular file (or a new name) is written to a temporary file beside it and
  renamed over the final name at the end, so an interrupted run never leaves a
  partial file under the name a pipeline waits for; an existing file keeps its
  permission bits (and, when run as root, its owner);
- a symbolic link is followed: its target is replaced that way and the link
  stays;
- anything else (a device such as ``/dev/null`` or ``/dev/full``, a FIFO, a
  socket) is opened and written straight through, never replaced;
  ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N`` and ``/proc/self/fd/N`` are
  the descriptor already open (so ``-o /dev/stdout >> log`` appends).

A write that fails (no space left, a read-only file system, permission denied)
is an ``OutputError``: one line naming the file and the reason, exit 2, and the
temporary file removed.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

import click

from sevtriage.wording import json_term

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

EXIT_OUTPUT_ERROR = 2
_OPEN_DESCRIPTOR = re.compile(r"^/(?:dev/(?:fd/(\d+)|(stdout)|(stderr))|proc/self/fd/(\d+))$")


class OutputError(click.ClickException):
    """An output file that cannot be written; click prints it and exits 2."""

    exit_code = EXIT_OUTPUT_ERROR

    def __init__(self, path: str, error: OSError):
        reason = error.strerror or str(error)
        if error.errno == errno.ENOSPC:
            reason = "no space left on the device"
        elif error.errno == errno.EROFS:
            reason = "the file system is read-only"
        elif error.errno in (errno.EACCES, errno.EPERM):
            reason = "permission denied"
        super().__init__(f"cannot write {path}: {reason}")

    def show(self, file: IO[str] | None = None) -> None:
        click.echo(f"sevtriage: {self.format_message()}", err=True)


class _Sink(io.FileIO):
    """A file whose failed writes are ``OutputError`` (a closed pipe stays ``BrokenPipeError``)."""

    display = ""

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError(self.display, error) from None


def _text(fd: int, display: str) -> TextIO:
    sink = _Sink(fd, "w", closefd=True)
    sink.display = display
    return io.TextIOWrapper(io.BufferedWriter(sink), encoding="utf-8", newline="\n")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output_path(path: str, option: str) -> None:
    """A usage error for a path no file can have: empty, or ending with a slash."""
    if path == "":
        raise click.BadParameter("an empty path names no file", param_hint=option)
    if path.endswith(os.sep) or (os.altsep and path.endswith(os.altsep)):
        raise click.BadParameter(f"{json_term(path)} ends with a slash: it names a folder, not a file",
                                 param_hint=option)


def _regular_file_identity(name: str) -> tuple[int, int] | None:
    """(device, inode) of the regular file ``name`` names after links ("-": standard input), if any."""
    try:
        info = os.fstat(0) if name == "-" else os.stat(name)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def check_output_not_an_input(output: Path | str | None, inputs: Iterable[str], option: str,
                              reads_stdin_when_empty: bool = True) -> None:
    """A usage error when the file an output option would replace is one of the inputs.

    The output replaces its file (atomically, after the last record), so
    ``classify t.jsonl -o t.jsonl`` would swap the tickets for their results:
    something the user named as input would be overwritten. Files are compared
    by device and inode after links (a link, ``./t.jsonl`` or a hard link is
    the same file); standard input counts when it is a regular file and is
    read ("-", or no inputs). Devices and FIFOs are written through, never
    replaced, so they are not compared.
    """
    if output is None:
        return
    written = _regular_file_identity(str(output)) if _open_descriptor(Path(output)) is None else None
    if written is None:
        return
    names = list(inputs) or (["-"] if reads_stdin_when_empty else [])
    for name in names:
        if _regular_file_identity(name) == written:
            shown = "standard input" if name == "-" else name
            raise click.BadParameter(f"{output} is also an input ({shown}): writing it would replace what is "
                                     "being read; write the results to another file", param_hint=option)


def _open_descriptor(path: Path) -> int | None:
    """The descriptor that ``/dev/stdout``, ``/dev/fd/N``, ... name, if ``path`` is one."""
    match = _OPEN_DESCRIPTOR.match(os.path.abspath(path))
    if match is None:
        return None
    number, stdout, stderr, proc = match.groups()
    return 1 if stdout else 2 if stderr else int(number or proc)


def _writes_through(path: Path) -> bool:
    """Whether ``path`` is written in place: it exists and is not a regular file."""
    try:
        info = os.stat(path)
    except OSError:
        return False  # a new file (or a dangling link: its target is created)
    return not stat.S_ISREG(info.st_mode)


@contextlib.contextmanager
def open_output(path: Path | None) -> Iterator[TextIO]:
    """Standard output for None; else the file ``path`` as described above."""
    if path is None:
        yield sys.stdout
        return
    check_output_path(str(path), "--output")
    if _open_descriptor(path) is not None or _writes_through(path):
        yield from _write_through(path)
        return
    target = Path(os.path.realpath(path))  # a link's target is replaced, the link kept
    folder = target.parent
    if not folder.is_dir():
        raise click.UsageError(f"cannot write {path}: the folder {folder} does not exist")
    try:
        info = os.stat(target)
        mode, owner = stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)
    except FileNotFoundError:
        mode, owner = 0o666 & ~_umask(), None
    except OSError as error:
        raise OutputError(str(path), error) from None
    import tempfile  # only when writing a file (start-up: it brings shutil, random, bz2, lzma)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    except OSError as error:
        raise OutputError(str(path), error) from None
    handle: TextIO | None = None
    try:
        os.chmod(temp_name, mode)  # mkstemp makes it private; keep the replaced file's mode
        if owner is not None and hasattr(os, "geteuid") and os.geteuid() == 0:
            with contextlib.suppress(OSError):
                os.chown(temp_name, *owner)
        handle = _text(fd, str(path))
        yield handle
        handle.close()
        os.replace(temp_name, target)
    except BaseException as failure:
        if handle is not None:
            with contextlib.suppress(Exception):
                handle.close()  # a failed flush must not hide the first error
        else:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(failure, OSError) and not isinstance(failure, BrokenPipeError):
            raise OutputError(str(path), failure) from None
        raise


def _write_through(path: Path) -> Iterator[TextIO]:
    descriptor = _open_descriptor(path)
    try:
        fd = os.dup(descriptor) if descriptor is not None else os.open(path, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise OutputError(str(path), error) from None
    handle = _text(fd, str(path))
    try:
        yield handle
        handle.close()
    except BaseException:
        with contextlib.suppress(Exception):
            handle.close()
        raise
