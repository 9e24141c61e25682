"""uvicorn's HTTP/1.1 protocol (h11) with a deadline for the request line and headers.

uvicorn closes idle keep-alive connections, and the application bounds the
time a body may take (408), but nothing bounds the time a client takes to send
its headers: a client dripping one header byte at a time would hold a
connection forever. This subclass closes a connection whose request line and
headers have not all arrived within ``header_timeout`` seconds of the
connection opening or of the previous response ending.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


class DeadlineH11Protocol(H11Protocol):
    header_timeout: float = 10.0  # set per server with ``with_header_timeout``

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._cancel()
        self._waiting_for = self.cycle  # a new request replaces the cycle
        self._deadline: asyncio.TimerHandle | None = self.loop.call_later(self.header_timeout, self._cut)

    def _cancel(self) -> None:
        deadline = getattr(self, "_deadline", None)
        if deadline is not None:
            deadline.cancel()
            self._deadline = None

    def _cut(self) -> None:
        self._deadline = None
        if self.cycle is self._waiting_for and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.cycle is not self._waiting_for:  # the headers are in: the app's limits take over
            self._cancel()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)


def with_header_timeout(seconds: float) -> type[DeadlineH11Protocol]:
    attributes: dict[str, Any] = {"header_timeout": seconds}
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,), attributes)
