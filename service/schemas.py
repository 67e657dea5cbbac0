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
# A conversation id: safe in a URL path and a log line as it is (no "/", "?", "#", "..").
CONVERSATION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"
CONVERSATION_ID_RULE = (
    "1-128 characters: letters, digits, '.', '_', ':' and '-', starting with a letter or digit"
)


class _Documented(BaseModel):
    # A docstring under a field is its description in the API document.
    model_config = ConfigDict(use_attribute_docstrings=True)


class _Strict(_Documented):
    model_config = ConfigDict(extra="ignore")


class WordIn(_Strict):
    w: str = Field(max_length=200)
    """The word as recognised."""
    start: float = Field(ge=0)
    """Seconds from the start of the call."""
    end: float = Field(ge=0)
    """Seconds from the start of the call; not before start."""


class TurnIn(_Strict):
    speaker: Speaker
    """Who said it: agent, customer or system."""
    text: str
    """What was said or typed, as received (at most max_turn_chars characters)."""
    start: float | None = Field(default=None, ge=0)
    """Call audio: when the turn starts, in seconds."""
    end: float | None = Field(default=None, ge=0)
    """Call audio: when the turn ends, in seconds."""
    words: list[WordIn] | None = None
    """Call audio: word timings from speech-to-text, to place audio redactions exactly."""


class TranscriptIn(_Strict):
    """A transcript, as in the contract (``gold`` and other extra keys are ignored)."""

    id: str = Field(pattern=CONVERSATION_ID_PATTERN, description=CONVERSATION_ID_RULE)
    channel: Channel = "chat"
    """Chat or call (speech-to-text)."""
    language: Language | None = None
    """`zh` or `en`; detected per turn when left out."""
    turns: list[TurnIn]
    """The turns in order (at most max_turns)."""


class ConversationTurnIn(TurnIn):
    """One turn for ``POST /v1/conversations/{id}/turns``; the first turn may set the
    conversation's channel and language."""

    channel: Channel | None = None
    """First turn only: chat or call."""
    language: Language | None = None
    """First turn only: `zh` or `en`; detected when left out."""


class FindingOut(_Documented):
    type: str
    """Entity type, e.g. CREDIT_CARD, VERIFICATION_CODE, CN_RESIDENT_ID."""
    start: int
    """Offset of the first character in the turn's text."""
    end: int
    """Offset after the last character."""
    score: float
    """Confidence from 0 to 1."""
    recognizer: str
    """The recognizer that found it."""


class TriggerOut(_Documented):
    type: str
    """The entity type the phrase is about."""
    phrase: str
    """The words that triggered the decision (masked if they hold a value)."""
    reason: Literal["request", "disclosure"]
    """Request: the agent asked for it; disclosure: the agent said it."""


class AudioRedactionOut(_Documented):
    start: float
    """Seconds from the start of the call."""
    end: float
    """Seconds from the start of the call."""
    type: str
    """The entity type spoken there."""
    estimated: bool | None = None
    """True when placed from text offsets because no word timings were sent."""


class SignalOut(_Documented):
    turn: int
    """Index of the turn the signal came from."""
    kind: str
    """Scam signal kind, e.g. code_request, safe_account, remote_access."""
    text: str
    """The phrase, with any value in it masked."""


class EvidenceOut(_Documented):
    source: str
    """Where the learned model saw it: `agent`, `customer` or `cue` (a signal kind)."""
    text: str
    """The n-gram or cue, masked values never included."""
    weight: float
    """Its contribution to the score (log-odds)."""


class RiskOut(_Documented):
    scam: bool
    """True when the conversation looks like a scam."""
    score: float
    """Scam risk from 0 to 1."""
    level: Level
    """Low, medium or high."""
    signals: list[SignalOut]
    """The signals that raised the score."""
    warning: str | None
    """A warning to show the customer, in the conversation's language, or null."""
    type: str | None = None
    """The scam type when `scam` is true (one of the documented types), else null."""
    evidence: list[EvidenceOut] | None = None
    """The learned model's strongest evidence (top n-grams or cue families)."""
    signal_counts: dict[str, int] | None = None
    """How many signals of each kind were seen (`signals` keeps the strongest few)."""


class TurnDecisionOut(_Documented):
    index: int
    """The turn's position in the conversation, from 0."""
    speaker: Speaker
    """Who said it."""
    findings: list[FindingOut]
    """Sensitive values found in the turn."""
    agent_request: list[str]
    """Entity types an agent asked for or disclosed (the turn is blocked)."""
    action: Action
    """Allow, redact or block."""
    redacted_text: str
    """The text with every finding replaced; safe to store and show."""
    triggers: list[TriggerOut] | None = None
    """Why an agent turn was blocked."""
    audio_redactions: list[AudioRedactionOut] | None = None
    """Call audio: time spans to bleep."""
    error: str | None = None
    """Set when the turn could not be scanned (it is then blocked): scan_failed or time_budget."""


class ScanResultOut(_Documented):
    id: str
    """The conversation's id."""
    turns: list[TurnDecisionOut]
    """One decision per turn, in order."""
    risk: RiskOut
    """The conversation's scam risk after its last turn."""


class TurnResultOut(TurnDecisionOut):
    """A live turn's decision plus the conversation's risk after it."""

    conversation_id: str
    """The conversation the turn was added to."""
    risk: RiskOut
    """The conversation's scam risk after this turn."""
    replayed: bool = Field(
        default=False, description="true when answered from an earlier identical request"
    )


class RedactIn(_Strict):
    text: str
    """Plain text to redact (at most max_turn_chars characters)."""
    language: Language | None = None
    """`zh` or `en`; detected when left out."""


class RedactOut(_Documented):
    redacted_text: str
    """The text with every finding replaced."""
    findings: list[FindingOut]
    """Sensitive values found, with offsets into the text sent."""
    error: str | None = Field(
        default=None,
        description="set when the text could not be redacted in time (``time_budget``) or "
        "scanning failed (``scan_failed``); the text is then withheld",
    )


class SessionSummary(_Documented):
    id: str
    """The conversation's id."""
    channel: Channel
    """Chat or call."""
    language: str | None
    """`zh`, `en` or null when mixed or unknown."""
    created_at: datetime
    """When the first turn was stored (RFC 3339, UTC)."""
    updated_at: datetime
    """When the last turn or review was stored (RFC 3339, UTC)."""
    turn_count: int
    """How many turns the conversation holds."""
    risk_score: float
    """Scam risk from 0 to 1."""
    risk_level: Level
    """Low, medium or high."""
    scam: bool
    """True when the conversation looks like a scam."""
    flagged: bool
    """True when it needs a reviewer: scam risk or an agent block."""
    agent_blocks: int
    """How many agent turns were blocked."""
    disposition: str | None
    """The latest review's disposition, or null when not reviewed."""


class SessionPage(_Documented):
    total: int
    """How many sessions match the filters."""
    offset: int
    """How many were skipped."""
    limit: int
    """Page size asked for."""
    items: list[SessionSummary]
    """This page of sessions."""


class StoredTurn(_Documented):
    index: int
    """Position in the conversation, from 0."""
    speaker: Speaker
    """Who said it."""
    action: Action
    """Allow, redact or block."""
    redacted_text: str
    """The stored text: redacted, never the raw value."""
    start: float | None
    """Call audio: start in seconds."""
    end: float | None
    """Call audio: end in seconds."""
    findings: list[FindingOut]
    """Sensitive values found (types and offsets only)."""
    agent_request: list[str]
    """Entity types an agent asked for or disclosed."""
    triggers: list[TriggerOut]
    """Why an agent turn was blocked."""
    audio_redactions: list[AudioRedactionOut] | None
    """Call audio: time spans to bleep."""
    error: str | None
    """Why the turn could not be scanned, or null."""


class ReviewOut(_Documented):
    reviewer: str
    """The reviewing key's name."""
    disposition: Disposition
    """The reviewer's decision."""
    note: str
    """The reviewer's note, redacted like a turn."""
    created_at: datetime
    """When the review was saved (RFC 3339, UTC)."""


class SessionDetail(SessionSummary):
    warning: str | None
    """The warning shown to the customer, or null."""
    turns: list[StoredTurn]
    """The redacted turns, in order (as in a scan)."""
    signals: list[SignalOut]
    """The scam signals found."""
    reviews: list[ReviewOut]
    """Reviews, oldest first."""


class ReviewIn(_Strict):
    disposition: Disposition
    """One of confirmed_scam, agent_violation, false_positive, no_issue."""
    note: str = Field(default="", max_length=4000)
    """Free text for the record; redacted before it is stored."""


class AuditEntryOut(_Documented):
    at: datetime
    """When it happened (RFC 3339, UTC)."""
    actor: str
    """The key's name."""
    role: str
    """The key's role."""
    action: str
    """What was done, e.g. view_session, review_session, create_key."""
    target: str | None
    """The session id or key prefix acted on, or null."""
    detail: str | None
    """More about the action (never a value), or null."""


class ErasedOut(_Documented):
    id: str
    """The erased conversation's id."""
    turns: int
    """Turns erased (with their findings)."""
    signals: int
    """Signals erased."""
    reviews: int
    """Reviews erased."""


class AuditPage(_Documented):
    total: int
    """How many entries there are."""
    offset: int
    """How many were skipped."""
    limit: int
    """Page size asked for."""
    items: list[AuditEntryOut]
    """This page of entries, newest first."""


class KeyCreateIn(_Strict):
    role: Literal["ingest", "reviewer", "admin"]
    """Ingest (scan, turns, redact), reviewer (sessions) or admin (keys, audit log; may review)."""
    name: str = Field(min_length=1, max_length=120)
    """Who or what uses the key; shown in the audit log."""


class KeyCreatedOut(_Documented):
    key: str = Field(description="shown once; only its hash is stored")
    prefix: str
    """The key's public prefix, to list or revoke it."""
    role: str
    """The key's role."""
    name: str
    """The key's name."""


class KeyOut(_Documented):
    prefix: str
    """The key's public prefix."""
    role: str
    """The key's role."""
    name: str
    """The key's name."""
    created_at: datetime
    """When it was made (RFC 3339, UTC)."""
    revoked: bool
    """True once revoked."""


class ErrorBody(_Documented):
    code: str
    """A stable, machine-readable code, e.g. invalid_request, rate_limited."""
    message: str
    """What went wrong and how to fix it; never quotes a submitted value."""


class ErrorOut(_Documented):
    error: ErrorBody
    """What went wrong."""


class Health(_Documented):
    status: Literal["ok"]
    """Always ok when the process answers."""
    database: Literal["ok", "unavailable"]
    """Ok, or unavailable when the database does not answer."""


class IndicatorOut(_Documented):
    fingerprint: str
    """HMAC-SHA256 of the canonical value (hex); the value itself is never stored."""
    kind: str
    """phone, domain, account, wallet or meeting_id."""
    display: str
    """A safe display form (`+86 138****5678`, `example[.]top`)."""
    confirmed_sessions: int
    """How many sessions reviewed `confirmed_scam` it appeared in."""
    imported: bool
    """True when an imported blocklist holds it."""
    sessions: int
    """How many sessions it was seen in."""
    session_ids: list[str]
    """Some of those sessions' ids."""
    first_seen: datetime | None
    """First sighting (RFC 3339, UTC)."""
    last_seen: datetime | None
    """Latest sighting (RFC 3339, UTC)."""
    first_confirmed: datetime | None
    """When a review first confirmed it (RFC 3339, UTC)."""
    last_confirmed: datetime | None
    """When a review last confirmed it (RFC 3339, UTC)."""


class IndicatorPage(_Documented):
    total: int
    """How many indicators match the filters."""
    offset: int
    """How many were skipped."""
    limit: int
    """Page size asked for."""
    items: list[IndicatorOut]
    """This page of indicators."""


class ImportOut(_Documented):
    added: int
    """Values fingerprinted and added."""
    already_known: int
    """Values that were on the list already."""
    skipped: int
    """Lines that held no usable value."""
    skipped_lines: list[int]
    """Their line numbers (never their text)."""
