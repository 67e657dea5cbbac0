"""Every error is JSON ``{"error": {"code": ..., "message": ...}}``; none echoes input."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.ratelimit import LimiterUnavailable

log = logging.getLogger("piiguard.service")

RETRY_AFTER_SECONDS = "5"
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    503: "unavailable",
}


class ApiError(Exception):
    """An error with a status, a stable code and a message safe to show."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}}, status_code=status, headers=headers
    )


def _validation_message(exc: RequestValidationError) -> str:
    """Where and what, never the offending value (it may be a card number)."""
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        parts.append(f"{loc or 'body'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(LimiterUnavailable)
    async def _limiter_down(_: Request, __: Exception) -> JSONResponse:
        # Refused rather than let through uncounted: the limit is a promise to operators.
        return error_response(
            503,
            "unavailable",
            "the rate-limit store is unavailable; retry later",
            {"Retry-After": RETRY_AFTER_SECONDS},
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(DBAPIError)
    async def _database_down(_: Request, exc: Exception) -> JSONResponse:
        log.error("database unavailable", extra={"error": type(exc).__name__})
        return error_response(
            503,
            "unavailable",
            "the database is unavailable; retry later",
            {"Retry-After": RETRY_AFTER_SECONDS},
        )

    # Any other exception is answered (500, with the request id) and logged in one line
    # by GuardrailsMiddleware, so that no traceback quoting the request is written.
