"""Request and response models, named by role; they mirror ../shared/CONTRACT.md."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Speaker = Literal["agent", "customer", "system"]
Channel = Literal["chat", "call"]
Language = Literal["zh", "en"]
Action = Literal["allow", "redact", "block"]
Level = Literal["low", "medium", "high"]
Disposition = Literal["confirmed_scam", "agent_violation", "false_positive", "no_issue"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore")


class WordIn(_Strict):
    w: str = Field(max_length=200)
    start: float = Field(ge=0)
    end: float = Field(ge=0)


class TurnIn(_Strict):
    speaker: Speaker
    text: str
    start: float | None = Field(default=None, ge=0)
    end: float | None = Field(default=None, ge=0)
    words: list[WordIn] | None = None


class TranscriptIn(_Strict):
    """A transcript, as in the contract (``gold`` and other extra keys are ignored)."""

    id: str = Field(min_length=1, max_length=200)
    channel: Channel = "chat"
    language: Language | None = None
    turns: list[TurnIn]


class ConversationTurnIn(TurnIn):
    """One turn for ``POST /v1/conversations/{id}/turns``; the first turn may set the
    conversation's channel and language."""

    channel: Channel | None = None
    language: Language | None = None


class FindingOut(BaseModel):
    type: str
    start: int
    end: int
    score: float
    recognizer: str


class TriggerOut(BaseModel):
    type: str
    phrase: str
    reason: Literal["request", "disclosure"]


class AudioRedactionOut(BaseModel):
    start: float
    end: float
    type: str
    estimated: bool | None = None


class SignalOut(BaseModel):
    turn: int
    kind: str
    text: str


class EvidenceOut(BaseModel):
    source: str  # agent | customer | cue
    text: str
    weight: float


class RiskOut(BaseModel):
    scam: bool
    score: float
    level: Level
    signals: list[SignalOut]
    warning: str | None
    # additive (issue 16 / 17): the scam type when `scam`, the learned model's evidence,
    # and how many signals of each kind were seen (`signals` keeps the strongest few)
    type: str | None = None
    evidence: list[EvidenceOut] | None = None
    signal_counts: dict[str, int] | None = None


class TurnDecisionOut(BaseModel):
    index: int
    speaker: Speaker
    findings: list[FindingOut]
    agent_request: list[str]
    action: Action
    redacted_text: str
    triggers: list[TriggerOut] | None = None
    audio_redactions: list[AudioRedactionOut] | None = None
    error: str | None = None


class ScanResultOut(BaseModel):
    id: str
    turns: list[TurnDecisionOut]
    risk: RiskOut


class TurnResultOut(TurnDecisionOut):
    """A live turn's decision plus the conversation's risk after it."""

    conversation_id: str
    risk: RiskOut
    replayed: bool = Field(
        default=False, description="true when answered from an earlier identical request"
    )


class RedactIn(_Strict):
    text: str
    language: Language | None = None


class RedactOut(BaseModel):
    redacted_text: str
    findings: list[FindingOut]


class SessionSummary(BaseModel):
    id: str
    channel: Channel
    language: str | None
    created_at: datetime
    updated_at: datetime
    turns: int
    risk_score: float
    risk_level: Level
    scam: bool
    flagged: bool
    agent_blocks: int
    disposition: str | None


class SessionPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[SessionSummary]


class StoredTurn(BaseModel):
    index: int
    speaker: Speaker
    action: Action
    redacted_text: str
    start: float | None
    end: float | None
    findings: list[FindingOut]
    agent_request: list[str]
    triggers: list[TriggerOut]
    audio_redactions: list[AudioRedactionOut] | None
    error: str | None


class ReviewOut(BaseModel):
    reviewer: str
    disposition: Disposition
    note: str
    created_at: datetime


class SessionDetail(SessionSummary):
    warning: str | None
    turns_detail: list[StoredTurn]
    signals: list[SignalOut]
    reviews: list[ReviewOut]


class ReviewIn(_Strict):
    disposition: Disposition
    note: str = Field(default="", max_length=4000)


class AuditEntryOut(BaseModel):
    at: datetime
    actor: str
    role: str
    action: str
    target: str | None
    detail: str | None


class AuditPage(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[AuditEntryOut]


class KeyCreateIn(_Strict):
    role: Literal["ingest", "reviewer", "admin"]
    name: str = Field(min_length=1, max_length=120)


class KeyCreatedOut(BaseModel):
    key: str = Field(description="shown once; only its hash is stored")
    prefix: str
    role: str
    name: str


class KeyOut(BaseModel):
    prefix: str
    role: str
    name: str
    created_at: datetime
    revoked: bool


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["ok", "unavailable"]
