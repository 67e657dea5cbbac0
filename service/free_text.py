"""Free text a person types (a review note, a key's name) goes through the same detection
and redaction as a turn before it is stored: a note that quotes a card number stores
``<CREDIT_CARD ****1111>``, not the number."""

from __future__ import annotations

import logging

from piiguard.guard import Guard
from service.errors import ApiError

log = logging.getLogger("piiguard.service")


def redacted_free_text(guard: Guard, text: str, field: str) -> str:
    """``text`` with every sensitive value redacted; refuses (422) rather than store text
    that could not be checked (fail closed)."""
    if not text.strip():
        return text
    try:
        redacted, _ = guard.redact_text(text)
    except Exception as exc:
        log.error("free text could not be scanned", extra={"error": type(exc).__name__})
        raise ApiError(
            422, "invalid_request", f"{field} could not be checked for sensitive values"
        ) from None
    return redacted
