"""The error a ticket record can carry: it becomes one error record in the ticket's place."""

from __future__ import annotations


class TicketError(Exception):
    """A ticket that cannot be classified: becomes one error record in its place."""

    def __init__(self, code: str, message: str, path: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path

    def __reduce__(self) -> tuple[type[TicketError], tuple[str, str, str]]:
        """Rebuild from all three fields: records carrying an error cross to worker processes pickled.

        ``Exception``'s own pickling passes only ``args`` (the message) back to ``__init__``,
        which needs the code too, so a worker receiving such a record died unpickling it.
        """
        return (TicketError, (self.code, self.message, self.path))
