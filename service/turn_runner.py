"""TurnRunner: decide a turn within a time budget, and really stop the work past it.

A turn over budget is answered ``block`` (fail closed) at once. The worker thread still
scanning it is then interrupted: an exception is raised in that thread at its next Python
instruction (``PyThreadState_SetAsyncExc``). Work inside one C call cannot be interrupted,
but the library bounds those: every regular-expression search has its own timeout. So a
late turn costs at most its budget plus one regex timeout of a worker, not as long as it
likes while the next turns queue behind it.

It also remembers which Idempotency-Keys have a request in flight in this process, so a
second request with the same key is told to wait instead of being scanned twice.
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from piiguard.conversation import Conversation
from piiguard.guard import Guard
from piiguard.model import Turn, TurnDecision
from service.live_cache import LiveConversations
from service.metrics import Metrics

log = logging.getLogger("piiguard.service")
T = TypeVar("T")


class OverBudget(BaseException):
    """Raised inside a worker whose turn ran past its budget.

    A BaseException, so that the library's fail-closed ``except Exception`` does not
    swallow it and carry on scanning.
    """


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Schedule ``exc`` in thread ``thread_id`` (None cancels a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )


class _Job:
    """One turn on a worker: the worker's thread while it runs, under a lock, so that the
    interruption can only land while the turn's own work is running."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.thread_id: int | None = None
        self.interrupted = False

    def run(self, work: Callable[[], T]) -> T | None:
        try:
            try:
                with self.lock:
                    self.thread_id = threading.get_ident()
                return work()
            finally:
                with self.lock:
                    self.thread_id = None
                    if self.interrupted:  # not delivered yet: it must not hit the next job
                        _raise_in(threading.get_ident(), None)
        except OverBudget:
            return None

    def interrupt(self) -> bool:
        with self.lock:
            if self.thread_id is None:
                return False
            self.interrupted = True
            _raise_in(self.thread_id, OverBudget)
            return True


class TurnRunner:
    """Decides turns within a time budget; a turn over budget is blocked (fail closed)."""

    def __init__(self, budget_seconds: float, metrics: Metrics, workers: int = 4):
        self.budget = budget_seconds
        self.metrics = metrics
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="piiguard-scan")
        self._in_flight: set[tuple[str, str]] = set()
        self._in_flight_lock = threading.Lock()
        # conversations whose last turn this process stored (service/live_cache.py)
        self.live = LiveConversations()

    def run(
        self,
        guard: Guard,
        conversation: Conversation,
        turn: Turn,
        before: dict | None = None,
    ) -> tuple[Conversation, TurnDecision]:
        """The decision for ``turn`` and the conversation to continue with.

        ``before`` is ``conversation``'s state if the caller has it already (a live turn
        read it from the store): the snapshot a late turn falls back to, not built again.
        """
        if before is None:
            before = conversation.state()
        started = time.perf_counter()
        job = _Job()
        future = self._pool.submit(job.run, lambda: conversation.add_turn(turn))
        try:
            decision = future.result(timeout=self.budget)
            if decision is None:  # interrupted at the very end of its budget
                raise FutureTimeout
        except FutureTimeout:
            if not future.cancel():
                job.interrupt()
            log.error("turn over its time budget; blocked", extra={"turn": before["index"]})
            # The late worker may have mutated `conversation`: continue from the state before.
            conversation = Conversation.from_state(guard, before)
            decision = conversation.block_turn(turn, "time_budget")
        self.metrics.record_turn(decision, time.perf_counter() - started)
        return conversation, decision

    def claim(self, conversation_id: str, key: str) -> bool:
        """Mark a request with this Idempotency-Key in flight; False if one is already."""
        with self._in_flight_lock:
            if (conversation_id, key) in self._in_flight:
                return False
            self._in_flight.add((conversation_id, key))
            return True

    def release(self, conversation_id: str, key: str) -> None:
        with self._in_flight_lock:
            self._in_flight.discard((conversation_id, key))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
