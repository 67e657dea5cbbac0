"""Repositories: the only code that reads and writes the tables."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    and_,
    case,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session, selectinload

from piiguard.model import Risk, ScanResult, Signal, TurnDecision
from service.store import models as m
from service.store.indicators import apply_review, erase_sightings

FLAG_LEVELS = ("medium", "high")


def storable(text: str) -> str:
    """Text as the database can hold it: PostgreSQL refuses NUL characters in text."""
    return text.replace("\x00", "\ufffd")


def _apply_risk(row: m.Conversation, risk: Risk) -> None:
    row.risk_score = risk.score
    row.risk_level = risk.level
    row.scam = risk.scam
    row.scam_type = risk.type
    row.warning = risk.warning
    row.flagged = row.flagged or risk.level in FLAG_LEVELS or row.agent_blocks > 0


def _turn_row(
    conversation_id: str,
    decision: TurnDecision,
    start: float | None,
    end: float | None,
    idempotency_key: str | None = None,
) -> m.Turn:
    row = m.Turn(
        conversation_id=conversation_id,
        index=decision.index,
        speaker=decision.speaker,
        action=decision.action,
        redacted_text=storable(decision.redacted_text),
        agent_request=list(decision.agent_request),
        triggers=[t.to_dict() | {"phrase": storable(t.phrase)} for t in decision.triggers],
        audio_redactions=None
        if decision.audio_redactions is None
        else [a.to_dict() for a in decision.audio_redactions],
        start=start,
        end=end,
        error=decision.error,
        idempotency_key=idempotency_key,
    )
    row.findings = [
        m.Finding(type=f.type, start=f.start, end=f.end, score=f.score, recognizer=f.recognizer)
        for f in decision.findings
    ]
    return row


def store_scan(
    session: Session,
    result: ScanResult,
    channel: str,
    language: str | None,
    timings: Sequence[tuple[float | None, float | None]],
    body_hash: str,
    state: dict | None = None,
) -> None:
    """Store a whole transcript's result under a new id (``state``: the conversation's
    final state, from which a replay rebuilds the risk exactly as it was answered).

    Never replaces: an id that exists already makes the flush raise IntegrityError, and
    the caller decides between replay and conflict.
    """
    row = m.Conversation(
        id=result.id,
        channel=channel,
        language=language,
        turn_count=len(result.turns),
        version=0,
        source="scan",
        body_hash=body_hash,
        state=state,
    )
    row.agent_blocks = sum(1 for t in result.turns if t.speaker == "agent" and t.action == "block")
    _apply_risk(row, result.risk)
    session.add(row)
    session.flush()
    for decision, (start, end) in zip(result.turns, timings, strict=True):
        session.add(_turn_row(result.id, decision, start, end))
    sync_signals(session, result.id, result.risk)


def sync_signals(session: Session, conversation_id: str, risk: Risk) -> None:
    """Make the stored signals those of ``risk``, touching only the ones that changed.

    Most turns add no signal and then nothing is written; a signal the risk model let go
    of (it keeps the strongest few per kind) is deleted, a new one inserted.
    """
    stored = {
        (s.turn, s.kind, s.text): s.id
        for s in session.execute(
            select(m.Signal.turn, m.Signal.kind, m.Signal.text, m.Signal.id).where(
                m.Signal.conversation_id == conversation_id
            )
        )
    }
    wanted = [(s.turn, s.kind, storable(s.text)) for s in risk.signals]
    gone = [sid for key, sid in stored.items() if key not in set(wanted)]
    if gone:
        session.execute(delete(m.Signal).where(m.Signal.id.in_(gone)))
    for turn, kind, text in wanted:
        if (turn, kind, text) not in stored:
            session.add(m.Signal(conversation_id=conversation_id, turn=turn, kind=kind, text=text))


def load_conversation(session: Session, conversation_id: str) -> m.Conversation | None:
    return session.get(m.Conversation, conversation_id)


def create_conversation(
    session: Session, conversation_id: str, channel: str, language: str | None
) -> m.Conversation:
    """A new live conversation; raises IntegrityError (at flush) if the id exists."""
    row = m.Conversation(
        id=conversation_id,
        channel=channel,
        language=language,
        turn_count=0,
        version=0,
        state=None,
        source="turns",
    )
    session.add(row)
    session.flush()
    return row


def find_turn_by_key(session: Session, conversation_id: str, idempotency_key: str) -> m.Turn | None:
    return session.scalars(
        select(m.Turn)
        .options(selectinload(m.Turn.findings))
        .where(m.Turn.conversation_id == conversation_id, m.Turn.idempotency_key == idempotency_key)
    ).first()


# -- the live-turn hot path: plain Core statements, fewest round trips -------------------


@dataclass(frozen=True, slots=True)
class LiveRow:
    """What a live turn is decided on, read in one statement: the conversation's row and
    whether a turn with the request's Idempotency-Key is stored already."""

    version: int
    state: dict | None
    source: str
    turn_count: int
    channel: str
    language: str | None
    keyed_turn_id: int | None


# PostgreSQL: the same read as driver SQL, written once. Building and compiling the Core
# select (with its cache-key walk) took about half of the read's 0.7 ms here; psycopg
# prepares the statement server-side after its fifth use on a connection. A null key
# matches no turn, so one statement serves requests with and without a key.
_PG_READ_LIVE = (
    "SELECT version, state, source, turn_count, channel, language, "
    "(SELECT turns.id FROM turns WHERE turns.conversation_id = conversations.id "
    "AND turns.idempotency_key = %(key)s) "
    "FROM conversations WHERE conversations.id = %(id)s"
)


def read_live(
    connection: Connection, conversation_id: str, idempotency_key: str | None
) -> LiveRow | None:
    """The conversation ``conversation_id`` as a live turn needs it (None: no such id), in
    one round trip; ``keyed_turn_id`` is the stored turn with this Idempotency-Key."""
    if connection.dialect.name == "postgresql":
        row = connection.exec_driver_sql(
            _PG_READ_LIVE, {"key": idempotency_key or None, "id": conversation_id}
        ).first()
        return None if row is None else LiveRow(*row[:6], keyed_turn_id=row[6])
    c = m.Conversation.__table__.c
    t = m.Turn.__table__.c
    keyed = (
        select(t.id)
        .where(t.conversation_id == c.id, t.idempotency_key == idempotency_key)
        .scalar_subquery()
        if idempotency_key
        else None
    )
    columns = [c.version, c.state, c.source, c.turn_count, c.channel, c.language]
    row = connection.execute(
        select(*columns, keyed if keyed is not None else None).where(c.id == conversation_id)
    ).first()
    if row is None:
        return None
    return LiveRow(*row[:6], keyed_turn_id=row[6])


def load_turn(session: Session, turn_id: int) -> m.Turn:
    """A stored turn with its findings (replays)."""
    return session.scalars(
        select(m.Turn).options(selectinload(m.Turn.findings)).where(m.Turn.id == turn_id)
    ).one()


@dataclass(frozen=True, slots=True)
class NewLive:
    """A live conversation to create with its first turn."""

    channel: str
    language: str | None


def _dumps(value: object) -> str:
    # As the engine's JSON serialiser writes it (service/store/db.py): readable, no escapes.
    return json.dumps(value, ensure_ascii=False)


def _turn_values(
    conversation_id: str,
    decision: TurnDecision,
    start: float | None,
    end: float | None,
    idempotency_key: str | None,
    request_hash: str | None,
    now: datetime,
) -> dict[str, Any]:
    return {
        "conversation_id": conversation_id,
        "index": decision.index,
        "speaker": decision.speaker,
        "action": decision.action,
        "redacted_text": storable(decision.redacted_text),
        "agent_request": list(decision.agent_request),
        "triggers": [t.to_dict() | {"phrase": storable(t.phrase)} for t in decision.triggers],
        "audio_redactions": None
        if decision.audio_redactions is None
        else [a.to_dict() for a in decision.audio_redactions],
        "start": start,
        "end": end,
        "error": decision.error,
        "idempotency_key": idempotency_key,
        "request_hash": request_hash,
        "created_at": now,
    }


def _signal_changes(
    before: Sequence[Signal], after: Sequence[Signal]
) -> tuple[list[dict], list[dict]]:
    """(gone, added): the stored signals to delete and to insert. The stored ones are
    exactly ``before`` (the signals of the state this turn was decided on, which the
    version check guarantees is the stored one), so nothing needs reading back."""
    old = {(s.turn, s.kind, storable(s.text)) for s in before}
    new = [(s.turn, s.kind, storable(s.text)) for s in after]
    gone = [{"turn": a, "kind": b, "text": c} for a, b, c in old - set(new)]
    added = [
        {"turn": a, "kind": b, "text": c} for a, b, c in dict.fromkeys(new) if (a, b, c) not in old
    ]
    return gone, added


def append_turn(
    connection: Connection,
    conversation_id: str,
    expected_version: int,
    decision: TurnDecision,
    state: dict,
    start: float | None,
    end: float | None,
    idempotency_key: str | None,
    request_hash: str | None = None,
    *,
    new: NewLive | None = None,
    previous_signals: Sequence[Signal] = (),
    sightings: tuple[str, list[dict]] | None = None,
) -> bool:
    """Store one turn and the new conversation state together, if nobody else stored one
    first (creating the conversation with its first turn when ``new`` is given).

    Optimistic concurrency: the conversation only moves from ``expected_version`` (or is
    only created if its id is free); False means another process got there first and the
    caller should retry on fresh state. A turn index or Idempotency-Key taken meanwhile
    raises IntegrityError. On PostgreSQL it is one statement (one round trip, atomic by
    itself); elsewhere a few statements, which the caller runs in one transaction.

    ``sightings`` (PostgreSQL only: ``indicators.sighting_rows``) are the scam indicators
    the turn gave, written in the same statement; elsewhere the caller records them.
    """
    blocks = 1 if decision.speaker == "agent" and decision.action == "block" else 0
    risk = decision.risk
    now = m.utcnow()
    gone, added = _signal_changes(previous_signals, risk.signals)
    conversation = {
        "id": conversation_id,
        "version": expected_version + 1,
        "state": state,
        "turn_count": decision.index + 1,
        "updated_at": now,
        "risk_score": risk.score,
        "risk_level": risk.level,
        "scam": risk.scam,
        "scam_type": risk.type,
        "warning": risk.warning,
        "blocks": blocks,
        "flagged": risk.level in FLAG_LEVELS or blocks > 0,
    }
    turn = _turn_values(conversation_id, decision, start, end, idempotency_key, request_hash, now)
    findings = [
        {
            "type": f.type,
            "start": f.start,
            "end": f.end,
            "score": f.score,
            "recognizer": f.recognizer,
        }
        for f in decision.findings
    ]
    if connection.dialect.name == "postgresql":
        side, seen = sightings or ("", [])
        return _append_in_one_statement(
            connection,
            expected_version,
            conversation,
            turn,
            findings,
            gone,
            added,
            new,
            now,
            {"side": side, "sightings": _dumps(seen)},
        )
    return _append_portable(
        connection, expected_version, conversation, turn, findings, gone, added, new, now
    )


def _append_portable(
    connection: Connection,
    expected_version: int,
    conversation: dict[str, Any],
    turn: dict[str, Any],
    findings: list[dict],
    gone: list[dict],
    added: list[dict],
    new: NewLive | None,
    now: datetime,
) -> bool:
    cid = conversation["id"]
    c = m.Conversation.__table__
    values = {
        "version": conversation["version"],
        "state": conversation["state"],
        "turn_count": conversation["turn_count"],
        "updated_at": now,
        "risk_score": conversation["risk_score"],
        "risk_level": conversation["risk_level"],
        "scam": conversation["scam"],
        "scam_type": conversation["scam_type"],
        "warning": conversation["warning"],
    }
    if new is not None:
        # An id taken meanwhile raises IntegrityError: the caller retries and reads it.
        connection.execute(
            insert(c).values(
                id=cid,
                channel=new.channel,
                language=new.language,
                created_at=now,
                source="turns",
                agent_blocks=conversation["blocks"],
                flagged=conversation["flagged"],
                **values,
            )
        )
    else:
        updated = connection.execute(
            update(c)
            .where(c.c.id == cid, c.c.version == expected_version, c.c.source == "turns")
            .values(
                agent_blocks=c.c.agent_blocks + conversation["blocks"],
                flagged=c.c.flagged | conversation["flagged"],
                **values,
            )
        )
        if updated.rowcount != 1:
            return False
    turn_id = connection.execute(insert(m.Turn.__table__).values(**turn)).inserted_primary_key[0]
    if findings:
        connection.execute(
            insert(m.Finding.__table__), [f | {"turn_id": turn_id} for f in findings]
        )
    s = m.Signal.__table__
    for g in gone:
        connection.execute(
            delete(s).where(
                and_(
                    s.c.conversation_id == cid,
                    s.c.turn == g["turn"],
                    s.c.kind == g["kind"],
                    s.c.text == g["text"],
                )
            )
        )
    if added:
        connection.execute(insert(s), [a | {"conversation_id": cid} for a in added])
    return True


# One statement on PostgreSQL: the conversation's move (update at the expected version, or
# insert of a new id), the turn, its findings, the signal changes and the scam-indicator
# sightings (the indicator row made or its last_seen moved), each step fed only by
# the rows the step before it returned, so that nothing is written unless the version
# check passed. A single statement is atomic, so in autocommit it is one round trip and
# one commit instead of BEGIN, five statements and COMMIT.
_PG_TAIL = """
, turn AS (
    INSERT INTO turns (conversation_id, "index", speaker, action, redacted_text,
        agent_request, triggers, audio_redactions, start, "end", error, idempotency_key,
        request_hash, created_at)
    SELECT conv.id, CAST(:index AS int), CAST(:speaker AS text), CAST(:action AS text),
        CAST(:redacted_text AS text), CAST(:agent_request AS JSON), CAST(:triggers AS JSON),
        CAST(:audio_redactions AS JSON), CAST(:start AS float8), CAST(:end AS float8),
        CAST(:error AS text), CAST(:idempotency_key AS text), CAST(:request_hash AS text),
        CAST(:now AS timestamptz)
    FROM conv
    RETURNING id
), found AS (
    INSERT INTO findings (turn_id, type, start, "end", score, recognizer)
    SELECT turn.id, f.type, f.start, f."end", f.score, f.recognizer
    FROM turn CROSS JOIN jsonb_to_recordset(CAST(:findings AS JSONB))
        AS f(type text, start int, "end" int, score float8, recognizer text)
), gone AS (
    DELETE FROM signals AS s
    USING conv, jsonb_to_recordset(CAST(:gone AS JSONB)) AS g(turn int, kind text, text text)
    WHERE s.conversation_id = conv.id AND s.turn = g.turn AND s.kind = g.kind
        AND s.text = g.text
), added AS (
    INSERT INTO signals (conversation_id, turn, kind, text)
    SELECT conv.id, a.turn, a.kind, a.text
    FROM conv CROSS JOIN jsonb_to_recordset(CAST(:added AS JSONB))
        AS a(turn int, kind text, text text)
), indicator AS (
    INSERT INTO indicators (fingerprint, kind, display, confirmed_sessions, imported,
        first_seen, last_seen, updated_at)
    SELECT i.fingerprint, i.kind, i.display, 0, false, CAST(:now AS timestamptz),
        CAST(:now AS timestamptz), CAST(:now AS timestamptz)
    FROM conv CROSS JOIN jsonb_to_recordset(CAST(:sightings AS JSONB))
        AS i(fingerprint text, kind text, display text)
    ON CONFLICT (fingerprint) DO UPDATE SET last_seen = EXCLUDED.last_seen,
        first_seen = COALESCE(indicators.first_seen, EXCLUDED.first_seen)
), sighting AS (
    INSERT INTO indicator_sightings (fingerprint, conversation_id, turn, side, confirmed,
        seen_at)
    SELECT i.fingerprint, conv.id, CAST(:index AS int), CAST(:side AS text), false,
        CAST(:now AS timestamptz)
    FROM conv CROSS JOIN jsonb_to_recordset(CAST(:sightings AS JSONB)) AS i(fingerprint text)
    ON CONFLICT ON CONSTRAINT uq_sighting DO NOTHING
)
SELECT count(*) FROM conv
"""


def _driver_sql(statement: str) -> str:
    """``:name`` placeholders as psycopg's ``%(name)s``: the write goes to the driver as
    written (no compile or cache-key walk per turn), prepared after its fifth use."""
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", statement)


_PG_UPDATE = _driver_sql(
    """
WITH conv AS (
    UPDATE conversations SET version = :version, state = CAST(:state AS JSON),
        turn_count = :turn_count, updated_at = :now, risk_score = :risk_score,
        risk_level = :risk_level, scam = :scam, scam_type = :scam_type,
        warning = :warning, agent_blocks = agent_blocks + :blocks, flagged = flagged OR :flagged
    WHERE id = :id AND version = :expected_version AND source = 'turns'
    RETURNING id
)"""
    + _PG_TAIL
)
_PG_CREATE = _driver_sql(
    """
WITH conv AS (
    INSERT INTO conversations (id, channel, language, created_at, updated_at, turn_count,
        version, state, risk_score, risk_level, scam, scam_type, flagged, agent_blocks,
        warning, source)
    VALUES (:id, :channel, :language, :now, :now, :turn_count, :version,
        CAST(:state AS JSON), :risk_score, :risk_level, :scam, :scam_type, :flagged, :blocks,
        :warning, 'turns')
    ON CONFLICT (id) DO NOTHING
    RETURNING id
)"""
    + _PG_TAIL
)


def _append_in_one_statement(
    connection: Connection,
    expected_version: int,
    conversation: dict[str, Any],
    turn: dict[str, Any],
    findings: list[dict],
    gone: list[dict],
    added: list[dict],
    new: NewLive | None,
    now: datetime,
    extra: dict[str, Any],
) -> bool:
    params = {
        **extra,
        **conversation,
        **{k: v for k, v in turn.items() if k not in ("conversation_id", "created_at")},
        "state": _dumps(conversation["state"]),
        "agent_request": _dumps(turn["agent_request"]),
        "triggers": _dumps(turn["triggers"]),
        "audio_redactions": None
        if turn["audio_redactions"] is None
        else _dumps(turn["audio_redactions"]),
        "findings": _dumps(findings),
        "gone": _dumps(gone),
        "added": _dumps(added),
        "now": now,
        "expected_version": expected_version,
    }
    if new is not None:
        params |= {"channel": new.channel, "language": new.language}
    statement = _PG_CREATE if new is not None else _PG_UPDATE
    return connection.exec_driver_sql(statement, params).scalar_one() == 1


@dataclass(frozen=True, slots=True)
class SessionFilter:
    flagged: bool | None = None
    level: str | None = None
    agent_block: bool | None = None
    scam: bool | None = None
    reviewed: bool | None = None
    since: datetime | None = None
    until: datetime | None = None


def list_sessions(
    session: Session, flt: SessionFilter, offset: int, limit: int, sort: str = "recent"
) -> tuple[int, list[m.Conversation]]:
    return page_of(session, sessions_query(flt), offset, limit, sort)


def sessions_query(flt: SessionFilter) -> Select[m.Conversation]:
    """The conversations ``flt`` selects (unordered): the base that other filters extend."""
    query = select(m.Conversation)
    if flt.flagged is not None:
        query = query.where(m.Conversation.flagged.is_(flt.flagged))
    if flt.level:
        query = query.where(m.Conversation.risk_level == flt.level)
    if flt.agent_block is not None:
        query = query.where(
            (m.Conversation.agent_blocks > 0)
            if flt.agent_block
            else (m.Conversation.agent_blocks == 0)
        )
    if flt.scam is not None:
        query = query.where(m.Conversation.scam.is_(flt.scam))
    if flt.reviewed is not None:
        query = query.where(
            m.Conversation.disposition.is_not(None)
            if flt.reviewed
            else m.Conversation.disposition.is_(None)
        )
    if flt.since:
        query = query.where(m.Conversation.created_at >= flt.since)
    if flt.until:
        query = query.where(m.Conversation.created_at < flt.until)
    return query


def page_of(
    session: Session,
    query: Select[m.Conversation],
    offset: int,
    limit: int,
    sort: str = "recent",
) -> tuple[int, list[m.Conversation]]:
    """(how many ``query`` selects, one page of them in ``sort`` order)."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = (
        (m.Conversation.risk_score.desc(), m.Conversation.created_at.desc())
        if sort == "risk"
        else (m.Conversation.created_at.desc(), m.Conversation.id)
    )
    rows = session.scalars(query.order_by(*order).offset(offset).limit(limit)).all()
    return total, list(rows)


def session_detail(session: Session, conversation_id: str) -> m.Conversation | None:
    return session.scalars(
        select(m.Conversation)
        .options(
            selectinload(m.Conversation.turns).selectinload(m.Turn.findings),
            selectinload(m.Conversation.signals),
            selectinload(m.Conversation.reviews),
        )
        .where(m.Conversation.id == conversation_id)
    ).first()


def add_review(
    session: Session, row: m.Conversation, reviewer: str, disposition: str, note: str
) -> m.Review:
    review = m.Review(conversation_id=row.id, reviewer=reviewer, disposition=disposition, note=note)
    session.add(review)
    row.disposition = disposition
    apply_review(session, row.id, disposition)  # a confirmed scam's indicators become known
    return review


def audit(
    session: Session,
    actor: str,
    role: str,
    action: str,
    target: str | None = None,
    detail: str | None = None,
) -> None:
    session.add(m.AuditEntry(actor=actor, role=role, action=action, target=target, detail=detail))


def list_audit(session: Session, offset: int, limit: int) -> tuple[int, list[m.AuditEntry]]:
    total = session.scalar(select(func.count()).select_from(m.AuditEntry)) or 0
    rows = session.scalars(
        select(m.AuditEntry).order_by(m.AuditEntry.id.desc()).offset(offset).limit(limit)
    ).all()
    return total, list(rows)


def stats(session: Session, days: int = 14) -> dict:
    """Flagged sessions per day and the most frequent signal kinds (console summary)."""
    day = func.date(m.Conversation.created_at)
    per_day = session.execute(
        select(day, func.count())
        .where(m.Conversation.flagged.is_(True))
        .group_by(day)
        .order_by(day.desc())
        .limit(days)
    ).all()
    top = session.execute(
        select(m.Signal.kind, func.count())
        .group_by(m.Signal.kind)
        .order_by(func.count().desc())
        .limit(10)
    ).all()
    flagged = case((m.Conversation.flagged.is_(True), 1), else_=0)
    unreviewed = case(
        ((m.Conversation.flagged.is_(True)) & (m.Conversation.disposition.is_(None)), 1), else_=0
    )
    totals = session.execute(select(func.count(), func.sum(flagged), func.sum(unreviewed))).one()
    return {
        "per_day": [(str(d), n) for d, n in reversed(per_day)],
        "top_signals": [(k, n) for k, n in top],
        "sessions": totals[0] or 0,
        "flagged": totals[1] or 0,
        "unreviewed_flagged": totals[2] or 0,
    }


@dataclass(frozen=True, slots=True)
class Erased:
    """What erasing one conversation removed: its id and counts, nothing of its content."""

    conversation_id: str
    turns: int
    signals: int
    reviews: int

    def detail(self) -> str:
        return f"turns={self.turns} signals={self.signals} reviews={self.reviews}"


def _counts(session: Session, table: type[m.Turn | m.Signal | m.Review], ids: list[str]) -> dict:
    column = table.conversation_id
    return dict(
        session.execute(select(column, func.count()).where(column.in_(ids)).group_by(column)).all()
    )


def erase(session: Session, ids: Sequence[str]) -> list[Erased]:
    """Delete these conversations with their turns, findings, signals and reviews.

    Children are deleted explicitly rather than left to ON DELETE CASCADE, so erasure does
    not depend on SQLite's foreign-key pragma being on for the connection.
    """
    ids = list(ids)
    present = list(session.scalars(select(m.Conversation.id).where(m.Conversation.id.in_(ids))))
    if not present:
        return []
    turns = _counts(session, m.Turn, present)
    signals = _counts(session, m.Signal, present)
    reviews = _counts(session, m.Review, present)
    turn_ids = select(m.Turn.id).where(m.Turn.conversation_id.in_(present))
    session.execute(delete(m.Finding).where(m.Finding.turn_id.in_(turn_ids)))
    erase_sightings(session, present)
    for table in (m.Turn, m.Signal, m.Review):
        session.execute(delete(table).where(table.conversation_id.in_(present)))
    session.execute(delete(m.Conversation).where(m.Conversation.id.in_(present)))
    session.expunge_all()  # rows loaded earlier in this session no longer exist
    return [
        Erased(cid, turns.get(cid, 0), signals.get(cid, 0), reviews.get(cid, 0)) for cid in present
    ]


def idle_since(session: Session, cutoff: datetime, limit: int) -> list[str]:
    """Ids of up to ``limit`` conversations last updated before ``cutoff``, oldest first."""
    return list(
        session.scalars(
            select(m.Conversation.id)
            .where(m.Conversation.updated_at < cutoff)
            .order_by(m.Conversation.updated_at, m.Conversation.id)
            .limit(limit)
        )
    )
