"""Flagged-session routes for compliance (roles ``reviewer`` and ``admin``); every read
and review is written to the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from service.deps import AdminKey, DbSession, GuardDep, ReviewerKey, SettingsDep, audit
from service.errors import ApiError
from service.free_text import redacted_free_text
from service.schemas import ErasedOut, ReviewIn, ReviewOut, SessionDetail, SessionPage
from service.store import repo
from service.views import session_detail, session_summary

router = APIRouter(prefix="/v1/sessions", tags=["sessions"])
SessionId = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("", response_model=SessionPage)
def list_sessions(
    db: DbSession,
    who: ReviewerKey,
    settings: SettingsDep,
    flagged: bool | None = None,
    level: Literal["low", "medium", "high"] | None = None,
    agent_block: bool | None = None,
    scam: bool | None = None,
    reviewed: bool | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    sort: Literal["recent", "risk"] = "recent",
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict:
    """Sessions, newest (or riskiest) first, filtered and paged."""
    flt = repo.SessionFilter(flagged, level, agent_block, scam, reviewed, since, until)
    total, rows = repo.list_sessions(db, flt, offset, min(limit, settings.page_size_max), sort)
    audit(db, who, "list_sessions", None, f"offset={offset} limit={limit}")
    return {
        "total": total,
        "offset": offset,
        "limit": limit,
        "items": [session_summary(r) for r in rows],
    }


@router.get("/{session_id}", response_model=SessionDetail)
def get_session(session_id: SessionId, db: DbSession, who: ReviewerKey) -> dict:
    """The redacted transcript with findings, signals, blocks and reviews."""
    row = repo.session_detail(db, session_id)
    if row is None:
        raise ApiError(404, "not_found", "no such session")
    audit(db, who, "view_session", session_id)
    return session_detail(row)


@router.post("/{session_id}/review", response_model=ReviewOut, status_code=201)
def review(
    session_id: SessionId, body: ReviewIn, db: DbSession, who: ReviewerKey, guard: GuardDep
) -> dict:
    """Record a disposition (and a note) for a session. The note is stored redacted, like
    a turn: a value quoted in it never reaches the database."""
    row = repo.load_conversation(db, session_id)
    if row is None:
        raise ApiError(404, "not_found", "no such session")
    note = redacted_free_text(guard, body.note, "note")
    saved = repo.add_review(db, row, who.name, body.disposition, note)
    audit(db, who, "review_session", session_id, body.disposition)
    db.flush()
    return {
        "reviewer": saved.reviewer,
        "disposition": saved.disposition,
        "note": saved.note,
        "created_at": saved.created_at,
    }


@router.delete("/{session_id}", response_model=ErasedOut)
def erase_session(session_id: SessionId, db: DbSession, who: AdminKey) -> dict:
    """Erase one conversation (a data-subject request): its turns, findings, signals and
    reviews. The audit log records who erased which id and the counts, nothing else."""
    erased = repo.erase(db, [session_id])
    if not erased:
        raise ApiError(404, "not_found", "no such session")
    audit(db, who, "erase_session", session_id, erased[0].detail())
    e = erased[0]
    return {"id": e.conversation_id, "turns": e.turns, "signals": e.signals, "reviews": e.reviews}
