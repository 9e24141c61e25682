"""Helpdesk dates to the contract's RFC 3339, keeping the offset the helpdesk meant.

Helpdesks write dates in ways the contract rejects: Jira's ``+0300`` (no
colon), GLPI's and Znuny's ``2022-07-25 08:10:40`` (no offset at all: the
server's time zone), epoch numbers. A mapping lists the forms it accepts
(``date_formats``) and the IANA zone for dates without an offset; every
accepted date comes out as RFC 3339 with an explicit offset, so that
``respond_by`` is computed, and written, in the offset the ticket was filed in.
A local time that a DST change makes ambiguous takes its first occurrence
(``fold=0``); one that does not exist (in the spring gap) is read with the
offset before the change, as ``zoneinfo`` does.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

RFC3339 = "rfc3339"
OFFSET_HHMM = "offset-hhmm"
LOCAL = "local"
EPOCH_SECONDS = "epoch-seconds"
EPOCH_MILLISECONDS = "epoch-milliseconds"
DATE_FORMATS = (RFC3339, OFFSET_HHMM, LOCAL, EPOCH_SECONDS, EPOCH_MILLISECONDS)
DEFAULT_FORMATS = (RFC3339,)

_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"(?:\s?(?P<offset>[Zz]|[+-]\d{2}:\d{2}|[+-]\d{4}))?$")
CONTRACT_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")
_DIGITS = re.compile(r"^-?\d+(\.\d+)?$")
# Epoch values outside years 1970..9999 are far likelier a wrong unit than a date.
_MAX_EPOCH_SECONDS = 253402300799


class DateError(ValueError):
    """A value that none of the accepted formats reads."""


def _offset_text(offset: timedelta | None) -> str:
    if offset is None or offset == timedelta(0):
        return "Z" if offset is not None else ""
    total = int(offset.total_seconds())
    sign = "+" if total >= 0 else "-"
    hours, rest = divmod(abs(total), 3600)
    return f"{sign}{hours:02d}:{rest // 60:02d}"


def _valid(year: str, month: str, day: str, hour: str, minute: str, second: str) -> None:
    try:
        datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError as exc:
        raise DateError(str(exc)) from None


def _from_epoch(value: float, zone: ZoneInfo, unit: str) -> str:
    seconds = value / 1000 if unit == EPOCH_MILLISECONDS else value
    if not 0 <= seconds <= _MAX_EPOCH_SECONDS:
        raise DateError(f"{value} is outside the years 1970..9999 as {unit}")
    moment = datetime.fromtimestamp(seconds, tz=UTC).astimezone(zone)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}".rstrip("0")
    return text + _offset_text(moment.utcoffset())


def to_rfc3339(value: object, formats: tuple[str, ...], zone: ZoneInfo) -> str:
    """``value`` as an RFC 3339 date-time with an offset; DateError when no format reads it."""
    if isinstance(value, str) and RFC3339 in formats and CONTRACT_FORM.match(value):
        try:  # already the contract's form (most helpdesks): checked, and kept as written
            datetime.fromisoformat(value)
            return value
        except ValueError:
            pass  # e.g. a seventh fraction digit, or no such day: the full reading below says why
    epoch = [f for f in formats if f in (EPOCH_SECONDS, EPOCH_MILLISECONDS)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not epoch:
            raise DateError("a number, and no epoch format is accepted")
        return _from_epoch(float(value), zone, epoch[0])
    if not isinstance(value, str):
        raise DateError(f"a {type(value).__name__}, not a date")
    text = value.strip()
    match = _DATE.match(text)
    if match is None:
        if epoch and _DIGITS.match(text):
            return _from_epoch(float(text), zone, epoch[0])
        raise DateError("not a date in the accepted formats")
    _valid(*match.groups()[:6])
    offset = match.group("offset")
    base = "{}-{}-{}T{}:{}:{}".format(*match.groups()[:6]) + (match.group(7) or "")
    if offset is None:
        if LOCAL not in formats:
            raise DateError("no offset, and local times are not accepted (add local to date_formats)")
        return _localize(base, zone)
    if len(offset) == 5 and ":" not in offset:  # +0300
        if OFFSET_HHMM not in formats:
            raise DateError("an offset without colon, and offset-hhmm is not accepted")
        offset = offset[:3] + ":" + offset[3:]
    elif RFC3339 not in formats:
        raise DateError("an RFC 3339 date, and rfc3339 is not accepted")
    if offset in ("z", "Z"):
        offset = "Z"
    elif int(offset[1:3]) > 23 or int(offset[4:6]) > 59:
        raise DateError(f"the offset {offset} is out of range")
    return base + offset


def _localize(base: str, zone: ZoneInfo) -> str:
    """A wall-clock time in ``zone``, with that zone's offset at that moment."""
    fraction = ""
    if "." in base:
        base, fraction = base.split(".", 1)
        fraction = "." + fraction
    moment = datetime.fromisoformat(base).replace(tzinfo=zone)
    offset = moment.utcoffset()
    return base + fraction + (_offset_text(offset) or "Z")


def check_timezone(name: str) -> ZoneInfo:
    """The zone called ``name``; ValueError with a reason when there is none."""
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError) as exc:
        raise ValueError(f'"{name}" is not an IANA time zone ({type(exc).__name__})') from None
