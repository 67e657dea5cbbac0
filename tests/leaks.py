"""Searching text for sensitive values without false alarms on short numbers."""

from __future__ import annotations

import re


def contains_value(haystack: str, value: str) -> bool:
    """True when ``value`` occurs in ``haystack``; a value of digits only must stand
    alone (not inside a longer number, a hash or a hex address) to count."""
    if value.isdigit():
        return (
            re.search(rf"(?<![0-9A-Fa-f]){re.escape(value)}(?![0-9A-Fa-f])", haystack) is not None
        )
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
