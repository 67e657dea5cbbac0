"""ASGI middleware: body size limit, load shedding, metrics timing, security headers,
a request id, and the last line of defence against a 500 that says too much."""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.metrics import UNMATCHED_ROUTE, Metrics, method_label

log = logging.getLogger("piiguard.service")
REQUEST_ID_HEADER = b"x-request-id"

_SHED_PREFIXES = ("/v1/scan", "/v1/conversations", "/v1/redact", "/v1/audio")
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (
        b"content-security-policy",
        b"default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        b"frame-ancestors 'none'",
    ),
]


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body (chunked or lying about its length) grows past
    the limit. An HTTPException, because FastAPI re-raises those from body parsing
    (anything else it turns into a 400), so the app's handler answers 413."""

    def __init__(self, limit: int):
        super().__init__(413, f"the body may be at most {limit} bytes")


async def _send_error(
    send: Send, status: int, code: str, message: str, headers: list | None = None
) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class GuardrailsMiddleware:
    """Refuses oversized bodies (413) and sheds load (503) before any work is done;
    times every request into the metrics by route template; adds security headers."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        max_in_flight: int,
        metrics: Metrics,
        body_limits: dict[str, int] | None = None,
    ):
        self.app = app
        self.max_body = max_body_bytes
        # Larger limits for some path prefixes: a call recording outweighs a transcript.
        self.body_limits = body_limits or {}
        self.max_in_flight = max_in_flight
        self.metrics = metrics
        self._in_flight = 0
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_body = next(
            (n for p, n in self.body_limits.items() if scope["path"].startswith(p)), self.max_body
        )
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > max_body):
            await _send_error(
                send, 413, "payload_too_large", f"the body may be at most {max_body} bytes"
            )
            return
        sheddable = scope["path"].startswith(_SHED_PREFIXES)
        if sheddable:
            with self._lock:
                if self._in_flight >= self.max_in_flight:
                    self.metrics.shed.inc()
                    shed = True
                else:
                    self._in_flight += 1
                    shed = False
            if shed:
                await _send_error(
                    send,
                    503,
                    "overloaded",
                    "the service is at capacity; retry shortly",
                    [(b"retry-after", b"1")],
                )
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_body:
                    raise BodyTooLarge(max_body)
            return message

        status = 500
        started_response = False
        request_id = uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_headers(message: Message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                status = message["status"]
                started_response = True
                own = list(message.get("headers") or [])
                named = {name.lower() for name, _ in own}
                # A page may set a header of its own (the API viewers' CSP): it stands.
                message["headers"] = [
                    *own,
                    *(h for h in SECURITY_HEADERS if h[0] not in named),
                    (REQUEST_ID_HEADER, request_id.encode()),
                ]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if not started_response:
                status = 413
                await _send_error(
                    send, 413, "payload_too_large", f"the body may be at most {max_body} bytes"
                )
        except Exception as exc:
            # Caught here, inside Starlette's ServerErrorMiddleware, so that neither it nor
            # the server logs a traceback: an exception's message and locals may quote the
            # request. One line: the class, the route template and the request id.
            route = getattr(scope.get("route"), "path", UNMATCHED_ROUTE)
            log.error("unhandled %s on %s (request %s)", type(exc).__name__, route, request_id)
            if not started_response:
                status = 500
                await _send_error(
                    send,
                    500,
                    "internal_error",
                    f"internal error; quote request id {request_id} to the operator",
                    [(REQUEST_ID_HEADER, request_id.encode()), *SECURITY_HEADERS],
                )
        finally:
            if sheddable:
                with self._lock:
                    self._in_flight -= 1
            route = scope.get("route")
            template = getattr(route, "path", UNMATCHED_ROUTE)
            self.metrics.http.labels(template, method_label(scope["method"]), str(status)).inc()
            self.metrics.http_seconds.labels(template).observe(time.perf_counter() - started)
