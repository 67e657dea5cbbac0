"""API-key verification remembered in memory for a few seconds.

Every request used to look its key up in the database (a connection, a round trip, an
ORM object). A live key is now verified once and its principal remembered for
``ttl_seconds`` (5 by default). Revoking a key through this process (``DELETE
/v1/keys/{prefix}``) forgets it here at once; another process or replica, or ``piiguard
keys revoke``, stops accepting it within ``ttl_seconds``. Only successes are remembered,
so a key created anywhere works at once, and a wrong key always reaches the database.

Entries are keyed by the key's SHA-256 (the plaintext is not kept) and the table is
bounded: when full it is emptied and refilled by the next requests.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from service.keys import Principal, authenticate

DEFAULT_TTL_SECONDS = 5.0
DEFAULT_MAX_ENTRIES = 10_000


Verifier = Callable[[str], Principal | None]


def database_verifier(factory: sessionmaker[Session]) -> Verifier:
    """Verify a key against the ``api_keys`` table (one short session)."""

    def verify(key: str) -> Principal | None:
        with factory() as session:
            return authenticate(session, key)

    return verify


class KeyCache:
    def __init__(
        self,
        verify: Verifier,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._verify = verify
        self.ttl = ttl_seconds
        self.max_entries = max_entries
        self._clock = clock
        self._entries: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    def remembered(self, key: str) -> Principal | None:
        """The principal of ``key`` if verified less than ``ttl`` ago, else None; never
        asks the database (so it may run on the event loop)."""
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        with self._lock:
            hit = self._entries.get(digest)
        return hit[0] if hit is not None and hit[1] > self._clock() else None

    def principal(self, key: str) -> Principal | None:
        """The principal of ``key``: remembered if verified less than ``ttl`` ago, else
        verified now (the database) and remembered when it succeeds."""
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        now = self._clock()
        with self._lock:
            hit = self._entries.get(digest)
        if hit is not None and hit[1] > now:
            return hit[0]
        principal = self._verify(key)
        with self._lock:
            if principal is None:
                self._entries.pop(digest, None)
                return None
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[digest] = (principal, now + self.ttl)
        return principal

    def clear(self) -> None:
        """Forget every remembered key (the next request of each is verified again)."""
        with self._lock:
            self._entries.clear()

    def forget(self, prefix: str) -> None:
        """Drop every remembered key with this public prefix (it was just revoked)."""
        with self._lock:
            for digest in [d for d, (p, _) in self._entries.items() if p.prefix == prefix]:
                del self._entries[digest]
