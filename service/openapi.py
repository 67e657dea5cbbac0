"""The API document and its viewers, served offline from this origin.

``/docs`` (Swagger UI) and ``/redoc`` load their scripts and styles from the
``fastapi-offline`` package's copies, under ``/docs/assets/``: nothing is fetched from a
CDN at run time, and the pages work under the service's Content-Security-Policy (no
inline script; the start-up script is a file in ``service/docs``).

``/openapi.json`` is FastAPI's document, finished here so that it says what the service
does: the API key as a bearer security scheme; every operation's error responses
(401, 403, 404, 409, 413, 422, 429, 503 where they can happen) with the ``{"error":
{...}}`` body the service really sends (FastAPI's ``{"detail": [...]}`` is never sent, so
it is not documented); a Chinese and an English example for every request body. The
security schemes themselves are declared where keys are read (``service.deps``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.routing import APIRoute

from service.errors import ApiError
from service.schemas import ErrorOut

DOCS_DIR = Path(__file__).resolve().parent / "docs"
_ASSETS = Path(str(files("fastapi_offline") / "static"))
# A fixed list: the asset route never turns a request path into a file path.
ASSETS: dict[str, tuple[Path, str]] = {
    "swagger-ui.css": (_ASSETS / "swagger-ui.css", "text/css"),
    "swagger-ui-bundle.js": (_ASSETS / "swagger-ui-bundle.js", "text/javascript"),
    "redoc.standalone.js": (_ASSETS / "redoc.standalone.js", "text/javascript"),
    "favicon.png": (_ASSETS / "favicon.png", "image/png"),
    "swagger-init.js": (DOCS_DIR / "swagger-init.js", "text/javascript"),
}
# The viewers style their widgets with inline styles and ReDoc searches in a blob:
# worker; scripts still come from this origin only. These pages hold no user data.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"
)

ERROR_SCHEMA = "ErrorOut"

_ERRORS: dict[int, tuple[str, str, str]] = {
    # status: (what it means, an example code, an example message)
    401: ("No key, or not a live key.", "unauthorized", "a valid API key is required"),
    403: (
        "The key's role may not do this.",
        "forbidden",
        "this key's role (ingest) may not do this",
    ),
    404: ("No such session or key.", "not_found", "no such session"),
    409: (
        "The conversation is taken by another request or exists with other content; "
        "retry or use another id.",
        "conflict",
        "the conversation is busy; retry",
    ),
    413: (
        "The body, a turn or the text is over its limit.",
        "payload_too_large",
        "the body may be at most 2000000 bytes",
    ),
    422: (
        "The request does not have the documented shape; the message names the field, "
        "never its value.",
        "invalid_request",
        "turns.0.speaker: Input should be 'agent', 'customer' or 'system'",
    ),
    429: (
        "The key made its limit of requests in the last 60 seconds; see Retry-After.",
        "rate_limited",
        "too many requests for this key; slow down",
    ),
    503: (
        "At capacity, or the database or rate-limit store is unavailable; see Retry-After.",
        "unavailable",
        "the database is unavailable; retry later",
    ),
}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds to wait before retrying",
        "schema": {"type": "integer", "minimum": 1},
    }
}
_WWW_AUTHENTICATE = {
    "WWW-Authenticate": {"description": "always `Bearer`", "schema": {"type": "string"}}
}

# Operations that look up something named in their path (404), and those that can meet
# another request on the same conversation or an id already taken (409).
NOT_FOUND = {
    ("get", "/v1/sessions/{session_id}"),
    ("post", "/v1/sessions/{session_id}/review"),
    ("delete", "/v1/sessions/{session_id}"),
    ("delete", "/v1/keys/{prefix}"),
}
CONFLICT = {
    ("post", "/v1/scan"),
    ("post", "/v1/conversations/{conversation_id}/turns"),
    ("post", "/v1/conversations/{conversation_id}/stream"),
}
# Paths that shed load with 503 before any key is checked (see GuardrailsMiddleware).
_SHED_PREFIXES = ("/v1/scan", "/v1/conversations", "/v1/redact")

# Request body examples: written for the document, none taken from any data set.
_EXAMPLES: dict[str, dict[str, dict[str, Any]]] = {
    "TranscriptIn": {
        "zh": {
            "summary": "电话客服：客户念出卡号，坐席索要验证码",
            "value": {
                "id": "call-2026-0117-zh",
                "channel": "call",
                "language": "zh",
                "turns": [
                    {"speaker": "agent", "text": "您好，这里是客服中心，请问有什么可以帮您？"},
                    {
                        "speaker": "customer",
                        "text": "我的卡号是六二二八 四八零零 一二三四 五六七八",
                    },
                    {"speaker": "agent", "text": "好的，请把手机收到的验证码告诉我。"},
                ],
            },
        },
        "en": {
            "summary": "Chat: a customer shares an e-mail address",
            "value": {
                "id": "chat-2026-0117-en",
                "channel": "chat",
                "language": "en",
                "turns": [
                    {"speaker": "customer", "text": "Hi, my order never arrived."},
                    {"speaker": "agent", "text": "Sorry to hear that. What e-mail is it under?"},
                    {"speaker": "customer", "text": "It's dana.w@example.org"},
                ],
            },
        },
    },
    "ConversationTurnIn": {
        "zh": {
            "summary": "实时通话的一句（带时间）",
            "value": {
                "speaker": "customer",
                "text": "身份证号是 11010519491231002X",
                "start": 12.4,
                "end": 16.9,
                "channel": "call",
                "language": "zh",
            },
        },
        "en": {
            "summary": "One live chat turn",
            "value": {"speaker": "agent", "text": "Could you read me the code we just sent?"},
        },
    },
    "RedactIn": {
        "zh": {
            "summary": "一段中文",
            "value": {"text": "请回拨 138 0013 8000，谢谢", "language": "zh"},
        },
        "en": {"summary": "English text", "value": {"text": "my PIN is 2580, card ends 4242"}},
    },
    "ReviewIn": {
        "zh": {
            "summary": "确认诈骗",
            "value": {"disposition": "confirmed_scam", "note": "冒充银行风控，诱导转账"},
        },
        "en": {
            "summary": "A false alarm",
            "value": {"disposition": "false_positive", "note": "order number, not a card"},
        },
    },
    "KeyCreateIn": {
        "zh": {"summary": "质检组的审核密钥", "value": {"role": "reviewer", "name": "质检组-张三"}},
        "en": {
            "summary": "A key for the chat platform",
            "value": {"role": "ingest", "name": "chat"},
        },
    },
}
_NDJSON_EXAMPLES = {
    "zh": {
        "summary": "两句，每行一句",
        "value": '{"speaker": "agent", "text": "请问您的手机号？"}\n'
        '{"speaker": "customer", "text": "一三九 零零零零 四四五五"}\n',
    },
    "en": {
        "summary": "Two turns, one a line",
        "value": '{"speaker": "agent", "text": "How can I help?"}\n'
        '{"speaker": "customer", "text": "My SSN is 078-05-1120"}\n',
    },
}

# Multipart bodies, by operation: their schema is generated per route, so they are named
# by the operation. The call-recording upload comes from the audio branch; until the
# branches meet this entry has no operation to attach to.
_FORM_EXAMPLES: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("post", "/v1/audio/redact"): {
        "zh": {
            "summary": "中文通话录音和它的文字稿",
            "value": {
                "audio": "(the recording: call-zh.wav)",
                "transcript": '{"id": "call-zh-0117", "channel": "call", "language": "zh", '
                '"turns": [{"speaker": "customer", "text": "验证码是七三九一", '
                '"start": 3.2, "end": 5.0}]}',
                "mode": "beep",
                "channel_map": "agent=left,customer=right",
            },
        },
        "en": {
            "summary": "An English call, by its stored conversation id",
            "value": {
                "audio": "(the recording: call-en.flac)",
                "conversation_id": "call-en-0117",
                "mode": "silence",
                "pad": 0.2,
            },
        },
    },
}


def install(app: FastAPI) -> None:
    """Serve /docs, /redoc and their assets, and finish /openapi.json."""
    swagger = (DOCS_DIR / "swagger.html").read_text(encoding="utf-8")
    redoc = (DOCS_DIR / "redoc.html").read_text(encoding="utf-8")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(swagger, headers={"Content-Security-Policy": DOCS_CSP})

    @app.get("/redoc", include_in_schema=False)
    def redoc_ui() -> HTMLResponse:
        return HTMLResponse(redoc, headers={"Content-Security-Policy": DOCS_CSP})

    @app.get("/docs/assets/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        if name not in ASSETS:
            raise ApiError(404, "not_found", "no such asset")
        path, media_type = ASSETS[name]
        # Cached for a day: the files change only with an upgrade.
        return FileResponse(path, media_type=media_type, headers={"Cache-Control": "max-age=86400"})

    app.openapi = _document_builder(app)  # type: ignore[method-assign]


def _document_builder(app: FastAPI) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = finish(document, _route_facts(app))
        return app.openapi_schema

    return build


def _route_facts(app: FastAPI) -> dict[tuple[str, str], tuple[str, ...] | None]:
    """(method, path) -> the roles allowed, or None when any key (or none) will do."""
    facts = {}
    for route in _api_routes(app.routes):
        roles = _roles_of(route.dependant)
        for method in route.methods:
            facts[(method.lower(), route.path_format)] = roles
    return facts


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    out = []
    for route in routes:
        nested = getattr(getattr(route, "original_router", None), "routes", None)
        if nested is not None:
            out.extend(_api_routes(nested))
        elif isinstance(route, APIRoute):
            out.append(route)
    return out


def _roles_of(dependant: Any) -> tuple[str, ...] | None:
    for dep in dependant.dependencies:
        roles = getattr(dep.call, "roles", None)
        if roles is not None:
            return tuple(roles)
        found = _roles_of(dep)
        if found is not None:
            return found
    return None


def finish(
    document: dict[str, Any], facts: dict[tuple[str, str], tuple[str, ...] | None]
) -> dict[str, Any]:
    """The document with its error responses and examples (a new dict)."""
    doc = copy.deepcopy(document)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas.update(_error_schemas())
    for path, operations in doc.get("paths", {}).items():
        for method, operation in operations.items():
            roles = facts.get((method, path))
            _finish_operation(method, path, operation, "security" in operation, roles)
    return doc


def _error_schemas() -> dict[str, Any]:
    schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    defs = schema.pop("$defs", {})
    return {ERROR_SCHEMA: schema, **defs}


def _finish_operation(
    method: str, path: str, operation: dict[str, Any], keyed: bool, roles: tuple[str, ...] | None
) -> None:
    body = operation.get("requestBody")
    statuses: set[int] = set()
    if keyed:
        statuses |= {401, 429, 503}
        if roles:
            statuses.add(403)
    if body is not None:
        statuses |= {413, 422}
        _add_examples(body, _FORM_EXAMPLES.get((method, path)))
    if operation.get("parameters"):
        statuses.add(422)
    if (method, path) in NOT_FOUND:
        statuses.add(404)
    if (method, path) in CONFLICT:
        statuses.add(409)
    if path.startswith(_SHED_PREFIXES):
        statuses.add(503)
    responses = operation.setdefault("responses", {})
    responses.pop("422", None)  # FastAPI's {"detail": [...]}, never sent
    for status in sorted(statuses):
        responses[str(status)] = _error_response(status, roles)


def _error_response(status: int, roles: tuple[str, ...] | None) -> dict[str, Any]:
    meaning, code, message = _ERRORS[status]
    if status == 403 and roles:
        meaning = f"{meaning} Allowed roles: {', '.join(roles)}."
    response: dict[str, Any] = {
        "description": meaning,
        "content": {
            "application/json": {
                "schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"},
                "example": {"error": {"code": code, "message": message}},
            }
        },
    }
    if status in (429, 503):
        response["headers"] = _RETRY_AFTER
    if status == 401:
        response["headers"] = _WWW_AUTHENTICATE
    return response


def _add_examples(body: dict[str, Any], form_examples: dict[str, Any] | None) -> None:
    for media_type, content in body.get("content", {}).items():
        if media_type == "application/x-ndjson":
            content["examples"] = _NDJSON_EXAMPLES
            continue
        if media_type == "multipart/form-data" and form_examples:
            content["examples"] = form_examples
            continue
        ref = content.get("schema", {}).get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        if name in _EXAMPLES:
            content["examples"] = _EXAMPLES[name]
