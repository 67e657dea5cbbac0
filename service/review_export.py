"""Reviewed sessions as CSV or JSON for regulators and audits, and the audit log as CSV.

Everything exported is stored data, which is redacted: notes were redacted when saved and
signals are exported by kind. Times are RFC 3339 in UTC. A CSV cell that a spreadsheet
would read as a formula is prefixed with a quote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from service.store import models as m

EXPORT_MAX_ROWS = 10_000
_BATCH = 500
REVIEW_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "last_reviewed_at",
    "risk_score",
    "risk_level",
    "scam",
    "type",
    "signals",
    "dispositions",
    "notes",
    "reviewers",
)
AUDIT_COLUMNS = ("at", "actor", "role", "action", "target", "detail")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def rfc3339(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def reviewed_rows(session: Session, ids: Sequence[str]) -> list[dict[str, Any]]:
    """One record per session id (in the given order), with all its reviews and signals."""
    out = []
    for start in range(0, len(ids), _BATCH):
        batch = list(ids[start : start + _BATCH])
        convs = {
            c.id: c
            for c in session.scalars(select(m.Conversation).where(m.Conversation.id.in_(batch)))
        }
        reviews: dict[str, list[m.Review]] = {}
        for r in session.scalars(
            select(m.Review).where(m.Review.conversation_id.in_(batch)).order_by(m.Review.id)
        ):
            reviews.setdefault(r.conversation_id, []).append(r)
        kinds: dict[str, list[str]] = {}
        for cid, kind in session.execute(
            select(m.Signal.conversation_id, m.Signal.kind)
            .where(m.Signal.conversation_id.in_(batch))
            .order_by(m.Signal.id)
        ):
            if kind not in kinds.setdefault(cid, []):
                kinds[cid].append(kind)
        for cid in batch:
            c = convs.get(cid)
            if c is None:
                continue
            mine = reviews.get(cid, [])
            out.append(
                {
                    "id": c.id,
                    "created_at": rfc3339(c.created_at),
                    "updated_at": rfc3339(c.updated_at),
                    "last_reviewed_at": rfc3339(mine[-1].created_at) if mine else None,
                    "risk_score": round(c.risk_score, 3),
                    "risk_level": c.risk_level,
                    "scam": c.scam,
                    "type": c.scam_type,
                    "signals": kinds.get(cid, []),
                    "dispositions": [r.disposition for r in mine],
                    "notes": [r.note for r in mine if r.note],
                    "reviewers": sorted({r.reviewer for r in mine}),
                }
            )
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = " | ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(columns: Sequence[str], records: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(col)) for col in columns])
    return buffer.getvalue()


def audit_records(rows: Iterable[m.AuditEntry]) -> list[dict[str, Any]]:
    return [
        {
            "at": rfc3339(a.at),
            "actor": a.actor,
            "role": a.role,
            "action": a.action,
            "target": a.target,
            "detail": a.detail,
        }
        for a in rows
    ]


def reviewed_ids(
    session: Session, query: Select[m.Conversation], offset: int, limit: int
) -> list[str]:
    """Ids of the reviewed sessions ``query`` selects, oldest first, one bounded page."""
    c = m.Conversation
    ids = query.where(c.disposition.is_not(None)).with_only_columns(c.id)
    return list(
        session.scalars(
            ids.order_by(c.created_at, c.id).offset(offset).limit(min(limit, EXPORT_MAX_ROWS))
        )
    )
