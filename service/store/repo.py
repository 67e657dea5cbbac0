"""Repositories: the only code that reads and writes the tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, case, delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from piiguard.model import Risk, ScanResult, TurnDecision
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
) -> None:
    """Store a whole transcript's result under a new id.

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


def append_turn(
    session: Session,
    conversation_id: str,
    expected_version: int,
    decision: TurnDecision,
    state: dict,
    start: float | None,
    end: float | None,
    idempotency_key: str | None,
    request_hash: str | None = None,
) -> bool:
    """Store one turn and the new conversation state, if nobody else stored one first.

    Optimistic concurrency: the update only applies at ``expected_version``; False means
    another process took a turn meanwhile and the caller should retry on fresh state.
    """
    blocks = 1 if decision.speaker == "agent" and decision.action == "block" else 0
    risk = decision.risk
    flagged = risk.level in FLAG_LEVELS or blocks > 0
    updated = cast(
        CursorResult[Any],
        session.execute(
            update(m.Conversation)
            .where(
                m.Conversation.id == conversation_id,
                m.Conversation.version == expected_version,
                m.Conversation.source == "turns",
            )
            .values(
                version=expected_version + 1,
                state=state,
                turn_count=decision.index + 1,
                updated_at=m.utcnow(),
                risk_score=risk.score,
                risk_level=risk.level,
                scam=risk.scam,
                warning=risk.warning,
                agent_blocks=m.Conversation.agent_blocks + blocks,
                flagged=m.Conversation.flagged | flagged,
            )
            .execution_options(synchronize_session=False)
        ),
    )
    if updated.rowcount != 1:
        return False
    turn = _turn_row(conversation_id, decision, start, end, idempotency_key)
    turn.request_hash = request_hash
    session.add(turn)
    sync_signals(session, conversation_id, risk)
    return True


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
