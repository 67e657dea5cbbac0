"""Scam indicator routes: list (reviewer, admin), import, export and retire (admin).

Values never come back out: an import is fingerprinted as it is read and not kept; every
answer holds fingerprints and display forms only. Every call is written to the audit log.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from piiguard.indicators import INDICATOR_KINDS, raw_values
from service.deps import AdminKey, DbSession, GuardDep, ReviewerKey, SettingsDep, audit
from service.errors import ApiError
from service.schemas import ImportOut, IndicatorPage
from service.store import indicators as store

router = APIRouter(prefix="/v1", tags=["indicators"])
Fingerprint = Annotated[str, Path(pattern="^[0-9a-f]{64}$")]
MAX_IMPORT_VALUES = 100_000
Kind = Literal["phone", "domain", "account", "wallet", "meeting_id"]
assert set(Kind.__args__) == set(INDICATOR_KINDS)  # type: ignore[attr-defined]


@router.get("/indicators", response_model=IndicatorPage)
def list_indicators(
    db: DbSession,
    who: ReviewerKey,
    settings: SettingsDep,
    kind: Kind | None = None,
    confirmed: bool | None = None,
    imported: bool | None = None,
    session: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    seen_since: datetime | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict:
    """Indicators, most confirmed first: counts, first/last seen, the sessions seen in."""
    flt = store.IndicatorFilter(kind, confirmed, imported, session, seen_since)
    total, items = store.list_indicators(db, flt, offset, min(limit, settings.page_size_max))
    audit(db, who, "list_indicators", session, f"offset={offset} limit={limit}")
    return {"total": total, "offset": offset, "limit": limit, "items": items}


@router.get("/sessions/{session_id}/indicators", response_model=IndicatorPage)
def session_indicators(
    session_id: Annotated[str, Path(min_length=1, max_length=200)],
    db: DbSession,
    who: ReviewerKey,
) -> dict:
    """The indicators seen in one session, each with the sessions it was seen in."""
    flt = store.IndicatorFilter(conversation_id=session_id)
    total, items = store.list_indicators(db, flt, 0, 200)
    audit(db, who, "view_session_indicators", session_id)
    return {"total": total, "offset": 0, "limit": 200, "items": items}


@router.post("/indicators/import", response_model=ImportOut)
async def import_indicators(
    request: Request,
    db: DbSession,
    who: AdminKey,
    guard: GuardDep,
    language: Literal["zh", "en"] = "zh",
) -> dict:
    """A list of raw values (text, one a line, or CSV) fingerprinted and marked known.

    ``language`` picks the region of numbers written without a country code (zh: China,
    en: the US). The body is read, fingerprinted and dropped; the answer counts values
    and names skipped lines by number only.
    """
    assert guard.indicators is not None  # the service always serves with a finder
    try:
        text = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(422, "invalid_request", "the list is not UTF-8 text") from None
    values = raw_values(text)
    if len(values) > MAX_IMPORT_VALUES:
        raise ApiError(413, "too_many_values", f"import at most {MAX_IMPORT_VALUES} values")
    outcome = await run_in_threadpool(store.import_values, db, guard.indicators, values, language)
    audit(
        db,
        who,
        "import_indicators",
        None,
        f"added={outcome.added} known={outcome.already_known} skipped={len(outcome.skipped_lines)}",
    )
    return {
        "added": outcome.added,
        "already_known": outcome.already_known,
        "skipped": len(outcome.skipped_lines),
        "skipped_lines": list(outcome.skipped_lines[:100]),
    }


@router.get("/indicators/export")
def export_indicators(db: DbSession, who: AdminKey, guard: GuardDep) -> StreamingResponse:
    """Known indicators as JSON lines: fingerprint, kind, display, confirmed count, key id.
    What ``piiguard scan --indicators`` reads; useful only with the same secret."""
    assert guard.indicators is not None
    key = guard.indicators.key_id
    lines = [
        json.dumps(
            {
                "fingerprint": r.fingerprint,
                "kind": r.kind,
                "display": r.display,
                "confirmed_sessions": r.confirmed_sessions,
                "imported": r.imported,
                "key_id": key,
            },
            ensure_ascii=False,
        )
        + "\n"
        for r in store.known_rows(db)
    ]
    audit(db, who, "export_indicators", None, f"count={len(lines)}")

    def body() -> Iterator[str]:
        yield from lines

    return StreamingResponse(body(), media_type="application/x-ndjson")


@router.delete("/indicators/{fingerprint}", status_code=204)
def retire_indicator(fingerprint: Fingerprint, db: DbSession, who: AdminKey) -> None:
    """Retire an indicator: it stops flagging conversations; its sightings go with it."""
    if not store.retire(db, fingerprint):
        raise ApiError(404, "not_found", "no such indicator")
    audit(db, who, "retire_indicator", fingerprint)
