"""Console triage queries: search filters on top of repo.SessionFilter, why each queue row
was flagged, assignment, "next unreviewed", and the audit log filtered and paged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, case, exists, func, select, update
from sqlalchemy.orm import Session

from service.store import models as m
from service.store import repo

REASONS_PER_ROW = 4  # at a glance: a phone card stays a few lines tall
BLOCKED_PER_ROW = 2
CHOICES_MAX = 100  # distinct signal kinds / entity types offered in the filter menus


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass(frozen=True, slots=True)
class Search:
    """Filters the console adds to /v1/sessions' (all optional; exact matches except
    ``id_contains``). ``assigned_to`` "none" means unassigned."""

    id_contains: str | None = None
    signal: str | None = None
    entity: str | None = None
    disposition: str | None = None
    reviewer: str | None = None
    assigned_to: str | None = None


def search_query(base: repo.SessionFilter, extra: Search) -> Select[m.Conversation]:
    c = m.Conversation
    query = repo.sessions_query(base)
    if extra.id_contains:
        query = query.where(c.id.like(f"%{_escape_like(extra.id_contains)}%", escape="\\"))
    if extra.signal:
        query = query.where(
            exists().where(m.Signal.conversation_id == c.id, m.Signal.kind == extra.signal)
        )
    if extra.entity:
        query = query.where(
            exists()
            .where(m.Turn.conversation_id == c.id, m.Finding.turn_id == m.Turn.id)
            .where(m.Finding.type == extra.entity)
        )
    if extra.disposition:
        query = query.where(c.disposition == extra.disposition)
    if extra.reviewer:
        query = query.where(
            exists().where(m.Review.conversation_id == c.id, m.Review.reviewer == extra.reviewer)
        )
    if extra.assigned_to == "none":
        query = query.where(c.assigned_to.is_(None))
    elif extra.assigned_to:
        query = query.where(c.assigned_to == extra.assigned_to)
    return query


@dataclass(slots=True)
class Reasons:
    """Why a queue row is there: its most frequent signal kinds and the entity types an
    agent asked for in blocked turns."""

    signals: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def reasons(session: Session, ids: Sequence[str]) -> dict[str, Reasons]:
    """Reasons for one page of rows (two queries, whatever the page size): up to
    BLOCKED_PER_ROW blocked request types, then the most frequent signal kinds, at most
    REASONS_PER_ROW in all."""
    out: dict[str, Reasons] = {i: Reasons() for i in ids}
    if not ids:
        return out
    blocked = session.execute(
        select(m.Turn.conversation_id, m.Turn.agent_request)
        .where(m.Turn.conversation_id.in_(ids), m.Turn.action == "block")
        .order_by(m.Turn.conversation_id, m.Turn.index)
        .limit(len(ids) * 20)
    ).all()
    for cid, requested in blocked:
        for entity in requested if isinstance(requested, list) else ():
            mine = out[str(cid)].blocked
            if isinstance(entity, str) and entity not in mine and len(mine) < BLOCKED_PER_ROW:
                mine.append(entity)
    counted = session.execute(
        select(m.Signal.conversation_id, m.Signal.kind, func.count())
        .where(m.Signal.conversation_id.in_(ids))
        .group_by(m.Signal.conversation_id, m.Signal.kind)
        .order_by(m.Signal.conversation_id, func.count().desc(), m.Signal.kind)
    ).all()
    for cid, kind, _ in counted:
        row = out[cid]
        # "asked for X" says no more than "blocked request: X" beside it.
        repeats = kind.startswith("request:") and kind.split(":", 1)[1] in row.blocked
        if not repeats and len(row.signals) + len(row.blocked) < REASONS_PER_ROW:
            row.signals.append(kind)
    return out


def signal_kinds(session: Session) -> list[str]:
    return list(
        session.scalars(select(m.Signal.kind).distinct().order_by(m.Signal.kind).limit(CHOICES_MAX))
    )


def entity_types(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(m.Finding.type).distinct().order_by(m.Finding.type).limit(CHOICES_MAX)
        )
    )


def assign(session: Session, conversation_id: str, assignee: str | None) -> bool:
    """Set (or clear) who a session is assigned to; False when there is no such session."""
    done = session.execute(
        update(m.Conversation)
        .where(m.Conversation.id == conversation_id)
        .values(assigned_to=assignee)
    )
    return bool(getattr(done, "rowcount", 0))


def next_unreviewed(session: Session, skip: str | None = None) -> str | None:
    """The riskiest flagged session nobody has reviewed or taken (``skip``: one to pass
    over, the session the reviewer is leaving)."""
    c = m.Conversation
    query = select(c.id).where(
        c.flagged.is_(True), c.disposition.is_(None), c.assigned_to.is_(None)
    )
    if skip:
        query = query.where(c.id != skip)
    return session.scalar(query.order_by(c.risk_score.desc(), c.created_at.desc()).limit(1))


@dataclass(frozen=True, slots=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def audit_query(flt: AuditFilter) -> Select[m.AuditEntry]:
    a = m.AuditEntry
    query = select(a)
    if flt.actor:
        query = query.where(a.actor == flt.actor)
    if flt.action:
        query = query.where(a.action == flt.action)
    if flt.since:
        query = query.where(a.at >= flt.since)
    if flt.until:
        query = query.where(a.at < flt.until)
    return query


def audit_page(
    session: Session, flt: AuditFilter, offset: int, limit: int
) -> tuple[int, list[m.AuditEntry]]:
    query = audit_query(flt)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(m.AuditEntry.id.desc()).offset(offset).limit(limit)).all()
    return total, list(rows)


def audit_actions(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(m.AuditEntry.action).distinct().order_by(m.AuditEntry.action).limit(CHOICES_MAX)
        )
    )


def summary_stats(
    session: Session, since: datetime | None, until: datetime | None, days: int = 31
) -> dict:
    """repo.stats for sessions started in [since, until): flagged per day (the last
    ``days`` days of the range), the most frequent signal kinds, and the counters."""
    c = m.Conversation
    window = []
    if since:
        window.append(c.created_at >= since)
    if until:
        window.append(c.created_at < until)
    day = func.date(c.created_at)
    per_day = session.execute(
        select(day, func.count())
        .where(c.flagged.is_(True), *window)
        .group_by(day)
        .order_by(day.desc())
        .limit(days)
    ).all()
    top = session.execute(
        select(m.Signal.kind, func.count())
        .join(c, c.id == m.Signal.conversation_id)
        .where(*window)
        .group_by(m.Signal.kind)
        .order_by(func.count().desc())
        .limit(10)
    ).all()
    flagged = case((c.flagged.is_(True), 1), else_=0)
    unreviewed = case((c.flagged.is_(True) & c.disposition.is_(None), 1), else_=0)
    totals = session.execute(
        select(func.count(), func.sum(flagged), func.sum(unreviewed)).select_from(c).where(*window)
    ).one()
    return {
        "per_day": [(str(d), n) for d, n in reversed(per_day)],
        "top_signals": [(k, n) for k, n in top],
        "sessions": totals[0] or 0,
        "flagged": totals[1] or 0,
        "unreviewed_flagged": totals[2] or 0,
    }
