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

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias

import regex

__all__ = ["LabelHit", "LabelMatcher"]


@dataclass(frozen=True, slots=True)
class LabelHit:
    label: str
    start: int
    end: int


_AnyPattern: TypeAlias = re.Pattern[str] | regex.Pattern[str]
_AnyMatch: TypeAlias = re.Match[str] | regex.Match[str]

_SEPARATORS = regex.compile(r"[\s\-_]+")


def _body(label: str) -> str:
    """A literal label as a pattern; a space in it also matches '-', '_' or nothing."""
    return regex.escape(label).replace("\\ ", r"[\s\-_]*")


def _key(text: str) -> str:
    return _SEPARATORS.sub("", text.lower())


def _compile(
    labels: tuple[str, ...], *, folded: bool = False
) -> tuple[_AnyPattern, tuple[str, ...]]:
    """One pattern for all labels: regular-expression labels first (each its own group,
    longest first), then literal labels in two groups, ASCII words (one shared word
    boundary, which keeps the alternation fast) and the rest (Chinese, symbols)."""
    patterns = tuple(w for w in labels if w.startswith("re:"))
    words = [w for w in labels if not w.startswith("re:") and w[:1].isascii() and w[:1].isalnum()]
    others = [w for w in labels if not w.startswith("re:") and w not in words]
    parts = [f"(?P<r{i}>(?i:{p[3:]}))" for i, p in enumerate(patterns)]
    if words:
        alts = "|".join(
            _body(w) + ("(?![A-Za-z])" if w[-1].isascii() and w[-1].isalnum() else "")
            for w in words
        )
        parts.append(f"(?P<w>(?<![A-Za-z0-9])(?:{alts}))")
    if others:
        parts.append(f"(?P<o>{'|'.join(_body(w) for w in others)})")
    source = "|".join(parts)
    if folded:
        # The pattern runs on lower-cased text, so it needs no IGNORECASE (which makes
        # long alternations several times slower). The standard `re` engine runs these
        # alternations of literals about 3x faster than `regex` (measured on the label
        # vocabulary: 34 vs 95 us a turn); a label using `regex`-only syntax keeps `regex`.
        try:
            return re.compile(source), patterns
        except re.error:
            return regex.compile(source), patterns
    return regex.compile(source, regex.IGNORECASE), patterns


def _needle(label: str) -> str:
    """The part of a label every match of it contains: its first word (spaces inside a
    label also match '-' or '_' or nothing, so only the first word is certain)."""
    return label.split(" ", 1)[0].lower()


@functools.lru_cache(maxsize=64)
def _lower(text: str) -> str:
    return text.lower()


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
        self._pattern: _AnyPattern | None = None
        self._regex_labels: tuple[str, ...] = ()
        if unique:
            self._pattern, self._regex_labels = _compile(self.labels)
        self._folded_pattern = _compile(self.labels, folded=True)[0] if unique else None
        self._by_key = {_key(w): w for w in reversed(unique) if not w.startswith("re:")}
        self._cached_scan = functools.lru_cache(maxsize=32)(self._scan)
        # Necessary condition for any match: some label's first word occurs in the text
        # (a plain substring test in C, far cheaper than the alternation regex). A
        # regular-expression label has no such needle, so it disables the shortcut.
        # The needles are plain literals without look-arounds, which the standard `re`
        # engine checks far faster than the `regex` module (a first-character set scan).
        has_regex = any(w.startswith("re:") for w in unique)
        needles = sorted({_needle(w) for w in unique}, key=len, reverse=True)
        self._needles = (
            None if has_regex or not needles else re.compile("|".join(map(re.escape, needles)))
        )

    def may_match(self, text: str) -> bool:
        if self._needles is None:
            return True
        return self._needles.search(_lower(text)) is not None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def _label_of(self, m: _AnyMatch) -> str:
        group = m.lastgroup or ""
        if group.startswith("r"):
            return self._regex_labels[int(group[1:])]
        matched = m.group()
        return self._by_key.get(_key(matched), matched.lower())

    def _scan(self, text: str) -> tuple[LabelHit, ...]:
        assert self._pattern is not None
        return tuple(
            LabelHit(self._label_of(m), m.start(), m.end())
            for m in self._matches(text, 0, len(text))
        )

    def _matches(self, text: str, start: int, end: int) -> Iterable[_AnyMatch]:
        lowered = _lower(text)
        if len(lowered) == len(text):  # lower() kept every offset (it almost always does)
            assert self._folded_pattern is not None
            return self._folded_pattern.finditer(lowered, start, end)
        assert self._pattern is not None
        return self._pattern.finditer(text, start, end)

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> list[LabelHit]:
        """Hits inside ``text[start:end]`` (leftmost-longest, non-overlapping).

        Whole-text scans are remembered (a turn is searched by the same matcher for
        several purposes); window scans are cheap and run directly.
        """
        if self._pattern is None or not self.may_match(text):
            return []
        end = len(text) if end is None else end
        if start <= 0 and end >= len(text):
            return list(self._cached_scan(text))
        return [
            LabelHit(self._label_of(m), m.start(), m.end()) for m in self._matches(text, start, end)
        ]

    def last(self, text: str, start: int, end: int) -> LabelHit | None:
        """The label nearest to ``end`` within ``text[start:end]``."""
        hits = self.find_all(text, start, end)
        return hits[-1] if hits else None
