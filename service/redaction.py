"""``POST /v1/redact`` within the same time budget as a turn of ``/v1/scan``.

The route allows a text as long as one turn (``max_turn_chars``); it is redacted within
the turn time budget. Past the budget the answer fails closed: the text is withheld, never
returned as it came, and the failure is counted like a blocked turn.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from piiguard.conversation import WITHHELD_TEXT
from piiguard.guard import Guard
from piiguard.model import Finding
from service.errors import ApiError
from service.metrics import Metrics

log = logging.getLogger("piiguard.service")
TIME_BUDGET = "time_budget"
SCAN_FAILED = "scan_failed"


@dataclass(frozen=True, slots=True)
class Redaction:
    redacted_text: str
    findings: tuple[Finding, ...]
    error: str | None = None


class BoundedRedactor:
    """Redacts on a small pool of its own, so the request is answered within
    ``budget_seconds`` whatever the redaction is doing. A thread cannot be stopped: a
    text past its budget keeps its worker until it finishes, and texts queued behind it
    are answered withheld when their own budget runs out (bounded, and fail closed)."""

    def __init__(self, budget_seconds: float, metrics: Metrics, workers: int = 2):
        self.budget = budget_seconds
        self.metrics = metrics
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="piiguard-redact")

    def redact(self, guard: Guard, text: str, language: str | None) -> Redaction:
        """The redaction of ``text``, or the text withheld with the reason (fail closed);
        422 for a text that is not valid Unicode (a lone surrogate cannot be answered)."""
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ApiError(422, "invalid_request", "text holds a lone surrogate") from None
        future = self._pool.submit(guard.redact_text, text, language)
        try:
            redacted, findings = future.result(timeout=self.budget)
        except FutureTimeout:
            future.cancel()  # still queued behind a slow text: never start it
            return self._withheld(TIME_BUDGET, "redact over its time budget; text withheld")
        except Exception as exc:  # fail closed; the message may quote the text
            return self._withheld(SCAN_FAILED, f"redact failed ({type(exc).__name__})")
        return Redaction(redacted, tuple(findings))

    def _withheld(self, reason: str, message: str) -> Redaction:
        log.error(message)
        self.metrics.scan_failures.labels(reason).inc()
        return Redaction(WITHHELD_TEXT, (), reason)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
