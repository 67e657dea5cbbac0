"""A moving-window rate limit counted in this process's memory, for ``memory://``.

The ``limits`` library's memory storage starts a timer thread to expire old entries
whenever none is running; at a live turn's pace (one request every few milliseconds, the
timer lasting 10 ms) that is a new thread for most requests, and the caller waits for it
to start: ~1 ms of a turn on a busy machine, on the event loop (issue 18). Here each name
keeps the times of its requests in the last window, oldest first, and drops the expired
ones when it is next asked about: no thread, no timer.

It answers as ``limits.strategies.MovingWindowRateLimiter`` does (``hit``, ``test``,
``get_window_stats``), so :class:`service.ratelimit.RateLimiter` uses either alike.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from limits import RateLimitItem

MAX_NAMES = 10_000  # names remembered before the idle ones are swept out


class LocalMovingWindow:
    def __init__(self, clock: Callable[[], float] = time.time):
        self._clock = clock
        self._times: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _window(self, item: RateLimitItem, name: str, now: float) -> deque[float] | None:
        """``name``'s requests within the window ending now (None: none)."""
        key = item.key_for(name)
        times = self._times.get(key)
        if times is None:
            return None
        oldest = now - item.get_expiry()
        while times and times[0] <= oldest:
            times.popleft()
        if not times:
            del self._times[key]
            return None
        return times

    def hit(self, item: RateLimitItem, name: str) -> bool:
        """Count one request of ``name`` if the window has room; False (not counted) if
        ``item.amount`` requests were made in it already."""
        now = self._clock()
        with self._lock:
            times = self._window(item, name, now)
            if times is not None and len(times) >= item.amount:
                return False
            if times is None:
                if len(self._times) >= MAX_NAMES:
                    self._sweep(item, now)
                times = self._times.setdefault(item.key_for(name), deque())
            times.append(now)
            return True

    def test(self, item: RateLimitItem, name: str) -> bool:
        """Whether one more request of ``name`` would be allowed now (counts nothing)."""
        with self._lock:
            times = self._window(item, name, self._clock())
            return times is None or len(times) < item.amount

    def get_window_stats(self, item: RateLimitItem, name: str) -> tuple[float, int]:
        """(when the oldest request of the window ages out, as a ``time.time()``; how many
        more requests fit now)."""
        now = self._clock()
        with self._lock:
            times = self._window(item, name, now)
            if times is None:
                return now, item.amount
            return times[0] + item.get_expiry(), max(0, item.amount - len(times))

    def _sweep(self, item: RateLimitItem, now: float) -> None:
        oldest = now - item.get_expiry()
        for key in [k for k, t in self._times.items() if not t or t[-1] <= oldest]:
            del self._times[key]
