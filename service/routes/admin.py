"""Admin routes: API keys and the audit log (role ``admin``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from service import keys
from service.deps import AdminKey, DbSession, GuardDep, audit
from service.errors import ApiError
from service.free_text import redacted_free_text
from service.schemas import AuditPage, KeyCreatedOut, KeyCreateIn, KeyOut
from service.store import repo

router = APIRouter(prefix="/v1", tags=["admin"])
KEY_NAME_MAX = 120  # the column's width; a redaction tag can make a name longer


@router.get("/audit", response_model=AuditPage)
def audit_log(
    db: DbSession,
    _: AdminKey,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict:
    """Who read or reviewed what, and when (newest first)."""
    total, rows = repo.list_audit(db, offset, limit)
    items = [
        {
            "at": r.at,
            "actor": r.actor,
            "role": r.role,
            "action": r.action,
            "target": r.target,
            "detail": r.detail,
        }
        for r in rows
    ]
    return {"total": total, "offset": offset, "limit": limit, "items": items}


@router.post("/keys", response_model=KeyCreatedOut, status_code=201)
def create_key(body: KeyCreateIn, db: DbSession, who: AdminKey, guard: GuardDep) -> dict:
    """A new API key; the response is the only time its plaintext is shown. The name is
    stored redacted, like any free text a person types."""
    name = redacted_free_text(guard, body.name, "name")[:KEY_NAME_MAX]
    key = keys.create_key(db, body.role, name)
    audit(db, who, "create_key", key[: keys.PREFIX_LEN], body.role)
    return {"key": key, "prefix": key[: keys.PREFIX_LEN], "role": body.role, "name": name}


@router.get("/keys", response_model=list[KeyOut])
def list_keys(db: DbSession, _: AdminKey) -> list[dict]:
    return [
        {
            "prefix": k.prefix,
            "role": k.role,
            "name": k.name,
            "created_at": k.created_at,
            "revoked": k.revoked_at is not None,
        }
        for k in keys.list_keys(db)
    ]


@router.delete("/keys/{prefix}", status_code=204)
def revoke_key(
    prefix: Annotated[str, Path(min_length=4, max_length=16)],
    db: DbSession,
    who: AdminKey,
    request: Request,
) -> None:
    if keys.revoke_key(db, prefix) == 0:
        raise ApiError(404, "not_found", "no live key with that prefix")
    request.app.state.key_cache.forget(prefix)  # at once here; other processes within seconds
    audit(db, who, "revoke_key", prefix)
