"""A TicketError survives pickling: records carrying one are sent to worker processes."""

from __future__ import annotations

import pickle

from sevtriage.tickets.errors import TicketError


def test_ticket_error_round_trips_through_pickle() -> None:
    error = TicketError("invalid_json", "not valid JSON: unexpected end", "/id")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.message, copy.path, str(copy)) == (error.code, error.message, error.path, str(error))


def test_ticket_error_without_path_round_trips() -> None:
    copy = pickle.loads(pickle.dumps(TicketError("ticket_too_large", "the ticket is over the limit")))
    assert (copy.code, copy.message, copy.path) == ("ticket_too_large", "the ticket is over the limit", "")
