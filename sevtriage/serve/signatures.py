"""Webhook signature checks, one per helpdesk signing scheme: pure functions, no I/O.

Each check takes the secret, the raw body (the exact bytes received: a
re-serialised body would not match), the request's headers (lower-case names)
and the current time, and raises ``SignatureError`` with a reason that never
contains the secret or the signature itself. Every comparison of a computed
signature with a received one goes through ``hmac.compare_digest``
(constant-time).

Schemes, as the vendors document them:

- ``zendesk``: ``X-Zendesk-Webhook-Signature`` = base64(HMAC-SHA256(secret,
  timestamp + body)) with ``X-Zendesk-Webhook-Signature-Timestamp`` (ISO 8601,
  e.g. ``2026-11-30T09:00:00Z``); a timestamp outside the replay window is refused.
- ``zammad``: ``X-Hub-Signature: sha1=<hex HMAC-SHA1(secret, body)>``.
- ``glpi`` (GLPI 11 webhooks): ``X-GLPI-signature`` = hex(HMAC-SHA256(secret,
  body + timestamp)) with ``X-GLPI-timestamp`` (Unix seconds); replay window.
- ``jira`` (Jira Cloud webhooks registered with a secret):
  ``X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, body)>``.
- ``token``: for helpdesks that do not sign (Freshdesk, Znuny, Jira automation
  rules): a shared secret sent as ``X-Sevtriage-Token`` (a custom header each of
  them can add), compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

DEFAULT_REPLAY_WINDOW = 300.0  # seconds either side of now, as Zendesk's own examples use
TOKEN_HEADER = "x-sevtriage-token"


class SignatureError(Exception):
    """The call is unsigned, badly signed or replayed: answer 401, say why (never the secret)."""


Check = Callable[[bytes, bytes, Mapping[str, str], float, float], None]


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if not value:
        raise SignatureError(f"missing header {name}")
    return value.strip()


def _same(expected: str, received: str) -> None:
    # compare_digest on bytes: str arguments must be ASCII, and a received header may not be
    if not hmac.compare_digest(expected.encode("ascii"), received.encode("utf-8", "replace")):
        raise SignatureError("signature does not match")


def _within_window(moment: float, now: float, window: float) -> None:
    if abs(now - moment) > window:
        raise SignatureError(f"timestamp outside the replay window of {window:g} s")


def _iso_seconds(text: str) -> float:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise SignatureError("timestamp is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def check_zendesk(secret: bytes, body: bytes, headers: Mapping[str, str], now: float,
                  window: float = DEFAULT_REPLAY_WINDOW) -> None:
    signature = _header(headers, "x-zendesk-webhook-signature")
    stamp = _header(headers, "x-zendesk-webhook-signature-timestamp")
    digest = hmac.new(secret, stamp.encode("utf-8") + body, hashlib.sha256).digest()
    _same(base64.b64encode(digest).decode("ascii"), signature)
    _within_window(_iso_seconds(stamp), now, window)  # after the check: the timestamp is signed


def _hub(secret: bytes, body: bytes, headers: Mapping[str, str], algorithm: str) -> None:
    value = _header(headers, "x-hub-signature")
    prefix, _, received = value.partition("=")
    if prefix.lower() != algorithm or not received:
        raise SignatureError(f"X-Hub-Signature is not of the form {algorithm}=<hex>")
    _same(hmac.new(secret, body, algorithm).hexdigest(), received.lower())


def check_zammad(secret: bytes, body: bytes, headers: Mapping[str, str], now: float,
                 window: float = DEFAULT_REPLAY_WINDOW) -> None:
    _hub(secret, body, headers, "sha1")


def check_jira(secret: bytes, body: bytes, headers: Mapping[str, str], now: float,
               window: float = DEFAULT_REPLAY_WINDOW) -> None:
    _hub(secret, body, headers, "sha256")


def check_glpi(secret: bytes, body: bytes, headers: Mapping[str, str], now: float,
               window: float = DEFAULT_REPLAY_WINDOW) -> None:
    signature = _header(headers, "x-glpi-signature")
    stamp = _header(headers, "x-glpi-timestamp")
    _same(hmac.new(secret, body + stamp.encode("utf-8"), hashlib.sha256).hexdigest(), signature.lower())
    try:
        moment = float(int(stamp))
    except ValueError:
        raise SignatureError("X-GLPI-timestamp is not Unix seconds") from None
    _within_window(moment, now, window)


def check_token(secret: bytes, body: bytes, headers: Mapping[str, str], now: float,
                window: float = DEFAULT_REPLAY_WINDOW) -> None:
    token = _header(headers, TOKEN_HEADER)
    if not hmac.compare_digest(secret, token.encode("utf-8", "replace")):
        raise SignatureError("token does not match")


SCHEMES: dict[str, Check] = {
    "zendesk": check_zendesk,
    "zammad": check_zammad,
    "glpi": check_glpi,
    "jira": check_jira,
    "token": check_token,
}


def scheme_for(preset: str) -> str:
    """The signing scheme a helpdesk uses; helpdesks that do not sign use a shared token."""
    return preset if preset in SCHEMES else "token"


def verify(scheme: str, secret: bytes, body: bytes, headers: Mapping[str, str], now: float,
           window: float = DEFAULT_REPLAY_WINDOW) -> None:
    """Raise ``SignatureError`` unless ``body`` was signed with ``secret`` under ``scheme``."""
    SCHEMES[scheme](secret, body, headers, now, window)


# Signing, for tests, the load test and users checking their set-up: the same formulas.

def sign(scheme: str, secret: bytes, body: bytes, now: float) -> dict[str, str]:
    """The headers a helpdesk using ``scheme`` would send with ``body`` at time ``now``."""
    if scheme == "zendesk":
        stamp = datetime.fromtimestamp(int(now), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        digest = hmac.new(secret, stamp.encode() + body, hashlib.sha256).digest()
        return {"X-Zendesk-Webhook-Signature": base64.b64encode(digest).decode("ascii"),
                "X-Zendesk-Webhook-Signature-Timestamp": stamp}
    if scheme == "zammad":
        return {"X-Hub-Signature": "sha1=" + hmac.new(secret, body, hashlib.sha1).hexdigest()}
    if scheme == "jira":
        return {"X-Hub-Signature": "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()}
    if scheme == "glpi":
        stamp = str(int(now))
        return {"X-GLPI-signature": hmac.new(secret, body + stamp.encode(), hashlib.sha256).hexdigest(),
                "X-GLPI-timestamp": stamp}
    if scheme == "token":
        return {"X-Sevtriage-Token": secret.decode("utf-8")}
    raise KeyError(scheme)
