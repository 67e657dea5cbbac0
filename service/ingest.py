"""Ingest: run turns through the library within a time budget and store the results.

Routes call these functions; everything that touches both the engine and the database
lives here, everything about detection lives in ``piiguard``.

Two rules hold throughout. Scanning happens outside any database transaction (a slow turn
never holds a lock or a connection), and an id that exists is never replaced: the same
request again is answered from the store, a different one is a conflict.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

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
from service.schemas import ConversationTurnIn, TranscriptIn, TurnIn
from service.store import indicators as indicator_store
from service.store import models as m
from service.store import repo
from service.store.db import transaction
from service.turn_runner import TurnRunner

__all__ = [
    "TurnOutcome",
    "TurnRunner",
    "check_limits",
    "ndjson_lines",
    "request_hash",
    "scan_transcript",
    "stream_line",
    "take_turn",
    "take_turn_watched",
    "turn_answer",
]

log = logging.getLogger("piiguard.service")
_MAX_ATTEMPTS = 30
MAX_IDEMPOTENCY_KEY = 200


class _Stale(Exception):
    """Another process stored a turn of this conversation first."""


@dataclass(frozen=True, slots=True)
class TurnOutcome:
    decision: TurnDecision
    risk: Risk
    replayed: bool


def request_hash(body: BaseModel) -> str:
    """SHA-256 of a validated request: equal for the same request however it was spelled
    (key order, spacing, ignored extra keys), different when any field differs."""
    return hashlib.sha256(body.model_dump_json().encode("utf-8")).hexdigest()


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


def _exists(kind: str) -> ApiError:
    return ApiError(
        409,
        "conversation_exists",
        f"a conversation with this id exists already ({kind}); ingest never replaces one. "
        "Use a new id, or erase it first (DELETE /v1/sessions/{id}, admin)",
    )


# -- stored rows -> library objects (replays) ---------------------------------------------


def _decision(row: m.Turn, risk: Risk) -> TurnDecision:
    return TurnDecision(
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
        risk=risk,
        error=row.error,
    )


def _risk(session: Session, row: m.Conversation) -> Risk:
    signals = session.scalars(
        select(m.Signal).where(m.Signal.conversation_id == row.id).order_by(m.Signal.id)
    )
    return Risk(
        scam=row.scam,
        score=row.risk_score,
        level=row.risk_level,
        signals=tuple(Signal(s.turn, s.kind, s.text) for s in signals),
        warning=row.warning,
        type=row.scam_type,
    )


def _stored_scan(guard: Guard, session: Session, row: m.Conversation) -> ScanResult:
    risk = _live_risk(guard, session, row)
    turns = session.scalars(
        select(m.Turn)
        .options(selectinload(m.Turn.findings))
        .where(m.Turn.conversation_id == row.id)
        .order_by(m.Turn.index)
    )
    return ScanResult(row.id, tuple(_decision(t, risk) for t in turns), risk)


def _scan_replay(
    guard: Guard, session: Session, conversation_id: str, body_hash: str
) -> ScanResult | None:
    """The stored result when this exact transcript was scanned before; None when the id
    is free; 409 when the id holds anything else."""
    row = repo.load_conversation(session, conversation_id)
    if row is None:
        return None
    if row.source != "scan":
        raise _exists("taken turn by turn")
    if row.body_hash != body_hash:
        raise _exists("scanned from a different transcript")
    return _stored_scan(guard, session, row)


# -- whole transcripts ------------------------------------------------------------------


def scan_transcript(
    guard: Guard, runner: TurnRunner, factory: sessionmaker[Session], body: TranscriptIn
) -> ScanResult:
    """Scan and store a transcript under a new id; the same transcript again is answered
    from the store (nothing rescanned), a different one with 409."""
    body_hash = request_hash(body)
    with transaction(factory) as session:
        replay = _scan_replay(guard, session, body.id, body_hash)
        indicator_store.refresh_known(session, guard)
    if replay is not None:
        return replay
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
    try:
        with transaction(factory) as session:
            repo.store_scan(
                session,
                result,
                body.channel,
                body.language,
                [(t.start, t.end) for t in transcript.turns],
                body_hash,
                conversation.state(),
            )
            for turn, decision in zip(transcript.turns, result.turns, strict=True):
                indicator_store.record_decision(
                    session, guard, body.id, turn, decision, conversation.language
                )
    except IntegrityError:
        # Someone stored this id while we scanned: theirs stands.
        with transaction(factory) as session:
            replay = _scan_replay(guard, session, body.id, body_hash)
        if replay is None:  # they were erased again meanwhile; let the client retry
            raise ApiError(
                409, "conflict", "the conversation changed meanwhile; retry", {"Retry-After": "1"}
            ) from None
        return replay
    return result


# -- live turns ---------------------------------------------------------------------------


def _live_risk(guard: Guard, session: Session, row: m.Conversation) -> Risk:
    """A live conversation's risk now: rebuilt from its stored state, so that it is exactly
    what the library reports (signals and whatever else the risk carries)."""
    if row.state:
        return Conversation.from_state(guard, row.state).risk
    return _risk(session, row)


def _replay(
    guard: Guard, factory: sessionmaker[Session], conversation_id: str, turn_id: int, body_hash: str
) -> TurnOutcome:
    """The stored answer to a request whose Idempotency-Key took a turn already (the rare
    path: ORM objects are fine here)."""
    with transaction(factory) as session:
        stored = repo.load_turn(session, turn_id)
        if stored.request_hash is not None and stored.request_hash != body_hash:
            raise ApiError(
                422,
                "idempotency_key_reused",
                "this Idempotency-Key was used for a different request; "
                "send a new key with a new turn",
            )
        row = repo.load_conversation(session, conversation_id)
        assert row is not None  # a stored turn has its conversation
        risk = _live_risk(guard, session, row)
        return TurnOutcome(_decision(stored, risk), risk, replayed=True)


def _engine(factory: sessionmaker[Session]) -> Engine:
    return factory.kw["bind"]


@contextmanager
def _autocommit(engine: Engine) -> Iterator[Connection]:
    """A connection where each statement is its own transaction: a single read or a single
    atomic write costs one round trip, without BEGIN and COMMIT around it."""
    with engine.connect() as connection:
        yield connection.execution_options(isolation_level="AUTOCOMMIT")


def _writing(engine: Engine) -> AbstractContextManager[Connection]:
    """Where a turn is written: PostgreSQL writes it in one statement (atomic by itself);
    other databases in a few, inside one transaction."""
    return _autocommit(engine) if engine.dialect.name == "postgresql" else engine.begin()


def _resume(
    guard: Guard, runner: TurnRunner, conversation_id: str, live: repo.LiveRow
) -> Conversation:
    """The stored conversation, ready for its next turn: the one this process kept after
    storing its last turn if that is still the stored state, else rebuilt from it."""
    if not live.state:
        return guard.conversation(
            conversation_id=conversation_id, channel=live.channel, language=live.language
        )
    kept = runner.live.take(conversation_id, live.state)
    return kept if kept is not None else Conversation.from_state(guard, live.state)


def take_turn(
    guard: Guard,
    runner: TurnRunner,
    factory: sessionmaker[Session],
    conversation_id: str,
    body: ConversationTurnIn,
    idempotency_key: str | None,
    max_turns: int,
    *,
    claim: bool = True,
) -> TurnOutcome:
    """Decide and store one live turn; safe to retry with the same Idempotency-Key.

    Three steps, none holding the database while the engine works: read the state (one
    statement), decide the turn (no connection held), store the turn and the new state
    together guarded by the conversation's version (one statement on PostgreSQL, one
    transaction elsewhere). If another process took a turn meanwhile, this one is decided
    again on the fresh state.
    """
    turn = to_turn(body)
    body_hash = request_hash(body)
    engine = _engine(factory)
    with _claimed(runner, conversation_id, idempotency_key if claim else None):
        for _ in range(_MAX_ATTEMPTS):
            if not indicator_store.known_is_fresh(guard):
                # the confirmed indicators, reloaded only when the database's set moved
                with transaction(factory) as session:
                    indicator_store.refresh_known(session, guard)
            with _autocommit(engine) as connection:
                live = repo.read_live(connection, conversation_id, idempotency_key)
            if live is not None and live.keyed_turn_id is not None:
                return _replay(guard, factory, conversation_id, live.keyed_turn_id, body_hash)
            before = None  # the state the turn is decided on, if it was read
            if live is None:
                new = repo.NewLive(body.channel or "chat", body.language)
                conversation = guard.conversation(
                    conversation_id=conversation_id, channel=new.channel, language=new.language
                )
            else:
                if live.source != "turns":
                    raise _exists("stored by /v1/scan")
                if live.turn_count >= max_turns:
                    raise ApiError(
                        413, "too_many_turns", f"a conversation may hold at most {max_turns} turns"
                    )
                new = None
                before = live.state or None
                conversation = _resume(guard, runner, conversation_id, live)
            previous_signals = conversation.risk.signals
            conversation, decision = runner.run(guard, conversation, turn, before)
            state = conversation.state()
            found = indicator_store.given_indicators(guard, turn, decision, conversation.language)
            # PostgreSQL writes the sightings in the turn's statement (no second commit)
            sightings = indicator_store.sighting_rows(turn, found) if found else None
            in_statement = engine.dialect.name == "postgresql"
            try:
                with _writing(engine) as connection:
                    if not repo.append_turn(
                        connection,
                        conversation_id,
                        0 if live is None else live.version,
                        decision,
                        state,
                        turn.start,
                        turn.end,
                        idempotency_key,
                        body_hash,
                        new=new,
                        previous_signals=previous_signals,
                        sightings=sightings if in_statement else None,
                    ):
                        raise _Stale  # rolls the transaction back
                runner.live.keep(conversation_id, state, conversation)  # stored: kept
                if found and not in_statement:
                    # Sightings are an index beside the turn (fingerprints only), written
                    # once the turn is stored.
                    with transaction(factory) as session:
                        indicator_store.record_found(
                            session, conversation_id, decision.index, turn, found
                        )
                return TurnOutcome(decision, decision.risk, replayed=False)
            except (IntegrityError, _Stale):
                # A concurrent writer created the conversation or took this index: retry
                # on fresh state after a short random pause, so that contenders spread out.
                time.sleep(random.uniform(0.002, 0.02))
    raise ApiError(
        409, "conflict", "the conversation is busy; retry the turn", {"Retry-After": "1"}
    )


async def take_turn_watched(
    guard: Guard,
    runner: TurnRunner,
    factory: sessionmaker[Session],
    conversation_id: str,
    body: ConversationTurnIn,
    idempotency_key: str | None,
    max_turns: int,
) -> bytes:
    """``take_turn`` for ``POST /turns``, awaited on the event loop: the whole turn on one
    worker thread (``TurnRunner.watched``), answered as the response's JSON body.

    The Idempotency-Key is claimed here, not in the worker: a turn given up at its budget
    is stored by a second worker while the first may still be stuck in its scan, and the
    claim must last exactly as long as the request.
    """

    def work() -> bytes:
        outcome = take_turn(
            guard, runner, factory, conversation_id, body, idempotency_key, max_turns, claim=False
        )
        return turn_answer(conversation_id, outcome)

    with _claimed(runner, conversation_id, idempotency_key):
        return await runner.watched(work)


def turn_answer(conversation_id: str, outcome: TurnOutcome) -> bytes:
    """The JSON body answering a live turn, rendered as Starlette's ``JSONResponse`` would
    (on the worker, so the event loop does not spend its time on it)."""
    answer = outcome.decision.to_dict() | {
        "conversation_id": conversation_id,
        "risk": outcome.risk.to_dict(),
        "replayed": outcome.replayed,
    }
    return json.dumps(answer, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


@contextmanager
def _claimed(runner: TurnRunner, conversation_id: str, key: str | None) -> Iterator[None]:
    if key is None:
        yield
        return
    if not runner.claim(conversation_id, key):
        raise ApiError(
            409,
            "idempotency_key_in_flight",
            "a request with this Idempotency-Key is still being processed; retry shortly",
            {"Retry-After": "1"},
        )
    try:
        yield
    finally:
        runner.release(conversation_id, key)


# -- NDJSON streams -----------------------------------------------------------------------


def ndjson_lines(body: bytes) -> list[tuple[int, bytes]]:
    """(line number, line) for each non-blank line of an NDJSON body."""
    return [(n, line) for n, line in enumerate(body.split(b"\n"), 1) if line.strip()]


def _what_is_wrong(exc: ValidationError) -> str:
    """A short reason naming fields, never their values: "not valid JSON",
    "speaker: Input should be 'agent', 'customer' or 'system'"."""
    reasons = []
    for error in exc.errors()[:3]:
        if error["type"] == "json_invalid":
            reasons.append("not valid JSON")
            continue
        where = ".".join(map(str, error["loc"]))
        reasons.append(f"{where}: {error['msg']}" if where else error["msg"])
    return "; ".join(reasons) or "not a turn"


def _line_error(lineno: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "line": lineno, "message": f"line {lineno}: {message}"}}


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
        key = None if key is None or key == "" else str(key)
        if key is not None and len(key) > MAX_IDEMPOTENCY_KEY:
            raise ApiError(
                422,
                "invalid_request",
                f"idempotency_key is longer than {MAX_IDEMPOTENCY_KEY} characters",
            )
        check_limits([body], settings.max_turns, settings.max_turn_chars)
        outcome = take_turn(guard, runner, factory, conversation_id, body, key, settings.max_turns)
        out = outcome.decision.to_dict() | {
            "conversation_id": conversation_id,
            "risk": outcome.risk.to_dict(),
            "replayed": outcome.replayed,
        }
    except ValidationError as exc:
        out = _line_error(lineno, "invalid_request", _what_is_wrong(exc))
    except ApiError as exc:
        out = _line_error(lineno, exc.code, exc.message)
    return (json.dumps(out, ensure_ascii=False) + "\n").encode("utf-8")
