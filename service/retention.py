"""Retention: conversations idle longer than ``PIIGUARD_RETENTION_DAYS`` are deleted with
their turns, findings, signals and reviews; the audit log keeps one entry per purged
conversation with its id and counts, nothing else.

Run by ``piiguard purge`` and by a periodic task in the service (each process runs its
own; a pass that finds nothing to do costs one indexed query).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from service.store import repo
from service.store.db import transaction
from service.store.models import utcnow

log = logging.getLogger("piiguard.service")
ACTOR = "retention"
ROLE = "system"
BATCH = 200  # conversations per transaction: keeps each one short


def purge(
    factory: sessionmaker[Session],
    retention_days: int,
    now: datetime | None = None,
    batch: int = BATCH,
) -> list[repo.Erased]:
    """Delete every conversation last updated more than ``retention_days`` ago."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    purged: list[repo.Erased] = []
    while True:
        with transaction(factory) as session:
            ids = repo.idle_since(session, cutoff, batch)
            erased = repo.erase(session, ids)
            for e in erased:
                repo.audit(
                    session,
                    ACTOR,
                    ROLE,
                    "purge_session",
                    e.conversation_id,
                    f"{e.detail()} retention_days={retention_days}",
                )
        purged += erased
        if len(ids) < batch:
            return purged


class RetentionTask:
    """Purges at start-up and then every ``interval_seconds`` while the service runs."""

    def __init__(
        self, factory: sessionmaker[Session], retention_days: int, interval_seconds: float
    ):
        self.factory = factory
        self.retention_days = retention_days
        self.interval = interval_seconds
        self.passes = 0
        self.first_pass_done = threading.Event()
        self._pass: asyncio.Future[list[repo.Erased]] | None = None

    async def run(self) -> None:
        while True:
            try:
                # Shielded: cancelling the task must not orphan a pass that holds a
                # connection while the engine is disposed (see stop()).
                self._pass = asyncio.ensure_future(
                    asyncio.to_thread(purge, self.factory, self.retention_days)
                )
                erased = await asyncio.shield(self._pass)
                if erased:
                    log.info("retention purge", extra={"conversations": len(erased)})
            except Exception as exc:  # the next pass tries again; the service keeps serving
                log.error("retention purge failed", extra={"error": type(exc).__name__})
            self.passes += 1
            self.first_pass_done.set()
            await asyncio.sleep(self.interval)

    async def stop(self, task: asyncio.Task[None]) -> None:
        """Cancel ``task`` (the running :meth:`run`) and wait for a pass in progress, so
        the engine is disposed only after its connection is back."""
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        if self._pass is not None:
            with contextlib.suppress(Exception):
                await self._pass
