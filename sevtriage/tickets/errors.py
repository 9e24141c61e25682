"""The error a ticket record can carry: it becomes one error record in the ticket's place."""

from __future__ import annotations


class TicketError(Exception):
    """A ticket that cannot be classified: becomes one error record in its place."""

    def __init__(self, code: str, message: str, path: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path
