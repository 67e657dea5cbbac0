"""The shapes piiguard speaks (``../shared/CONTRACT.md``), as frozen dataclasses.

Input: :class:`Transcript` of :class:`Turn`. Output: :class:`ScanResult` of
:class:`TurnDecision` (each with :class:`Finding` s) and a :class:`Risk`. ``to_dict()``
gives exactly the contract's JSON shape (plus additive fields).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "ACTIONS",
    "CHANNELS",
    "ENTITY_TYPES",
    "LANGUAGES",
    "SPEAKERS",
    "AudioRedaction",
    "Evidence",
    "Finding",
    "RequestTrigger",
    "Risk",
    "ScanResult",
    "Signal",
    "Transcript",
    "Turn",
    "TurnDecision",
    "Word",
]

ENTITY_TYPES = (
    "CREDIT_CARD",
    "CARD_CVV",
    "CARD_EXPIRY",
    "PASSWORD",
    "VERIFICATION_CODE",
    "CN_RESIDENT_ID",
    "US_SSN",
    "BANK_ACCOUNT",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
)
SPEAKERS = ("agent", "customer", "system")
CHANNELS = ("chat", "call")
LANGUAGES = ("zh", "en")
ACTIONS = ("allow", "redact", "block")

Speaker = Literal["agent", "customer", "system"]
Action = Literal["allow", "redact", "block"]


@dataclass(frozen=True, slots=True)
class Word:
    """A word timing from speech-to-text: the word and its seconds into the call."""

    w: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Turn:
    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    words: tuple[Word, ...] = ()


@dataclass(frozen=True, slots=True)
class Transcript:
    id: str
    turns: tuple[Turn, ...]
    channel: str = "chat"
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A sensitive value found in a turn: type and original offsets, never the value."""

    type: str
    start: int
    end: int
    score: float
    recognizer: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 2),
            "recognizer": self.recognizer,
        }


@dataclass(frozen=True, slots=True)
class RequestTrigger:
    """Why an agent turn was blocked: the type and the phrase (or 'sent a value')."""

    type: str
    phrase: str
    reason: Literal["request", "disclosure"] = "request"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "phrase": self.phrase, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class AudioRedaction:
    start: float
    end: float
    type: str
    estimated: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "type": self.type,
        }
        if self.estimated:
            out["estimated"] = True
        return out


@dataclass(frozen=True, slots=True)
class Signal:
    """One scam cue: where (turn index), what kind, the phrase that triggered it."""

    turn: int
    kind: str
    text: str
    weight: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"turn": self.turn, "kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Evidence:
    """A learned feature that pushed the score up: who said it and the n-gram or cue."""

    feature: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        speaker, _, name = self.feature.partition(":")
        who = {"a": "agent", "c": "customer", "k": "cue"}.get(speaker, speaker)
        return {"source": who, "text": name, "weight": round(self.weight, 2)}


@dataclass(frozen=True, slots=True)
class Risk:
    scam: bool = False
    score: float = 0.0
    level: str = "low"
    signals: tuple[Signal, ...] = ()
    warning: str | None = None
    # Additive: how many signals of each kind were seen; ``signals`` keeps only the
    # strongest few per kind so its size does not grow with the conversation.
    signal_counts: dict[str, int] = field(default_factory=dict, compare=False)
    # Additive: the scam type (one of ``piiguard.risk_learned.SCAM_TYPES``) when ``scam``,
    # and the learned model's strongest evidence (n-grams per speaker, cue kinds).
    type: str | None = None
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scam": self.scam,
            "score": round(self.score, 3),
            "level": self.level,
            "signals": [s.to_dict() for s in self.signals],
            "warning": self.warning,
            "type": self.type,
        }
        if self.evidence:
            out["evidence"] = [e.to_dict() for e in self.evidence]
        if self.signal_counts:
            out["signal_counts"] = dict(sorted(self.signal_counts.items()))
        return out


@dataclass(frozen=True, slots=True)
class TurnDecision:
    """What piiguard decided for one turn; holds no raw value (redacted text only)."""

    index: int
    speaker: str
    findings: tuple[Finding, ...]
    agent_request: tuple[str, ...]
    action: str
    redacted_text: str
    triggers: tuple[RequestTrigger, ...] = ()
    audio_redactions: tuple[AudioRedaction, ...] | None = None
    risk: Risk = field(default_factory=Risk)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "index": self.index,
            "speaker": self.speaker,
            "findings": [f.to_dict() for f in self.findings],
            "agent_request": list(self.agent_request),
            "action": self.action,
            "redacted_text": self.redacted_text,
        }
        if self.triggers:
            out["triggers"] = [t.to_dict() for t in self.triggers]
        if self.audio_redactions is not None:
            out["audio_redactions"] = [a.to_dict() for a in self.audio_redactions]
        if self.error:
            out["error"] = self.error
        return out


@dataclass(frozen=True, slots=True)
class ScanResult:
    id: str
    turns: tuple[TurnDecision, ...]
    risk: Risk

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "turns": [t.to_dict() for t in self.turns],
            "risk": self.risk.to_dict(),
        }
