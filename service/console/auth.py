"""Console sign-in: a signed, HttpOnly, SameSite=Strict session cookie, and CSRF tokens.

The cookie holds the key's public prefix, name and role, an expiry and an HMAC; never
the key. Every request re-checks that a live key with that prefix still exists, so a
revoked key signs its sessions out. Forms carry a CSRF token derived from the session
(or, before sign-in, from a pre-session cookie) and checked on every POST.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.keys import Principal
from service.store.models import ApiKey

COOKIE = "piiguard_console"
PRE_COOKIE = "piiguard_console_pre"
LIFETIME_SECONDS = 8 * 3600


class ConsoleAuth:
    def __init__(self, secret: str | None):
        # Without a configured secret, sessions last as long as the process (documented).
        self.secret = (secret or secrets.token_hex(32)).encode()

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self.secret, payload, hashlib.sha256).hexdigest()

    def issue(self, principal: Principal) -> str:
        body = json.dumps(
            {
                "p": principal.prefix,
                "n": principal.name,
                "r": principal.role,
                "e": int(time.time()) + LIFETIME_SECONDS,
                "s": secrets.token_hex(8),
            }
        ).encode()
        token = base64.urlsafe_b64encode(body).decode()
        return f"{token}.{self._sign(body)}"

    def read(self, cookie: str | None, db: Session) -> tuple[Principal, str] | None:
        """The principal of a valid session cookie (and the session id), else None."""
        if not cookie or "." not in cookie or len(cookie) > 2000:
            return None
        token, signature = cookie.rsplit(".", 1)
        try:
            body = base64.urlsafe_b64decode(token.encode())
            data = json.loads(body)
        except (ValueError, json.JSONDecodeError):
            return None
        if not hmac.compare_digest(self._sign(body), signature) or data.get("e", 0) < time.time():
            return None
        live = db.scalar(
            select(ApiKey).where(ApiKey.prefix == data["p"], ApiKey.revoked_at.is_(None))
        )
        if live is None or live.role != data["r"]:
            return None
        return Principal(data["n"], data["r"], data["p"]), data["s"]

    @staticmethod
    def issue_pre() -> str:
        """A random id for the sign-in form's CSRF token, before there is a session."""
        return secrets.token_hex(16)

    def csrf_for(self, session_id: str) -> str:
        return self._sign(f"csrf:{session_id}".encode())

    def csrf_ok(self, session_id: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf_for(session_id), token or "")
