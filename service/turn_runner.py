"""TurnRunner: decide a turn within a time budget, and really stop the work past it.

A turn over budget is answered ``block`` (fail closed) at once. The worker thread still
scanning it is then interrupted: an exception is raised in that thread at its next Python
instruction (``PyThreadState_SetAsyncExc``). Work inside one C call cannot be interrupted,
but the library bounds those: every regular-expression search has its own timeout. So a
late turn costs at most its budget plus one regex timeout of a worker, not as long as it
likes while the next turns queue behind it.

A live turn (``POST /turns``) takes a shorter road, ``TurnRunner.watched``: the whole
turn (read the state, scan, write) runs on one worker thread and the event loop watches the
scan's budget, so a turn costs two thread hand-overs (loop -> worker -> loop) instead of
four (loop -> route thread -> scan thread -> route thread -> loop). A hand-over is a
wake-up that, on a busy machine, waits for a core and the GIL (issue 18). A scan past its
budget is still answered ``block`` at the budget even while its thread is stuck in one C
call: the loop gives the turn up and stores it blocked from another thread.

It also remembers which Idempotency-Keys have a request in flight in this process, so a
second request with the same key is told to wait instead of being scanned twice.
"""

from __future__ import annotations

import asyncio
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


class Abandoned(BaseException):
    """Raised in a watched turn's worker once the loop has given its scan up (over budget):
    the turn is stored blocked by the loop's fallback, so this worker must store nothing.

    A BaseException, so that no ``except Exception`` on the way stores it after all.
    """


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
                    if self.interrupted:  # given up before its work began: never begin it
                        raise OverBudget
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
        """Stop the job: raise in its thread if it runs, else keep it from starting.
        True if an exception was scheduled in a running thread."""
        with self.lock:
            self.interrupted = True
            if self.thread_id is None:
                return False
            _raise_in(self.thread_id, OverBudget)
            return True


class _Watch:
    """A watched turn's scan, as the loop sees it: when it started (None while the worker
    reads or writes), and whether the loop gave it up."""

    def __init__(self, budget: float) -> None:
        self.job = _Job()
        self.lock = threading.Lock()
        self.budget = budget
        self.picked_up = False  # a worker has started on the turn (it left the queue)
        self.scan_started: float | None = None
        self.abandoned = False

    def scan(self, work: Callable[[], T]) -> T:
        with self.lock:
            self.scan_started = time.monotonic()
        result = self.job.run(work)
        with self.lock:
            # Under the lock: the loop either gave the scan up before this (the turn is
            # its fallback's now) or sees it finished and waits for the write. A scan
            # that ran past its budget inside one C call (the loop could not look in
            # time) is given up too: finishing late is not finishing within budget.
            late = time.monotonic() - self.scan_started > self.budget
            self.scan_started = None
            if self.abandoned or result is None or late:
                self.abandoned = True
                raise Abandoned
        return result

    def overdue(self, budget: float) -> float | None:
        """None when the scan is past its budget (and now given up), else seconds to wait
        before looking again."""
        with self.lock:
            if self.scan_started is None:
                return budget  # reading or writing: bounded by the database's own timeouts
            left = self.scan_started + budget - time.monotonic()
            if left > 0:
                return left
            self.abandoned = True
            self.job.interrupt()
            return None


# What a watched worker is doing, per thread: its _Watch, or _BLOCKING for the fallback
# that stores a given-up turn blocked without scanning it.
_BLOCKING = object()


class TurnRunner:
    """Decides turns within a time budget; a turn over budget is blocked (fail closed)."""

    def __init__(self, budget_seconds: float, metrics: Metrics, workers: int = 4):
        self.budget = budget_seconds
        self.metrics = metrics
        # A watched turn holds its worker while it waits for the database (the durable
        # commit is most of a turn), so size ``workers`` to the connection pool, not to the
        # cores: fewer workers than connections queue turns behind commits.
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="piiguard-scan")
        # Live turns hold their worker through the database round trips: on a pool of
        # their own, so that a burst of them never leaves a /stream or /v1/scan turn
        # queued past its budget (and blocked unscanned) in ``run``.
        self._watched_pool = ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="piiguard-turn"
        )
        self._local = threading.local()
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
        watch = getattr(self._local, "watch", None)
        if watch is not None:
            return self._run_here(watch, guard, conversation, turn)
        if before is None:
            before = conversation.state()
        started = time.perf_counter()
        job = _Job()
        future = self._pool.submit(job.run, lambda: conversation.add_turn(turn))
        try:
            decision = future.result(timeout=self.budget)
            # None: interrupted at the very end of its budget; or done, but past the
            # budget inside one C call (this thread could not look before it ended)
            if decision is None or time.perf_counter() - started > self.budget:
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

    def _run_here(
        self, watch: object, guard: Guard, conversation: Conversation, turn: Turn
    ) -> tuple[Conversation, TurnDecision]:
        """``run`` on a watched worker: the scan on this thread, its budget kept by the loop
        (``watched``); or, in the fallback, the turn blocked without a scan."""
        started = time.perf_counter()
        if watch is _BLOCKING:
            decision = conversation.block_turn(turn, "time_budget")
        else:
            assert isinstance(watch, _Watch)
            decision = watch.scan(lambda: conversation.add_turn(turn))
        self.metrics.record_turn(decision, time.perf_counter() - started)
        return conversation, decision

    async def watched(self, work: Callable[[], T]) -> T:
        """``work()`` (which calls ``run`` once per attempt) on a worker thread, its scan
        held to the budget from the event loop.

        Past the budget the scan is given up (and interrupted, as in ``run``) and ``work()``
        runs again on another thread with every ``run`` answering ``block`` unscanned: the
        same read, version check and write, so the blocked turn is stored exactly as a
        scanned one would be, and the late worker stores nothing (``Abandoned``).
        """
        watch = _Watch(self.budget)
        queued = self._watched_pool.submit(self._with, watch, work)
        future = asyncio.wrap_future(queued)
        wait: float | None = self.budget
        while wait is not None:
            done, _ = await asyncio.wait((future,), timeout=wait)
            if done:
                try:
                    return future.result()
                except Abandoned:  # given up between our last look and its end
                    break
            # Time in the queue counts against the budget: a turn no worker has picked
            # up by then is taken out of the queue and stored blocked.
            if not watch.picked_up and queued.cancel():
                break
            wait = watch.overdue(self.budget)
        # The late worker ends with Abandoned whenever it gets there; nobody awaits it.
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        log.error("turn over its time budget; blocked")
        return await asyncio.get_running_loop().run_in_executor(None, self._with, _BLOCKING, work)

    def _with(self, watch: object, work: Callable[[], T]) -> T:
        if isinstance(watch, _Watch):
            watch.picked_up = True
        self._local.watch = watch
        try:
            return work()
        finally:
            self._local.watch = None

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
        self._watched_pool.shutdown(wait=False, cancel_futures=True)
