"""API keys: created once (the plaintext is shown once), stored hashed, checked in
constant time, revocable. Roles: ``ingest`` (scan, turns, redact), ``reviewer``
(sessions: read and review), ``admin`` (keys and audit log; may also review)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.roles import ROLES
from service.store.models import ApiKey, utcnow

PREFIX_LEN = 12


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the key's name, role and public prefix (never the key)."""

    name: str
    role: str
    prefix: str


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(session: Session, role: str, name: str) -> str:
    """A new key for ``role``; returns the plaintext, which is not stored anywhere."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    key = f"pgk_{role[0]}_{secrets.token_urlsafe(32)}"
    session.add(ApiKey(name=name, role=role, prefix=key[:PREFIX_LEN], key_hash=_hash(key)))
    return key


def revoke_key(session: Session, prefix: str) -> int:
    """Revoke every live key whose public prefix is ``prefix``; returns how many."""
    rows = session.scalars(
        select(ApiKey).where(ApiKey.prefix == prefix, ApiKey.revoked_at.is_(None))
    ).all()
    for row in rows:
        row.revoked_at = utcnow()
    return len(rows)


def authenticate(session: Session, key: str) -> Principal | None:
    """The principal of a live key, or None. Hashes are compared in constant time."""
    if not key or len(key) > 200:
        return None
    digest = _hash(key)
    candidates = session.scalars(
        select(ApiKey).where(ApiKey.prefix == key[:PREFIX_LEN], ApiKey.revoked_at.is_(None))
    ).all()
    for row in candidates:
        if hmac.compare_digest(row.key_hash, digest):
            return Principal(row.name, row.role, row.prefix)
    return None


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)).all())
