"""What ``sevtriage serve`` is told at start-up: limits, timeouts, webhooks and their secrets.

Secrets are read once, at start-up, from an environment variable or a file
named on the command line (never from the command line itself: it shows in
``ps``), and are held in ``Secret`` objects whose ``repr`` never shows them, so
no log line or traceback can print one by accident.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sevtriage.serve.signatures import DEFAULT_REPLAY_WINDOW, SCHEMES, scheme_for
from sevtriage.tickets.inputs import DEFAULT_MAX_TICKET_BYTES
from sevtriage.wording import json_term

DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_TICKETS = 10_000


class SettingsError(ValueError):
    """A start-up option that cannot work; the message says which and why."""


class Secret:
    """A webhook secret: compared, never printed."""

    __slots__ = ("_value",)

    def __init__(self, value: bytes):
        self._value = value

    def reveal(self) -> bytes:
        return self._value

    def __repr__(self) -> str:
        return "Secret(***)"

    __str__ = __repr__


def read_secret(spec: str) -> Secret:
    """``env:NAME`` or ``file:PATH`` (the file's content, without its trailing newline)."""
    kind, _, where = spec.partition(":")
    if kind == "env" and where:
        value = os.environ.get(where)
        if not value:
            raise SettingsError(f"the environment variable {where} is not set or empty")
        return Secret(value.encode("utf-8"))
    if kind == "file" and where:
        try:
            text = Path(where).read_bytes().rstrip(b"\r\n")
        except OSError as error:
            raise SettingsError(f"cannot read the secret file {where}: {error.strerror}") from None
        if not text:
            raise SettingsError(f"the secret file {where} is empty")
        return Secret(text)
    raise SettingsError(f"a secret is named as env:VARIABLE or file:PATH, not {json_term(spec)}")


@dataclass(frozen=True)
class Webhook:
    """One ``/v1/webhooks/{name}`` route: its mapping, how calls are signed, and the secret."""

    name: str
    mapping: str             # a preset name or a mapping file, for load_mapping
    scheme: str              # a key of signatures.SCHEMES
    secret: Secret | None    # None: every call refused, unless allow_unsigned
    allow_unsigned: bool = False


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    rules: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_tickets: int = DEFAULT_MAX_TICKETS
    max_ticket_bytes: int = DEFAULT_MAX_TICKET_BYTES
    header_timeout: float = 10.0     # seconds to send the request line and headers
    body_timeout: float = 30.0       # seconds to send the whole body
    keep_alive: float = 5.0          # an idle keep-alive connection is closed after this
    drain_timeout: float = 30.0      # SIGTERM: requests in flight get this long to finish
    max_connections: int = 1024      # per worker; more get 503
    replay_window: float = DEFAULT_REPLAY_WINDOW
    webhooks: dict[str, Webhook] = field(default_factory=dict)


def webhook_settings(mappings: dict[str, str], secrets: dict[str, str], schemes: dict[str, str],
                     allow_unsigned: set[str], presets: list[str]) -> dict[str, Webhook]:
    """The webhook routes: every preset, plus each ``--webhook NAME=MAPPING``.

    A route with neither a secret nor ``--allow-unsigned`` refuses every call
    (401): signatures are on by default.
    """
    names = set(presets) | set(mappings)
    for option, given in (("--webhook-secret", secrets), ("--signing", schemes)):
        unknown = sorted(set(given) - names)
        if unknown:
            raise SettingsError(f"{option} names a webhook that does not exist: {', '.join(unknown)}")
    unknown = sorted(allow_unsigned - names)
    if unknown:
        raise SettingsError(f"--allow-unsigned names a webhook that does not exist: {', '.join(unknown)}")
    out: dict[str, Webhook] = {}
    for name in sorted(names):
        scheme = schemes.get(name, scheme_for(name))
        if scheme not in SCHEMES:
            raise SettingsError(f"--signing {name}={scheme}: the schemes are {', '.join(sorted(SCHEMES))}")
        secret = read_secret(secrets[name]) if name in secrets else None
        out[name] = Webhook(name, mappings.get(name, name), scheme, secret, name in allow_unsigned)
    return out
