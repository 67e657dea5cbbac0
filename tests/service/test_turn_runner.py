"""The TurnRunner's budget: queue time counts, live turns do not starve the others, and a
scan that finished past its budget is not taken as finished in time.

The runner is driven directly (no HTTP): slow phases are threads waiting on an Event the
test sets, so nothing depends on how fast the machine is."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from piiguard.guard import Guard
from piiguard.model import Turn
from service.metrics import Metrics
from service.turn_runner import Abandoned, TurnRunner, _Watch

CARD = "4532015112830366"


@pytest.fixture
def runner() -> TurnRunner:
    runner = TurnRunner(0.2, Metrics(), workers=1)
    yield runner
    runner.close()


def _hold_the_live_worker(runner: TurnRunner, release: threading.Event) -> None:
    """Keep the only live-turn worker busy outside any scan (a slow database round
    trip, say) until ``release`` is set; return once it is busy."""
    busy = threading.Event()

    def slow_database() -> None:
        busy.set()
        release.wait(30)

    runner._watched_pool.submit(slow_database)
    assert busy.wait(10)


def test_a_live_turn_still_queued_at_its_budget_is_blocked(guard: Guard, runner) -> None:
    release = threading.Event()
    _hold_the_live_worker(runner, release)
    conversation = guard.conversation()

    def turn() -> tuple:
        return runner.run(guard, conversation, Turn("customer", f"card {CARD}"))

    try:
        _, decision = asyncio.run(runner.watched(turn))
        still_held = not release.is_set()
    finally:
        release.set()
    assert still_held, "the queued turn was answered only after the worker ahead of it"
    assert decision.action == "block" and decision.error == "time_budget"
    assert CARD not in decision.redacted_text


def test_a_busy_live_pool_does_not_block_stream_or_scan_turns(guard: Guard, runner) -> None:
    release = threading.Event()
    _hold_the_live_worker(runner, release)
    try:
        _, decision = runner.run(guard, guard.conversation(), Turn("customer", f"card {CARD}"))
    finally:
        release.set()
    assert decision.error is None and decision.action == "redact"


def test_a_scan_that_ends_past_its_budget_is_given_up() -> None:
    watch = _Watch(budget=0.01)

    def slow_scan() -> str:
        time.sleep(0.05)  # one call the loop cannot look into
        return "decided"

    with pytest.raises(Abandoned):
        watch.scan(slow_scan)
    assert watch.abandoned
    assert _Watch(budget=5.0).scan(lambda: "decided") == "decided"
