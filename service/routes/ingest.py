"""Ingest routes: whole transcripts, live turns, plain-text redaction (role ``ingest``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path
from fastapi.responses import JSONResponse

from service import ingest
from service.deps import GuardDep, IngestKey, RunnerDep, SessionFactory, SettingsDep
from service.errors import ApiError
from service.schemas import (
    ConversationTurnIn,
    RedactIn,
    RedactOut,
    ScanResultOut,
    TranscriptIn,
    TurnResultOut,
)

router = APIRouter(prefix="/v1", tags=["ingest"])
ConversationId = Annotated[str, Path(min_length=1, max_length=200)]


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
    """A whole transcript -> the contract scan result; stores the redacted transcript."""
    ingest.check_limits(body.turns, settings.max_turns, settings.max_turn_chars)
    return JSONResponse(ingest.scan_transcript(guard, runner, sessions, body).to_dict())


@router.post(
    "/conversations/{conversation_id}/turns",
    response_class=JSONResponse,
    responses={200: {"model": TurnResultOut}},
)
def take_turn(
    conversation_id: ConversationId,
    body: ConversationTurnIn,
    guard: GuardDep,
    runner: RunnerDep,
    sessions: SessionFactory,
    settings: SettingsDep,
    _: IngestKey,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    """One live turn -> its decision and the conversation's risk so far.

    Send an ``Idempotency-Key`` to make a retry safe: the same key returns the stored
    decision instead of taking the turn twice.
    """
    ingest.check_limits([body], settings.max_turns, settings.max_turn_chars)
    outcome = ingest.take_turn(guard, runner, sessions, conversation_id, body, idempotency_key)
    return JSONResponse(
        outcome.decision.to_dict()
        | {
            "conversation_id": conversation_id,
            "risk": outcome.risk.to_dict(),
            "replayed": outcome.replayed,
        }
    )


@router.post("/redact", response_model=RedactOut)
def redact(body: RedactIn, guard: GuardDep, settings: SettingsDep, _: IngestKey) -> dict:
    """Plain text -> redacted text and findings (no conversation context, nothing stored)."""
    if len(body.text) > settings.max_redact_chars:
        raise ApiError(
            413, "text_too_long", f"text is longer than {settings.max_redact_chars} characters"
        )
    redacted, findings = guard.redact_text(body.text, body.language)
    return {"redacted_text": redacted, "findings": [f.to_dict() for f in findings]}
