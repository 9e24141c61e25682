"""Inputs in UTF-16 or UTF-32: read as UTF-8 when they carry a byte order mark.

Tickets are UTF-8 (the contract), but Windows tools write UTF-16 with a BOM
("Unicode" in Notepad, PowerShell 5's ``>``). With a BOM the encoding is
certain, so such an input is decoded and handed on as UTF-8; every line is
then read as usual. Without a BOM, NUL bytes in the first bytes give UTF-16 or
UTF-32 away: the input is then one clear error record, not one garbage record
per line. Bytes that are not valid in the announced encoding become U+FFFD.
"""

from __future__ import annotations

import codecs
import io
from typing import BinaryIO

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CHUNK = 64 * 1024


class _AsUtf8(io.RawIOBase):
    """A raw stream of the UTF-8 encoding of ``source`` decoded from ``encoding``."""

    def __init__(self, source: BinaryIO, encoding: str):
        self.source = source
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self.pending = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self.pending and not self.done:
            data = self.source.read(_CHUNK)
            self.done = not data
            self.pending = self.decoder.decode(data, final=self.done).encode("utf-8")
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        return count


def utf8_stream(stream: BinaryIO) -> tuple[BinaryIO, str | None]:
    """``stream`` read as UTF-8, and the encoding it was decoded from (None: as it is).

    ``stream`` must offer ``peek`` (a buffered reader); without it the stream is returned as it is.
    """
    peek = getattr(stream, "peek", None)
    if peek is None:
        return stream, None
    head = peek(4)[:4]
    for mark, encoding in BOMS:
        if head.startswith(mark):
            stream.read(len(mark))
            return io.BufferedReader(_AsUtf8(stream, encoding)), encoding
    return stream, None


def looks_like_utf16_or_32(stream: BinaryIO) -> bool:
    """Whether the first bytes hold NUL bytes next to ASCII (UTF-16/32 without a BOM)."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return False
    head = peek(64)[:64]
    return len(head) >= 4 and b"\x00" in head[:4] and any(32 <= byte < 127 for byte in head[:4])
