"""Searching text for sensitive values without false alarms on short numbers."""

from __future__ import annotations

import logging
import re
import traceback

# What every LogRecord has (times, paths, numbers); anything else was passed as `extra`.
_STANDARD_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "taskName",
}


def contains_value(haystack: str, value: str) -> bool:
    """True when ``value`` occurs in ``haystack``; a value of digits only must stand
    alone (not inside a longer number, a hash or a hex address, nor the fraction or
    whole part of a decimal such as a metric's 0.219 s) to count."""
    if value.isdigit():
        alone = rf"(?<![0-9A-Fa-f])(?<!\d\.){re.escape(value)}(?![0-9A-Fa-f])(?!\.\d)"
        return re.search(alone, haystack) is not None
    return value in haystack


# Sensitive values the tests feed in. They may appear in requests and in the test code,
# never in what piiguard writes: logs, stored rows, metrics, error messages.
TEST_VALUES = (
    "4532015112830366",
    "4532 0151 1283 0366",
    "6217001234567890122",
    "386152",
    "Tulip$2024",
    "536-90-4399",
    "110105198001011238",
    "Winter#2025",
    "abc12345",
)


def dev_gold_values(path) -> set[str]:  # noqa: ANN001
    import json

    values = set()
    if not path.exists():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        for e in row["gold"]["entities"]:
            values.add(row["turns"][e["turn"]]["text"][e["start"] : e["end"]])
    return values


def leaked(haystack: str, values) -> list[str]:  # noqa: ANN001
    return sorted(v for v in values if contains_value(haystack, v))


def record_text(record: logging.LogRecord) -> str:
    """Everything a log record could carry to a log line: its formatted message (or, when
    the arguments do not fit the format, the format and the arguments both), its `extra`
    fields, its exception with traceback and its stack."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a record that cannot format still holds its arguments
        message = f"{record.msg!r} % {record.args!r}"
    parts = [f"{record.name}: {message}"]
    extra = {k: v for k, v in vars(record).items() if k not in _STANDARD_RECORD_FIELDS}
    if extra:
        parts.append(repr(extra))
    if record.exc_info and record.exc_info[0] is not None:
        parts.append("".join(traceback.format_exception(*record.exc_info)))
    if record.exc_text:
        parts.append(record.exc_text)
    if record.stack_info:
        parts.append(record.stack_info)
    return "\n".join(parts)


class LogSweep(logging.Handler):
    """Keeps the full text of every record it sees, for a leak check afterwards."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    # The test's own HTTP client tracing the wire (httpcore at DEBUG): header values such
    # as a content-length of 884 are not the product's log lines, and a three-digit CVV
    # of the corpus is found in them by chance (a flaky failure seen in session 5).
    _CLIENT_TRACE = ("httpcore.",)

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(self._CLIENT_TRACE):
            return
        self.lines.append(record_text(record))
