"""A fast yes/no answer to "does jsonschema accept this ticket?", built from the schema.

Validating with ``jsonschema`` costs ~170 µs per ticket, most of the time of a
batch. Nearly every ticket is valid, so a check that only has to say *valid*
quickly is enough: when it says *invalid*, ``jsonschema`` runs as before and
writes the error message, so every error record stays exactly what it was.

The check is compiled from the published ticket schema itself (no second copy
of the contract to drift), and only for the keywords it knows how to apply
with jsonschema's exact semantics; a schema using any other keyword gets no
fast check at all (``compile_check`` returns None) and everything goes through
jsonschema. ``tests/batch/test_batch_ticket_check.py`` checks with hypothesis that
the two accept exactly the same tickets. The compiler itself is
``sevtriage.schema_check`` (the policy loader's schema check uses it too).
"""

from __future__ import annotations

from functools import cache

from sevtriage.resources import load_schema
from sevtriage.schema_check import Check, compile_check

__all__ = ["Check", "compile_check", "fast_ticket_check"]


@cache
def fast_ticket_check() -> Check | None:
    """The compiled check for the ticket schema (None: always ask jsonschema)."""
    from sevtriage.tickets.prepare import is_rfc3339_or_not_string

    return compile_check(load_schema("ticket"), {"date-time": is_rfc3339_or_not_string})
