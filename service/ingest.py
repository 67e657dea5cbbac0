"""Ingest: run turns through the library within a time budget and store the results.

Routes call these functions; everything that touches both the engine and the database
lives here, everything about detection lives in ``piiguard``.
"""

from __future__ import annotations

import json
import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from piiguard.conversation import Conversation
from piiguard.guard import Guard
from piiguard.model import (
    AudioRedaction,
    Finding,
    RequestTrigger,
    Risk,
    ScanResult,
    Signal,
    Transcript,
    Turn,
    TurnDecision,
    Word,
)
from service.errors import ApiError
from service.metrics import Metrics
from service.schemas import ConversationTurnIn, TranscriptIn, TurnIn
from service.store import repo
from service.store.db import transaction

log = logging.getLogger("piiguard.service")
_MAX_ATTEMPTS = 30


class _Stale(Exception):
    """Another process stored a turn of this conversation first."""


@dataclass(frozen=True, slots=True)
class TurnOutcome:
    decision: TurnDecision
    risk: Risk
    replayed: bool


class TurnRunner:
    """Decides turns within a time budget; a turn over budget is blocked (fail closed)."""

    def __init__(self, budget_seconds: float, metrics: Metrics, workers: int = 4):
        self.budget = budget_seconds
        self.metrics = metrics
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="piiguard-scan")

    def run(
        self, guard: Guard, conversation: Conversation, turn: Turn
    ) -> tuple[Conversation, TurnDecision]:
        """The decision for ``turn`` and the conversation to continue with."""
        before = conversation.state()
        started = time.perf_counter()
        future = self._pool.submit(conversation.add_turn, turn)
        try:
            decision = future.result(timeout=self.budget)
        except FutureTimeout:
            log.error("turn over its time budget; blocked", extra={"turn": before["index"]})
            # The late worker may still mutate `conversation`: continue from the state before it.
            conversation = Conversation.from_state(guard, before)
            decision = conversation.block_turn(turn, "time_budget")
        self.metrics.record_turn(decision, time.perf_counter() - started)
        return conversation, decision

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def to_turn(t: TurnIn) -> Turn:
    words = tuple(Word(w.w, w.start, w.end) for w in t.words or ())
    return Turn(t.speaker, t.text, t.start, t.end, words)


def check_limits(turns: list[TurnIn], max_turns: int, max_chars: int) -> None:
    if len(turns) > max_turns:
        raise ApiError(413, "too_many_turns", f"a transcript may hold at most {max_turns} turns")
    for i, t in enumerate(turns):
        if len(t.text) > max_chars:
            raise ApiError(
                413, "turn_too_long", f"turns[{i}].text is longer than {max_chars} characters"
            )
        if t.start is not None and t.end is not None and t.end < t.start:
            raise ApiError(422, "invalid_request", f"turns[{i}] ends before it starts")
        try:
            t.text.encode("utf-8")
        except UnicodeEncodeError:
            raise ApiError(
                422, "invalid_request", f"turns[{i}].text holds a lone surrogate"
            ) from None


def scan_transcript(
    guard: Guard, runner: TurnRunner, factory: sessionmaker[Session], body: TranscriptIn
) -> ScanResult:
    transcript = Transcript(
        body.id, tuple(to_turn(t) for t in body.turns), body.channel, body.language
    )
    conversation = guard.conversation(
        conversation_id=body.id, channel=body.channel, language=body.language
    )
    decisions = []
    for turn in transcript.turns:
        conversation, decision = runner.run(guard, conversation, turn)
        decisions.append(decision)
    result = conversation.result(decisions)
    with transaction(factory) as session:
        repo.store_scan(
            session,
            result,
            body.channel,
            body.language,
            [(t.start, t.end) for t in transcript.turns],
        )
    return result


def _replay(row, conversation, guard: Guard) -> TurnOutcome:  # noqa: ANN001 - store rows
    decision = TurnDecision(
        index=row.index,
        speaker=row.speaker,
        findings=tuple(
            Finding(f.type, f.start, f.end, f.score, f.recognizer) for f in row.findings
        ),
        agent_request=tuple(row.agent_request),
        action=row.action,
        redacted_text=row.redacted_text,
        triggers=tuple(RequestTrigger(t["type"], t["phrase"], t["reason"]) for t in row.triggers),
        audio_redactions=None
        if row.audio_redactions is None
        else tuple(
            AudioRedaction(a["start"], a["end"], a["type"], a.get("estimated", False))
            for a in row.audio_redactions
        ),
        error=row.error,
    )
    if conversation.state:  # the stored state gives the whole risk (type, evidence, counts)
        return TurnOutcome(decision, Conversation.from_state(guard, conversation.state).risk, True)
    risk = Risk(
        scam=conversation.scam,
        score=conversation.risk_score,
        level=conversation.risk_level,
        signals=tuple(Signal(s.turn, s.kind, s.text) for s in conversation.signals),
        warning=conversation.warning,
    )
    return TurnOutcome(decision, risk, replayed=True)


def ndjson_lines(body: bytes) -> list[tuple[int, bytes]]:
    """(line number, line) for each non-blank line of an NDJSON body."""
    return [(n, line) for n, line in enumerate(body.split(b"\n"), 1) if line.strip()]


def stream_line(
    guard: Guard,
    runner: TurnRunner,
    factory: sessionmaker[Session],
    conversation_id: str,
    lineno: int,
    line: bytes,
    settings: Any,
) -> bytes:
    """One streamed turn -> one NDJSON line: the decision, or an error naming the line."""
    try:
        body = ConversationTurnIn.model_validate_json(line)
        key = json.loads(line).get("idempotency_key")
        check_limits([body], settings.max_turns, settings.max_turn_chars)
        outcome = take_turn(
            guard, runner, factory, conversation_id, body, str(key) if key else None
        )
        out = outcome.decision.to_dict() | {
            "conversation_id": conversation_id,
            "risk": outcome.risk.to_dict(),
            "replayed": outcome.replayed,
        }
    except ValidationError as exc:
        where = "; ".join(".".join(map(str, e["loc"])) + ": " + e["msg"] for e in exc.errors()[:3])
        out = {
            "error": {
                "code": "invalid_request",
                "message": f"line {lineno}: {where or 'not a turn'}",
            }
        }
    except ApiError as exc:
        out = {"error": {"code": exc.code, "message": f"line {lineno}: {exc.message}"}}
    return (json.dumps(out, ensure_ascii=False) + "\n").encode("utf-8")


def take_turn(
    guard: Guard,
    runner: TurnRunner,
    factory: sessionmaker[Session],
    conversation_id: str,
    body: ConversationTurnIn,
    idempotency_key: str | None,
) -> TurnOutcome:
    """Decide and store one live turn; safe to retry with the same Idempotency-Key.

    The turn and the new conversation state are stored in one transaction, guarded by
    the conversation's version: if another process took a turn meanwhile, this one is
    decided again on the fresh state.
    """
    turn = to_turn(body)
    for _ in range(_MAX_ATTEMPTS):
        try:
            with transaction(factory) as session:
                if idempotency_key:
                    stored = repo.find_turn_by_key(session, conversation_id, idempotency_key)
                    if stored is not None:
                        detail = repo.session_detail(session, conversation_id)
                        return _replay(stored, detail, guard)
                row = repo.load_conversation(session, conversation_id)
                if row is None:
                    row = repo.create_conversation(
                        session, conversation_id, body.channel or "chat", body.language
                    )
                if row.state:
                    conversation = Conversation.from_state(guard, row.state)
                else:
                    conversation = guard.conversation(
                        conversation_id=row.id, channel=row.channel, language=row.language
                    )
                version = row.version
                conversation, decision = runner.run(guard, conversation, turn)
                if not repo.append_turn(
                    session,
                    row,
                    version,
                    decision,
                    conversation.state(),
                    turn.start,
                    turn.end,
                    idempotency_key,
                ):
                    raise _Stale  # rolls the transaction back
                return TurnOutcome(decision, decision.risk, replayed=False)
        except (IntegrityError, _Stale):
            # A concurrent writer created the conversation or took this index: retry on
            # fresh state after a short random pause, so that contenders spread out.
            time.sleep(random.uniform(0.002, 0.02))
            continue
    raise ApiError(
        409, "conflict", "the conversation is busy; retry the turn", {"Retry-After": "1"}
    )
