"""Rate limits with the ``limits`` library: a moving window of one minute per key.

A moving window makes the documented number what happens: at most ``per_minute``
requests in any 60 seconds, with no burst allowance on top. The counters live in the
storage named by ``storage_uri``: ``memory://`` (the default) counts per process
(``service/local_window.py``), so with N workers a key gets up to N times the limit;
``redis://host:port`` shares the counters between every process and host that names the
same Redis.

Callers identify what they limit with a hash, never a raw key: the API limit runs on a
digest of the presented key before any database lookup, so a flood with one key costs
no query once its minute is spent.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from limits import RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from service.local_window import LocalMovingWindow

log = logging.getLogger("piiguard.service")


class LimiterUnavailable(Exception):
    """The shared counter store did not answer; callers refuse the request (fail closed)."""


def digest(value: str) -> str:
    """A short, stable name for ``value`` that does not reveal it."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class RateLimiter:
    """``allow(name)`` is True while ``name`` has made fewer than ``per_minute`` requests
    in the last 60 seconds, and counts the request; ``exhausted(name)`` only looks."""

    def __init__(self, per_minute: int, storage_uri: str = "memory://", scope: str = "api"):
        self.item = RateLimitItemPerMinute(max(per_minute, 1), namespace=f"piiguard-{scope}")
        # Counted in this process's memory: no I/O, so callers may ask on the event loop.
        self.in_memory = storage_uri.startswith("memory://")
        self._window: MovingWindowRateLimiter | LocalMovingWindow
        if self.in_memory:
            self._window = LocalMovingWindow()  # no timer thread a request
        else:
            self._window = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def allow(self, name: str) -> bool:
        try:
            return self._window.hit(self.item, name)
        except Exception as exc:  # a Redis that went away: refuse, never wave through
            log.error("rate limit store unavailable (%s)", type(exc).__name__)
            raise LimiterUnavailable from None

    def retry_after(self, name: str) -> int:
        """Whole seconds until ``name`` may make a request again (at least 1)."""
        try:
            reset_at, _ = self._window.get_window_stats(self.item, name)
        except Exception:  # only advice for the client; a guess is fine
            return 1
        return max(1, math.ceil(reset_at - time.time()))

    def exhausted(self, name: str) -> bool:
        try:
            return not self._window.test(self.item, name)
        except Exception as exc:
            log.error("rate limit store unavailable (%s)", type(exc).__name__)
            raise LimiterUnavailable from None
