"""Turning stored rows into what the console shows: chat bubbles with chips for values."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TAG = re.compile(r"<([A-Z][A-Z0-9_]*)(?: \*\*\*\*(\d{1,4}))?>")


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a redacted turn: plain text, or a chip standing for a value."""

    text: str
    chip: str | None = None  # the entity type when this piece is a redacted value
    tail: str | None = None  # last digits a card keeps, if any


def pieces(redacted_text: str) -> list[Piece]:
    """``"卡号 <CREDIT_CARD ****1234>"`` -> text "卡号 ", then a CREDIT_CARD chip ····1234."""
    out: list[Piece] = []
    pos = 0
    for m in _TAG.finditer(redacted_text):
        if m.start() > pos:
            out.append(Piece(redacted_text[pos : m.start()]))
        out.append(Piece(m.group(0), chip=m.group(1), tail=m.group(2)))
        pos = m.end()
    if pos < len(redacted_text):
        out.append(Piece(redacted_text[pos:]))
    return out


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes:d}:{secs:02d}"
