"""Ingest routes: whole transcripts, live turns, plain-text redaction (role ``ingest``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from service import ingest
from service.deps import GuardDep, IngestKey, RunnerDep, SessionFactory, SettingsDep
from service.errors import ApiError
from service.schemas import (
    CONVERSATION_ID_PATTERN,
    CONVERSATION_ID_RULE,
    ConversationTurnIn,
    RedactIn,
    RedactOut,
    ScanResultOut,
    TranscriptIn,
    TurnResultOut,
)

router = APIRouter(prefix="/v1", tags=["ingest"])
ConversationId = Annotated[
    str, Path(pattern=CONVERSATION_ID_PATTERN, description=CONVERSATION_ID_RULE)
]


# Results are returned as the library serialises them, so the API answers with exactly
# the object `piiguard scan` writes; the models document the shape in OpenAPI.
@router.post("/scan", response_class=JSONResponse, responses={200: {"model": ScanResultOut}})
def scan(
    body: TranscriptIn,
    guard: GuardDep,
    runner: RunnerDep,
    sessions: SessionFactory,
    settings: SettingsDep,
    _: IngestKey,
) -> JSONResponse:
    """A whole transcript -> the contract scan result; stores the redacted transcript.

    An id is stored once: the same transcript again answers the stored result (nothing is
    rescanned), a different one, or an id taken by ``/turns``, answers 409
    ``conversation_exists`` and changes nothing.
    """
    ingest.check_limits(body.turns, settings.max_turns, settings.max_turn_chars)
    return JSONResponse(ingest.scan_transcript(guard, runner, sessions, body).to_dict())


@router.post(
    "/conversations/{conversation_id}/turns",
    response_class=JSONResponse,
    responses={200: {"model": TurnResultOut}},
)
async def take_turn(
    conversation_id: ConversationId,
    body: ConversationTurnIn,
    request: Request,
    _: IngestKey,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> Response:
    """One live turn -> its decision and the conversation's risk so far.

    Send an ``Idempotency-Key`` to make a retry safe: the same key with the same body
    returns the stored decision instead of taking the turn twice; with a different body it
    is refused (422 ``idempotency_key_reused``), and while the first request with it is
    still being decided a second one gets 409 ``idempotency_key_in_flight``. A conversation
    holds at most ``PIIGUARD_MAX_TURNS`` turns (413 ``too_many_turns`` after).
    """
    # The hottest route: app state read directly rather than through four dependencies
    # (FastAPI's dependency solving was ~19 % of a worker's time at 16 clients), and
    # `async` so that the turn goes to exactly one worker thread (ingest.take_turn_watched).
    state = request.app.state
    settings = state.settings
    ingest.check_limits([body], settings.max_turns, settings.max_turn_chars)
    answer = await ingest.take_turn_watched(
        state.guard,
        state.runner,
        state.sessions,
        conversation_id,
        body,
        idempotency_key,
        settings.max_turns,
    )
    return Response(answer, media_type="application/json")


@router.post(
    "/conversations/{conversation_id}/stream",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"application/x-ndjson": {}},
            "description": "one turn decision (as from /turns) per line, as each is decided",
        }
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-ndjson": {
                    "schema": {
                        "type": "string",
                        "description": "one turn object per line, as for /turns",
                    }
                }
            },
        }
    },
)
async def stream_turns(
    conversation_id: ConversationId,
    request: Request,
    guard: GuardDep,
    runner: RunnerDep,
    sessions: SessionFactory,
    settings: SettingsDep,
    _: IngestKey,
) -> StreamingResponse:
    """Turns sent as NDJSON (one turn object a line), decisions streamed back as NDJSON as
    each turn is decided.

    Each line is taken exactly like ``POST /turns`` (stored, idempotent on the line's
    ``idempotency_key`` field if given); a bad line answers an error object on its line and
    the rest goes on. The body is read whole first (within the body-size limit): the
    server cannot read a request while streaming its answer. For turns that arrive one by
    one in a live chat, post each to ``/turns``.
    """
    lines = ingest.ndjson_lines(await request.body())
    if len(lines) > settings.max_turns:
        raise ApiError(
            413, "too_many_turns", f"a stream may hold at most {settings.max_turns} turns"
        )

    async def decisions():
        for lineno, line in lines:
            yield await run_in_threadpool(
                ingest.stream_line, guard, runner, sessions, conversation_id, lineno, line, settings
            )

    return StreamingResponse(decisions(), media_type="application/x-ndjson")


@router.post("/redact", response_model=RedactOut)
def redact(
    body: RedactIn, guard: GuardDep, settings: SettingsDep, request: Request, _: IngestKey
) -> dict:
    """Plain text -> redacted text and findings (no conversation context, nothing stored).

    The text may be as long as one turn of ``/v1/scan`` and is redacted within the turn
    time budget; past it the text is withheld and ``error`` says why (fail closed)."""
    if len(body.text) > settings.max_turn_chars:
        raise ApiError(
            413, "text_too_long", f"text is longer than {settings.max_turn_chars} characters"
        )
    done = request.app.state.redactor.redact(guard, body.text, body.language)
    return {
        "redacted_text": done.redacted_text,
        "findings": [f.to_dict() for f in done.findings],
        "error": done.error,
    }
