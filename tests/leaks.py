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
