"""The HTTP API: routes, limits and the per-request bookkeeping (request id, metrics, logs).

Limits are checked before work is done: a wrong content type (415) and a
declared length over the limit (413) before the body is read, a body that
grows past the limit (413) or is sent too slowly (408) while it is read, too
many tickets (413) before any is classified. Any exception a request raises is
answered with 500 and logged by type and place; the worker goes on serving.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sevtriage.serve import logs
from sevtriage.serve.bodies import TooManyTickets, classify_body
from sevtriage.serve.metrics import CONTENT_TYPE as METRICS_TYPE
from sevtriage.serve.state import ServeState
from sevtriage.serve.webhooks import webhook_response
from sevtriage.wording import json_term

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

JSON_TYPES = frozenset({"application/json", "application/x-ndjson", "application/jsonl",
                        "application/x-jsonl", "application/jsonlines", "application/x-jsonlines",
                        "application/json-lines"})
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
NDJSON = "application/x-ndjson"
ROUTES = ("/v1/classify", "/healthz", "/readyz", "/v1/policy", "/metrics")
TRUE = frozenset({"1", "true", "yes"})
FALSE = frozenset({"", "0", "false", "no"})


class RequestFailure(Exception):
    """A request refused as a whole: its status and a request error (not a ticket's error record)."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def failure_response(status: int, code: str, message: str, request_id: str,
                     headers: dict[str, str] | None = None) -> Response:
    body = orjson.dumps({"error": {"code": code, "message": message}, "request_id": request_id}) + b"\n"
    return Response(body, status, headers=headers, media_type="application/json")


def request_id(request: Request) -> str:
    return str(request.scope["state"]["request_id"])


def route_of(path: str) -> str:
    """The route template a path falls under: bounded label values for the metrics."""
    if path in ROUTES:
        return path
    if path.startswith("/v1/webhooks/"):
        return "/v1/webhooks/{preset}"
    return "other"


def check_content_type(request: Request) -> None:
    value = request.headers.get("content-type", "")
    media = value.split(";", 1)[0].strip().lower()
    if media not in JSON_TYPES and not (media.startswith("application/") and media.endswith("+json")):
        shown = media or "none"
        raise RequestFailure(415, "unsupported_media_type",
                             f"content type {json_term(shown[:80])}: send application/json or application/x-ndjson")


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The whole body, or 413 past ``limit`` bytes, or 408 if it takes longer than ``timeout``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise RequestFailure(413, "body_too_large", f"the body is longer than {limit} bytes (--max-body-bytes)")
    parts: list[bytes] = []
    size = 0

    async def collect() -> None:
        nonlocal size
        async for part in request.stream():
            size += len(part)
            if size > limit:
                raise RequestFailure(413, "body_too_large",
                                     f"the body is longer than {limit} bytes (--max-body-bytes)")
            parts.append(part)

    try:
        await asyncio.wait_for(collect(), timeout)
    except TimeoutError:
        raise RequestFailure(408, "body_timeout", f"the body took longer than {timeout:g} s to arrive") from None
    return b"".join(parts)


def explain_requested(request: Request) -> bool:
    """``?explain=``: a value that is neither true nor false is refused, not read as false."""
    value = request.query_params.get("explain", "").lower()
    if value not in TRUE | FALSE:
        raise RequestFailure(400, "bad_query", f"explain takes true or false, not {json_term(value[:40])}")
    return value in TRUE


# A payload holding no ticket ({"tickets": []}) gives no record: this header counts them (and the log).
EMPTY_PAYLOADS = "X-Sevtriage-Empty-Payloads"


def build_app(state: ServeState) -> ASGIApp:
    settings = state.settings

    async def classify(request: Request) -> Response:
        check_content_type(request)
        body = await read_body(request, settings.max_body_bytes, settings.body_timeout)
        explain = explain_requested(request)
        try:
            result = await state.classify(lambda classifier: classify_body(
                classifier, body, settings.max_ticket_bytes, settings.max_tickets, explain))
        except TooManyTickets as error:
            raise RequestFailure(413, "too_many_tickets", str(error)) from None
        state.metrics.count_records(result.levels, result.errors)
        log: dict[str, object] = {"tickets": result.records, "error_records": sum(result.errors.values())}
        headers = {"X-Sevtriage-Error-Records": str(sum(result.errors.values()))}
        if result.empty_payloads:  # no record for them: said here, as classify says it on stderr
            log["empty_payloads"] = result.empty_payloads
            headers[EMPTY_PAYLOADS] = str(result.empty_payloads)
        request.scope["state"]["log"] = log
        media = "application/json" if result.records == 1 else NDJSON
        return Response(result.body, result.status, media_type=media, headers=headers)

    async def webhook(request: Request) -> Response:
        name = request.path_params["preset"]
        hook = settings.webhooks.get(name)
        if hook is None or name not in state.mappings:
            raise RequestFailure(404, "unknown_webhook", f"no webhook named {json_term(name[:80])}")
        check_content_type(request)
        body = await read_body(request, settings.max_body_bytes, settings.body_timeout)
        explain = explain_requested(request)
        response = await webhook_response(state, hook, state.mappings[name], body,
                                          {k.lower(): v for k, v in request.headers.items()}, explain)
        request.scope["state"]["log"] = {"webhook": name, **response.log}
        if response.status == 401:
            state.metrics.webhook_rejections.labels(name).inc()
            return failure_response(401, "unauthorized", response.reason, request_id(request),
                                    {"WWW-Authenticate": f'Signature realm="{name}"'})
        state.metrics.count_records(response.levels, response.errors)
        headers = {EMPTY_PAYLOADS: str(response.empty_payloads)} if response.empty_payloads else None
        return Response(response.body, response.status, media_type="application/json", headers=headers)

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}\n', media_type="application/json")

    async def readyz(request: Request) -> Response:
        if not state.ready:
            return Response(b'{"status":"not ready"}\n', 503, media_type="application/json")
        return Response(orjson.dumps({"status": "ready", "policy": state.policy.identity()}) + b"\n",
                        media_type="application/json")

    async def policy(request: Request) -> Response:
        return Response(orjson.dumps(state.policy_document()) + b"\n", media_type="application/json")

    async def metrics(request: Request) -> Response:
        return Response(state.metrics.exposition(), media_type=METRICS_TYPE)

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestFailure)
        return failure_response(exc.status, exc.code, exc.message, request_id(request))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return failure_response(exc.status_code, code, str(exc.detail), request_id(request),
                                dict(exc.headers or {}))

    async def crashed(request: Request, exc: Exception) -> Response:
        # Starlette sends this, then re-raises for ``Observed`` to log
        rid = request_id(request)
        return failure_response(500, "internal_error", f"internal error (request {rid}, see the server log)", rid)

    handlers = {RequestFailure: refused, HTTPException: http_error, Exception: crashed}
    app = Starlette(exception_handlers=handlers, routes=[
        Route("/v1/classify", classify, methods=["POST"]),
        Route("/v1/webhooks/{preset}", webhook, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/v1/policy", policy, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ])
    return Observed(app, state)


class Observed:
    """Around every request: a request id, refusals as JSON, a 500 for any crash, metrics and a log line."""

    def __init__(self, app: ASGIApp, state: ServeState):
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})
        scope["state"]["request_id"] = rid
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode("ascii"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except RequestFailure as failure:
            if not response_started:
                await failure_response(failure.status, failure.code, failure.message, rid)(scope, receive, send_with_id)
            status = failure.status
        except Exception:
            logs.event("request_failed", logging.ERROR, exc_info=True, request_id=rid, route=route_of(scope["path"]))
            if not response_started:
                await failure_response(500, "internal_error", f"internal error (request {rid}, see the server log)",
                                       rid)(scope, receive, send_with_id)
        elapsed = time.perf_counter() - started
        route = route_of(scope["path"])
        self.state.metrics.observe(route, scope["method"], status, elapsed)
        if route != "/metrics" and route not in ("/healthz", "/readyz"):
            logs.event("request", request_id=rid, method=scope["method"], route=route, status=status,
                       duration_ms=round(elapsed * 1000, 3), **scope["state"].get("log", {}))
