"""``POST /v1/webhooks/{name}``: check the call's signature, map the helpdesk's payload, classify.

The signature is checked on the raw body before anything is parsed: an
unsigned, badly signed or replayed call costs one HMAC and gets 401. A
webhook without a configured secret refuses every call unless it was started
with ``--allow-unsigned NAME``. The payload is then read as a body of
``/v1/classify`` is (so a broken payload is the same error record), mapped to
contract tickets by the helpdesk's mapping, and classified on the classifier's
thread; the response holds one JSON line per ticket of the payload.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sevtriage.serve.bodies import classify_body
from sevtriage.serve.settings import Webhook
from sevtriage.serve.signatures import SignatureError, verify
from sevtriage.tickets.mapping import Mapping as HelpdeskMapping

if TYPE_CHECKING:
    from sevtriage.serve.state import ServeState


@dataclass
class WebhookResponse:
    status: int
    body: bytes = b""
    reason: str = ""
    levels: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    log: dict[str, object] = field(default_factory=dict)
    empty_payloads: int = 0


def check_signature(hook: Webhook, body: bytes, headers: Mapping[str, str], replay_window: float,
                    now: float | None = None) -> str | None:
    """Why the call is refused, or None when it may go on."""
    if hook.secret is None:
        if hook.allow_unsigned:
            return None
        return "this webhook has no secret configured (--webhook-secret), so every call is refused"
    try:
        verify(hook.scheme, hook.secret.reveal(), body, headers, time.time() if now is None else now, replay_window)
    except SignatureError as error:
        return str(error)
    return None


async def webhook_response(state: ServeState, hook: Webhook, mapping: HelpdeskMapping, body: bytes,
                           headers: Mapping[str, str], explain: bool) -> WebhookResponse:
    reason = check_signature(hook, body, headers, state.settings.replay_window)
    if reason is not None:
        return WebhookResponse(401, reason=reason, log={"refused": reason})
    settings = state.settings
    result = await state.classify(lambda classifier: classify_body(
        classifier, body, settings.max_ticket_bytes, settings.max_tickets, explain, mapping))
    log: dict[str, object] = {"tickets": result.records, "error_records": sum(result.errors.values())}
    if result.empty_payloads:
        log["empty_payloads"] = result.empty_payloads
    return WebhookResponse(result.status, result.body, levels=result.levels, errors=result.errors, log=log,
                           empty_payloads=result.empty_payloads)
