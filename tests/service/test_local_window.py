"""The in-process moving window behind ``memory://`` rate limits: at most ``amount``
requests in any window, counted per name, ``test`` counting nothing, the reset time of
the oldest request, and a bounded table of names."""

from __future__ import annotations

import pytest
from limits import RateLimitItemPerMinute

from service import local_window
from service.local_window import LocalMovingWindow
from service.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


ITEM = RateLimitItemPerMinute(3, namespace="test")


def test_at_most_amount_in_any_window(clock: Clock) -> None:
    window = LocalMovingWindow(clock)
    for _ in range(3):
        assert window.hit(ITEM, "a")
        clock.now += 10
    assert not window.hit(ITEM, "a"), "three in the last minute"
    assert window.hit(ITEM, "b"), "names are counted apart"
    clock.now += 29.9  # the first request was 59.9 s ago
    assert not window.hit(ITEM, "a")
    clock.now += 0.1  # now 60 s ago: it has left the window
    assert window.hit(ITEM, "a")
    assert not window.hit(ITEM, "a"), "the refused requests were not counted"


def test_test_counts_nothing(clock: Clock) -> None:
    window = LocalMovingWindow(clock)
    for _ in range(10):
        assert window.test(ITEM, "a")
    for _ in range(3):
        assert window.hit(ITEM, "a")
    assert not window.test(ITEM, "a")
    assert window.test(ITEM, "never-seen")


def test_window_stats_name_when_the_oldest_ages_out(clock: Clock) -> None:
    window = LocalMovingWindow(clock)
    assert window.get_window_stats(ITEM, "a") == (clock.now, 3)
    start = clock.now
    window.hit(ITEM, "a")
    clock.now += 20
    window.hit(ITEM, "a")
    assert window.get_window_stats(ITEM, "a") == (start + 60, 1)


def test_idle_names_are_swept_when_the_table_is_full(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local_window, "MAX_NAMES", 4)
    window = LocalMovingWindow(clock)
    for n in range(4):
        window.hit(ITEM, f"old-{n}")
    clock.now += 61
    window.hit(ITEM, "busy")  # the table was full: the idle names go
    window.hit(ITEM, "busy")
    assert len(window._times) == 1
    assert window.hit(ITEM, "busy") and not window.hit(ITEM, "busy")


def test_the_limiter_counts_memory_limits_here_and_answers_retry_after() -> None:
    limiter = RateLimiter(2, "memory://", "api")
    assert limiter.in_memory and isinstance(limiter._window, LocalMovingWindow)
    assert not limiter.exhausted("k")
    assert limiter.allow("k") and limiter.allow("k")
    assert not limiter.allow("k") and limiter.exhausted("k")
    assert 59 <= limiter.retry_after("k") <= 60
