"""The exception tree of piiguard, in one place.

::

    PiiguardError                 base of everything piiguard raises on purpose
    ├── InputError                a transcript (or a line of one) is malformed
    │   │                         .source (file name or "<stdin>"), .line (1-based or None)
    │   ├── UnreadableAudio       a recording libsndfile cannot read (piiguard.audio_redact)
    │   └── AudioTooLong          a recording longer than the caller allows
    ├── AudioBudgetExceeded       redacting a recording ran past its time budget
    ├── ConfigError               a recognizer spec, policy or risk file is invalid
    │                             .source (file), .field (dotted path or None)
    └── PatternTimeout            a recognizer pattern ran past its time limit on a turn
                                  .recognizer, .pattern (names only, never text)

Scanning failures are not raised to a caller: the turn is answered ``block`` (fail
closed), see :meth:`piiguard.conversation.Conversation.add_turn`. PatternTimeout is
raised inside the detector so that a slow pattern fails the whole turn instead of
silently dropping its matches.

Messages never contain the text being scanned: an error about a turn names the turn,
never its words, so an error message cannot leak a value.
"""

from __future__ import annotations

__all__ = ["ConfigError", "InputError", "PatternTimeout", "PiiguardError"]


class PiiguardError(Exception):
    """Base class of every error piiguard raises on purpose."""


class InputError(PiiguardError):
    """A transcript is malformed. ``line`` is 1-based when the input is line-oriented."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        self.source = source
        self.line = line
        self.reason = message
        where = source or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)


class ConfigError(PiiguardError):
    """A recognizer spec, policy or risk file is invalid: names the file and field."""

    def __init__(self, message: str, *, source: str | None = None, field: str | None = None):
        self.source = source
        self.field = field
        self.reason = message
        parts = [p for p in (source, field) if p]
        super().__init__(f"{': '.join(parts)}: {message}" if parts else message)


class PatternTimeout(PiiguardError):
    """A pattern ran past its time limit: the turn cannot be trusted as scanned."""

    def __init__(self, recognizer: str, pattern: str):
        self.recognizer = recognizer
        self.pattern = pattern
        super().__init__(
            f"pattern {pattern!r} of recognizer {recognizer!r} ran past its time limit; "
            "the turn is blocked (bound the pattern's repetitions to fix it)"
        )
