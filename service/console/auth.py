"""Console sign-in: a server-side session behind a signed, HttpOnly, SameSite=Strict
cookie, and CSRF tokens.

The cookie holds a random session token signed with ``itsdangerous`` (so a forged or
expired cookie is refused before any database lookup); the database keeps only the
token's SHA-256 with the key's public prefix, name and role. A session ends when its
owner signs out (the row is deleted), when it has been idle for ``idle_seconds``, after
``LIFETIME_SECONDS`` whatever happens, and when its key is revoked. Signing in always
starts a new session (the old one, if the browser had one, is ended): a session id
planted before sign-in is worth nothing after it. Forms carry a CSRF token derived from
the session (or, before sign-in, from a pre-session cookie) and checked on every POST.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from service.keys import Principal
from service.store.models import ApiKey, ConsoleSession

COOKIE = "piiguard_console"
PRE_COOKIE = "piiguard_console_pre"
LIFETIME_SECONDS = 8 * 3600
_MAX_COOKIE_CHARS = 400
# last_seen_at is written at most this often: reading pages does not write every time.
_TOUCH_EVERY = timedelta(seconds=60)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite gives back naive datetimes for timezone-aware columns; they were UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _same(expected: str, given: str | None) -> bool:
    """Constant-time equality for text from a request, whatever characters it holds
    (``hmac.compare_digest`` raises on non-ASCII ``str``)."""
    if not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8", "surrogatepass"))


class ConsoleAuth:
    def __init__(self, secret: str | None, *, idle_seconds: int = 30 * 60):
        # Without a configured secret, sessions last as long as the process (documented).
        self.secret = (secret or secrets.token_hex(32)).encode()
        self.idle = timedelta(seconds=idle_seconds)
        self.lifetime = timedelta(seconds=LIFETIME_SECONDS)
        self._cookies = URLSafeTimedSerializer(self.secret, salt="piiguard-console-session")

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self.secret, payload, hashlib.sha256).hexdigest()

    def _token(self, cookie: str | None) -> str | None:
        if not cookie or len(cookie) > _MAX_COOKIE_CHARS:
            return None
        try:
            token = self._cookies.loads(cookie, max_age=LIFETIME_SECONDS)
        except (BadData, UnicodeError, ValueError, TypeError):
            return None
        return token if isinstance(token, str) and token.isascii() else None

    def sign_in(self, db: Session, principal: Principal, old_cookie: str | None) -> str:
        """A new session for ``principal``; returns the cookie value. Ends the browser's
        previous session, and clears out sessions that expired unattended."""
        self.sign_out(db, old_cookie)
        now = _now()
        db.execute(
            delete(ConsoleSession).where(
                or_(
                    ConsoleSession.last_seen_at < now - self.idle,
                    ConsoleSession.created_at < now - self.lifetime,
                )
            )
        )
        token = secrets.token_urlsafe(32)
        db.add(
            ConsoleSession(
                token_hash=_hash(token),
                key_prefix=principal.prefix,
                name=principal.name,
                role=principal.role,
                created_at=now,
                last_seen_at=now,
            )
        )
        return self._cookies.dumps(token)

    def sign_out(self, db: Session, cookie: str | None) -> None:
        token = self._token(cookie)
        if token is not None:
            db.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == _hash(token)))

    def read(self, cookie: str | None, db: Session) -> tuple[Principal, str] | None:
        """The principal of a live session (and the session id for CSRF), else None."""
        token = self._token(cookie)
        if token is None:
            return None
        row = db.get(ConsoleSession, _hash(token))
        if row is None:
            return None
        now = _now()
        if (
            _aware(row.last_seen_at) + self.idle < now
            or _aware(row.created_at) + self.lifetime < now
        ):
            return None
        live = db.scalar(
            select(ApiKey.id).where(
                ApiKey.prefix == row.key_prefix,
                ApiKey.role == row.role,
                ApiKey.revoked_at.is_(None),
            )
        )
        if live is None:
            return None
        if now - _aware(row.last_seen_at) > _TOUCH_EVERY:
            row.last_seen_at = now
        return Principal(row.name, row.role, row.key_prefix), row.token_hash

    @staticmethod
    def issue_pre() -> str:
        """A random id for the sign-in form's CSRF token, before there is a session."""
        return secrets.token_hex(16)

    def csrf_for(self, session_id: str) -> str:
        return self._sign(f"csrf:{session_id}".encode("utf-8", "surrogatepass"))

    def csrf_ok(self, session_id: str, token: str | None) -> bool:
        return _same(self.csrf_for(session_id), token)
