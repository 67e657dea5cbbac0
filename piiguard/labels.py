"""Label words: the words that name a sensitive value ("密码", "card number", "CVV").

A :class:`LabelMatcher` finds label words in text with character-level matching that
works for Chinese (no spaces, no lemmas) and for ASR text: Chinese labels match as
substrings, ASCII labels match on word boundaries so that "pin" does not fire inside
"opinion". A label written ``re:...`` is a regular expression ("re:加.{0,4}微信"), for
phrasings a word list cannot enumerate. Longer labels win over their prefixes
("service account number" over
"account number"), which is how a negative label shadows a positive one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

__all__ = ["LabelHit", "LabelMatcher"]


@dataclass(frozen=True, slots=True)
class LabelHit:
    label: str
    start: int
    end: int


def _label_pattern(label: str) -> str:
    if label.startswith("re:"):
        return label[3:]
    escaped = regex.escape(label).replace("\\ ", r"[\s\-_]*")
    if label[:1].isascii() and label[:1].isalnum():
        escaped = r"(?<![A-Za-z0-9])" + escaped
    if label[-1:].isascii() and label[-1:].isalnum():
        escaped += r"(?![A-Za-z])"
    return escaped


class LabelMatcher:
    """Finds any of a set of label words; case-insensitive, longest label first."""

    def __init__(self, labels: Iterable[str]):
        unique = sorted(
            {
                w.strip() if w.startswith("re:") else w.strip().lower()
                for w in labels
                if w and w.strip()
            },
            key=len,
            reverse=True,
        )
        self.labels = tuple(unique)
        self._pattern = (
            regex.compile("|".join(f"({_label_pattern(w)})" for w in unique), regex.IGNORECASE)
            if unique
            else None
        )

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> list[LabelHit]:
        if self._pattern is None:
            return []
        end = len(text) if end is None else end
        hits = []
        for m in self._pattern.finditer(text, start, end, overlapped=False):
            label = self.labels[m.lastindex - 1] if m.lastindex else m.group().lower()
            hits.append(LabelHit(label, m.start(), m.end()))
        return hits

    def last(self, text: str, start: int, end: int) -> LabelHit | None:
        """The label nearest to ``end`` within ``text[start:end]``."""
        hits = self.find_all(text, start, end)
        return hits[-1] if hits else None
