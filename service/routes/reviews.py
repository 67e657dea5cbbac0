"""Export of reviewed sessions for regulators and audits (roles ``reviewer`` and ``admin``);
every export is written to the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Select
from sqlalchemy.orm import Session

from service import review_export
from service.deps import DbSession, ReviewerKey, audit
from service.keys import Principal
from service.store import models as m
from service.store import repo

router = APIRouter(prefix="/v1/reviews", tags=["sessions"])
ExportFormat = Literal["csv", "json"]


def export_response(
    db: Session,
    who: Principal,
    query: Select[m.Conversation],
    fmt: ExportFormat,
    offset: int,
    limit: int,
    origin: str,
) -> Response:
    """The export as a download; audited with its format, size and where it was asked."""
    ids = review_export.reviewed_ids(db, query, offset, limit)
    records = review_export.reviewed_rows(db, ids)
    audit(db, who, "export_reviews", None, f"{origin} format={fmt} rows={len(records)}")
    stamp = datetime.now().strftime("%Y%m%d")
    if fmt == "csv":
        return Response(
            review_export.to_csv(review_export.REVIEW_COLUMNS, records),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="reviews-{stamp}.csv"'},
        )
    return JSONResponse(
        {"count": len(records), "offset": offset, "items": records},
        headers={"Content-Disposition": f'attachment; filename="reviews-{stamp}.json"'},
    )


@router.get("/export", response_class=Response)
def export_reviews(
    db: DbSession,
    who: ReviewerKey,
    format: ExportFormat = "csv",  # noqa: A002 - the query parameter's public name
    flagged: bool | None = None,
    level: Literal["low", "medium", "high"] | None = None,
    agent_block: bool | None = None,
    scam: bool | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=review_export.EXPORT_MAX_ROWS)] = (
        review_export.EXPORT_MAX_ROWS
    ),
) -> Response:
    """Reviewed sessions (id, times, risk, type, signal kinds, dispositions, notes as
    stored, that is redacted, and reviewers), oldest first, as CSV or JSON. Filters as in
    ``GET /v1/sessions``; at most 10,000 sessions a request (page with offset)."""
    flt = repo.SessionFilter(flagged, level, agent_block, scam, True, since, until)
    return export_response(db, who, repo.sessions_query(flt), format, offset, limit, "api")
