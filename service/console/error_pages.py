"""Errors inside the console as HTML pages in the reader's language (the JSON API keeps
its JSON errors). Installed over the app's handlers: a request under /console gets a page,
any other the handler that was there before. An unexpected exception in a console route
is caught by ``ConsoleRoute`` (before the middleware's JSON 500) and answered with a page
carrying the request id; like the middleware, it logs one line without the message."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.console import i18n
from service.errors import ApiError
from service.ratelimit import LimiterUnavailable

log = logging.getLogger("piiguard.service")
PREFIX = "/console"


def N_(message: str) -> str:  # noqa: N802 - marks a msgid for extraction
    return message


_TEXTS = {
    400: (N_("Bad request"), N_("The request was not valid; go back and try again.")),
    403: (N_("Not allowed"), N_("Your key may not open this page.")),
    404: (N_("Not found"), N_("There is no such page or session.")),
    405: (N_("Not allowed"), N_("This page cannot be used that way.")),
    413: (N_("Too large"), N_("What was sent is too large.")),
    422: (N_("Bad request"), N_("The request was not valid; go back and try again.")),
    429: (N_("Too many requests"), N_("Too many attempts; wait a minute and try again.")),
    500: (
        N_("Something went wrong"),
        N_("Something went wrong on our side. Quote the request id below to the operator."),
    ),
    503: (N_("Unavailable"), N_("The service is unavailable right now; try again shortly.")),
}


def language_of(request: Request) -> i18n.Language:
    code = i18n.choose(request.cookies.get(i18n.COOKIE), request.headers.get("accept-language"))
    return i18n.LANGUAGE_SET.get(code)


def page(request: Request, status: int, headers: dict[str, str] | None = None) -> HTMLResponse:
    """The error page for ``status``; says nothing about the request beyond its id."""
    language = language_of(request)
    heading, message = _TEXTS.get(status, _TEXTS[500] if status >= 500 else _TEXTS[400])
    request_id = getattr(request.state, "request_id", None) if status >= 500 else None
    response = language.templates.TemplateResponse(
        request,
        "error.html",
        {
            "viewer": None,
            "csrf": None,
            "status": status,
            "heading": language.gettext(heading),
            "message": language.gettext(message),
            "request_id": request_id,
        },
        status_code=status,
        headers=headers,
    )
    return response


def _in_console(request: Request) -> bool:
    return request.url.path == PREFIX or request.url.path.startswith(PREFIX + "/")


class SignIn(Exception):
    """Not signed in: the app's handler redirects to the sign-in page."""


Handler = Callable[[Request, Exception], Awaitable[Response]]


def install(app: FastAPI) -> None:
    """Wrap the app's handlers for the errors a console page can meet (call after
    ``service.errors.install``)."""
    statuses: dict[type[Exception], Callable[[Exception], tuple[int, dict[str, str] | None]]] = {
        ApiError: lambda e: (e.status, e.headers),  # type: ignore[attr-defined]
        StarletteHTTPException: lambda e: (e.status_code, getattr(e, "headers", None)),  # type: ignore[attr-defined]
        RequestValidationError: lambda e: (422, None),
        LimiterUnavailable: lambda e: (503, None),
        DBAPIError: lambda e: (503, None),
    }
    for kind, status_of in statuses.items():
        before: Handler | None = app.exception_handlers.get(kind)  # type: ignore[assignment]
        if before is None:
            continue
        app.add_exception_handler(kind, _wrapped(before, status_of))


def _wrapped(
    before: Handler, status_of: Callable[[Exception], tuple[int, dict[str, str] | None]]
) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if not _in_console(request):
            return await before(request, exc)
        if isinstance(exc, DBAPIError):
            log.error("database unavailable", extra={"error": type(exc).__name__})
        status, headers = status_of(exc)
        return page(request, status, headers)

    return handle


class ConsoleRoute(APIRoute):
    """A console route whose unexpected failure is answered by the HTML 500 page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except (
                SignIn,
                ApiError,
                StarletteHTTPException,
                RequestValidationError,
                LimiterUnavailable,
                DBAPIError,
            ):
                raise  # the app's handlers answer these
            except Exception as exc:  # noqa: BLE001 - the last line of defence, logged
                route = getattr(request.scope.get("route"), "path", self.path)
                request_id = getattr(request.state, "request_id", "-")
                log.error("unhandled %s on %s (request %s)", type(exc).__name__, route, request_id)
                return page(request, 500)

        return guarded
