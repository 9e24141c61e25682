"""Ticket validation against contract v1, before the engine sees anything.

durable_rules coerces silently (``1``, ``1.0`` and ``"true"`` equal ``true``),
so a ticket is checked against the published ticket schema first: a ticket that
violates it becomes one error record naming the JSON pointer of the bad field,
never a guess. A valid ticket is flattened to the readable fields' values
(``symptoms.data_loss``), with the policy's field defaults filled in.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from sevtriage.contract import INTEGER, known_fields, readable_fields
from sevtriage.resources import load_schema
from sevtriage.tickets.contract_check import fast_ticket_check
from sevtriage.tickets.errors import TicketError
from sevtriage.tickets.json_codec import dumps_inline
from sevtriage.wording import counted, json_terms_message, json_type

if TYPE_CHECKING:  # jsonschema is imported only when an invalid ticket needs its error message
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

# \Z, not $: "$" also matches before a final newline, and "...Z\n" is not RFC 3339.
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\Z")
LEAP_SECOND = "60"
# The usual spelling (``2026-03-02T09:15:00+01:00``: ASCII digits, no fraction, a numeric offset,
# no leap second) is exactly the text ``parse_rfc3339`` would hand to ``fromisoformat``: it goes
# there straight, at a quarter of the cost of the general pattern and its reassembly.
_USUAL = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:[0-5]\d[+-]\d\d:\d\d", re.ASCII)


def parse_rfc3339(text: str) -> datetime:
    """An RFC 3339 date-time with an offset; ValueError otherwise (no naive times).

    Decided (docs/batch.md): nothing may follow the offset, not even a newline;
    ``Z`` and ``z`` are UTC (and ``respond_by`` keeps the ticket's own spelling);
    a leap second ``hh:59:60`` (RFC 3339 section 5.7) is accepted and read as the
    instant it ends, the next minute's ``:00`` (Python times have no second 60).
    """
    if _USUAL.fullmatch(text):
        return datetime.fromisoformat(text)
    match = _RFC3339.match(text)
    if not match:
        raise ValueError(f"not an RFC 3339 date-time with offset: {dumps_inline(text)}")
    if match.group(6) == LEAP_SECOND:
        if match.group(5) != "59":
            raise ValueError(f"a leap second is only hh:59:60: {dumps_inline(text)}")
        return parse_rfc3339(text[:match.start(6)] + "59" + text[match.end(6):]) + timedelta(seconds=1)
    fraction = match.group(7) or ""
    if fraction:  # Python keeps microseconds: exactly 6 digits
        fraction = (fraction + "00000")[:7]
    offset = match.group(8)
    offset = "+00:00" if offset in ("Z", "z") else offset
    base = "{}-{}-{}T{}:{}:{}".format(*match.groups()[:6])
    return datetime.fromisoformat(base + fraction + offset)


def _is_datetime(value: object) -> bool:
    if isinstance(value, str):
        parse_rfc3339(value)
    return True


def is_rfc3339_or_not_string(value: object) -> bool:
    """The same answer as the ``date-time`` format check above, without raising."""
    try:
        return _is_datetime(value)
    except ValueError:
        return False


@cache
def ticket_validator() -> Draft202012Validator:
    """jsonschema's validator of the ticket schema: imported (~25 ms) only when first needed."""
    from jsonschema import Draft202012Validator, FormatChecker

    formats = FormatChecker(formats=())
    formats.checks("date-time", raises=ValueError)(_is_datetime)
    return Draft202012Validator(load_schema("ticket"), format_checker=formats)


@dataclass
class PreparedTicket:
    """A valid ticket reduced to what classification needs."""

    id: str
    values: dict[str, Any]
    declared_severity: int | None
    created_at: datetime | None
    created_at_text: str | None
    contact_available: bool | None
    warnings: list[str] = field(default_factory=list)
    # The text flags' evidence (``derived_flags`` of the result); None when detectors did not run.
    derived_flags: list[dict[str, Any]] | None = None


def _pointer(error: ValidationError) -> str:
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in error.absolute_path]
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        parts += missing[:1]
    return "/" + "/".join(parts) if parts else ""


def _schema_error(ticket: Any) -> TicketError | None:
    fast = fast_ticket_check()
    if fast is not None and fast(ticket):
        return None  # the common case; only invalid tickets pay for jsonschema's message
    validator = ticket_validator()
    if validator.is_valid(ticket):
        return None
    from jsonschema.exceptions import best_match

    error = best_match(validator.iter_errors(ticket))
    path = _pointer(error)
    if path == "/id" and (not isinstance(ticket, dict) or "id" not in ticket):
        return TicketError("missing_id", "the ticket has no id", "/id")
    if error.validator == "format":
        return TicketError("invalid_field", f"{path}: not an RFC 3339 date-time with an offset "
                                            f"(e.g. 2026-03-02T09:15:00+01:00): {dumps_inline(error.instance)}", path)
    return TicketError("invalid_field", f"{path or '/'}: {json_terms_message(error)}", path)


MAX_UNKNOWN_FIELD_WARNINGS = 20
MAX_ECHOED_NAME = 80


def unknown_field_warnings(ticket: dict[str, Any]) -> list[str]:
    known = known_fields()
    names = [k for k in ticket if k not in known]
    symptoms = ticket.get("symptoms")
    if isinstance(symptoms, dict):
        names += [f"symptoms.{k}" for k in symptoms if f"symptoms.{k}" not in known]
    warnings = []
    for name in names[:MAX_UNKNOWN_FIELD_WARNINGS]:
        # Any contract field may be the one meant (``creatd_at``, ``Symptoms``), readable or not.
        close = difflib.get_close_matches(name.lower(), sorted(known), n=1, cutoff=0.75)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        warnings.append(f'unknown field "{_shortened(name)}": no rule can read it{hint}')
    hidden = len(names) - MAX_UNKNOWN_FIELD_WARNINGS
    if hidden > 0:  # 100,000 unknown keys must not make megabytes of warnings
        warnings.append(f"... and {counted(hidden, 'more unknown field')}")
    return warnings


def _shortened(name: str) -> str:
    return name if len(name) <= MAX_ECHOED_NAME else name[:MAX_ECHOED_NAME] + "…"


def prepare_ticket(ticket: Any, field_defaults: dict[str, Any]) -> PreparedTicket:
    """Validate one decoded ticket and flatten it; raises TicketError."""
    if not isinstance(ticket, dict):
        raise TicketError("not_an_object", f"a ticket must be a JSON object, not {json_type(ticket)}")
    error = _schema_error(ticket)
    if error is not None:
        raise error
    values: dict[str, Any] = {}
    readable = readable_fields()
    for name, value in ticket.items():
        if name == "symptoms":
            for flag, flag_value in value.items():
                if f"symptoms.{flag}" in readable:
                    values[f"symptoms.{flag}"] = _integral(readable[f"symptoms.{flag}"].kind, flag_value)
        elif name in readable:
            values[name] = _integral(readable[name].kind, value)
    for name, value in field_defaults.items():
        values.setdefault(name, value)
    created_text = ticket.get("created_at")
    return PreparedTicket(
        id=ticket["id"],
        values=values,
        declared_severity=_integral(INTEGER, ticket.get("declared_severity")),
        created_at=parse_rfc3339(created_text) if created_text is not None else None,
        created_at_text=created_text,
        contact_available=ticket.get("contact_available"),
        warnings=unknown_field_warnings(ticket),
    )


def _integral(kind: str, value: Any) -> Any:
    """JSON Schema counts ``2.0`` as an integer; Python and the engine must see ``2``."""
    if kind == INTEGER and isinstance(value, float):
        return int(value)
    return value
