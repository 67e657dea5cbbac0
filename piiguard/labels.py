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

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeAlias

import regex

from piiguard import needles
from piiguard.memo import text_key
from piiguard.pattern_needs import CASE_TWINS, pattern_needs

__all__ = ["LabelHit", "LabelMatcher", "needles_of"]


@dataclass(frozen=True, slots=True)
class LabelHit:
    label: str
    start: int
    end: int


_AnyPattern: TypeAlias = re.Pattern[str] | regex.Pattern[str]
_AnyMatch: TypeAlias = re.Match[str] | regex.Match[str]

_SEPARATORS = regex.compile(r"[\s\-_]+")
_SCAN_MEMO_SIZE = 32


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


def _gate_word(label: str) -> str:
    """The longest word of a literal label: it occurs in every match of the label (a
    space in a label matches separators or nothing, never inside a word)."""
    return max(label.lower().split(" "), key=len)


def _lower(text: str) -> str:
    # Not remembered: lower() costs less than a lookup would, and a memo keyed on the
    # text would keep raw turns in memory.
    return text.lower()


def _regex_gate(labels: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """(needle words, other strings) one of which every match of ``labels`` holds, or
    None when a regular-expression label needs no literal string."""
    words = {_gate_word(w) for w in labels if not w.startswith("re:")}
    others: set[str] = set()
    for label in labels:
        if not label.startswith("re:"):
            continue
        needs = pattern_needs(label[3:], re.IGNORECASE)
        if not needs.any_of:
            return None
        words |= needs.words
        others |= set(needs.others)
    return frozenset(words), tuple(sorted(others))


@dataclass(frozen=True, slots=True)
class _Split:
    """A matcher's regular-expression labels and literal labels as two patterns (on
    lower-cased text), merged by :meth:`matches` into exactly what the one alternation
    of :func:`_compile` finds."""

    regexes: _AnyPattern  # the regular-expression labels alone, in the same order
    literals: _AnyPattern  # the literal labels alone
    needles: frozenset[str]  # the literal labels' first words

    @classmethod
    def of(cls, labels: tuple[str, ...], literal: tuple[str, ...]) -> _Split:
        first_words = frozenset(_needle(w) for w in literal)
        needles.register(first_words)
        regexes = _compile(tuple(w for w in labels if w.startswith("re:")), folded=True)[0]
        return cls(regexes, _compile(literal, folded=True)[0], first_words)

    def matches(self, lowered: str, start: int, end: int) -> list[_AnyMatch]:
        """What ``finditer`` of the whole alternation yields on ``lowered[start:end]``.

        That alternation puts the regular-expression labels first, so at any offset
        where one of them matches, it wins; elsewhere a literal label can only match
        where one of its first words starts. Scanning left to right, the next match is
        therefore the leftmost of the regular expressions' next match and the first
        needle offset where a literal label matches, the regular expression winning a
        tie; the scan goes on from its end, as finditer does. A regular-expression
        match found ahead of the cursor stays valid until the cursor passes its start
        (no offset before it matched, and what matches at an offset does not depend on
        where the search began).
        """
        present = needles.present(lowered)
        offsets = sorted(
            {
                p
                for n in self.needles.intersection(present)
                for p in needles.starts(lowered, n)
                if start <= p < end
            }
        )
        out: list[_AnyMatch] = []
        cursor, at = start, 0
        ahead: _AnyMatch | None = self.regexes.search(lowered, start, end)
        while cursor <= end:
            if ahead is not None and ahead.start() < cursor:
                ahead = self.regexes.search(lowered, cursor, end)
            literal: _AnyMatch | None = None
            limit = ahead.start() if ahead is not None else end
            while at < len(offsets) and offsets[at] < limit:
                if offsets[at] >= cursor:
                    literal = self.literals.match(lowered, offsets[at], end)
                    if literal is not None:
                        break
                at += 1
            found = literal if literal is not None else ahead
            if found is None:
                break
            out.append(found)
            cursor = found.end() if found.end() > found.start() else found.start() + 1
        return out


def needles_of(text: str) -> frozenset[str]:
    """The label needles occurring in ``text`` (see :mod:`piiguard.needles`)."""
    return needles.present(_lower(text))


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
        # A label matched exactly as written maps to itself only if no other label has
        # the same key (the shortest such label is the one `_by_key` names).
        self._literal = frozenset(w for w in unique if self._by_key.get(_key(w)) == w)
        # Whole-text scans remembered under a keyed digest of the text (the hits hold
        # labels and offsets, never the text): see piiguard.memo.
        self._scans: dict[bytes, tuple[LabelHit, ...]] = {}
        # Necessary condition for any match: some label's first word (a needle) occurs
        # in the text. One pass finds the needles of every matcher (piiguard.needles).
        # A regular-expression label has no such needle, so it disables the shortcut.
        has_regex = any(w.startswith("re:") for w in unique)
        self._needles: frozenset[str] | None = (
            None if has_regex or not unique else frozenset(_needle(w) for w in unique)
        )
        if self._needles is not None:
            needles.register(self._needles)
        # Whether a text can hold a match at all is told by a rarer word than the first
        # ("the", "you" start many labels): every label's longest word occurs in its match.
        self._literal_gate = frozenset(_gate_word(w) for w in unique if not w.startswith("re:"))
        if self._needles is not None:
            needles.register(self._literal_gate)
        # A matcher with regular-expression labels tries its whole pattern on any text it
        # can match in; whether it can is still cheap to tell when every such label needs
        # some literal string (piiguard.pattern_needs: "re:加.{0,4}微信" needs 加): the
        # first words of its literal labels and those strings are then its gate.
        self._gate: tuple[frozenset[str], tuple[str, ...]] | None = None
        if has_regex:
            self._gate = _regex_gate(self.labels)
            if self._gate is not None:
                needles.register(self._gate[0])
        # With both kinds of label, one alternation of everything is tried at every
        # offset of the text (the needle shortcut needs literal labels only). Split, the
        # literal labels are tried only where their needles start and the few regular
        # expressions searched on their own; _Split.matches merges the two into what the
        # one alternation finds (see there).
        self._split: _Split | None = None
        literal = tuple(w for w in unique if not w.startswith("re:"))
        if has_regex and literal:
            self._split = _Split.of(self.labels, literal)

    def may_match_found(self, found: frozenset[str]) -> bool:
        """Whether a text whose needles are ``found`` (:func:`needles_of`) can hold a
        match: lets a caller with many matchers look the text up once."""
        if self._needles is not None:
            return not self._literal_gate.isdisjoint(found)
        gate = self._gate
        return gate is None or bool(gate[1]) or not gate[0].isdisjoint(found)

    def _may_match_text(self, text: str, lowered: str, found: frozenset[str]) -> bool:
        gate = self._gate
        if self._needles is not None or gate is None:
            return self.may_match_found(found)
        if not gate[0].isdisjoint(found) or any(s in lowered for s in gate[1]):
            return True
        # IGNORECASE matches these with ASCII letters; lower() does not turn them into them
        return not text.isascii() and not CASE_TWINS.isdisjoint(text)

    def __bool__(self) -> bool:
        return self._pattern is not None

    def _label_of(self, m: _AnyMatch) -> str:
        group = m.lastgroup or ""
        if group.startswith("r"):
            return self._regex_labels[int(group[1:])]
        matched = m.group()
        if matched in self._literal:  # as written (lower-cased): no key to work out
            return matched
        return self._by_key.get(_key(matched), matched.lower())

    def _scan(self, text: str) -> tuple[LabelHit, ...]:
        return tuple(
            LabelHit(self._label_of(m), m.start(), m.end())
            for m in self._matches(text, _lower(text), 0, len(text))
        )

    def _matches(self, text: str, lowered: str, start: int, end: int) -> Iterable[_AnyMatch]:
        if len(lowered) == len(text):  # lower() kept every offset (it almost always does)
            folded = self._folded_pattern
            assert folded is not None
            if self._needles is not None and isinstance(folded, re.Pattern):
                return self._matches_at_needles(folded, lowered, start, end)
            if self._split is not None:
                return self._split.matches(lowered, start, end)
            return folded.finditer(lowered, start, end)
        assert self._pattern is not None
        return self._pattern.finditer(text, start, end)

    def _matches_at_needles(
        self, folded: re.Pattern[str], lowered: str, start: int, end: int
    ) -> list[re.Match[str]]:
        """What ``folded.finditer(lowered, start, end)`` yields, trying only the offsets
        where one of this matcher's needles starts: a label match starts with its first
        word, so no other offset can hold one. (Look-behinds still see the text before
        an offset, and ``end`` still ends the text for look-aheads, as in finditer.)"""
        assert self._needles is not None
        offsets = sorted(
            {
                p
                for n in self._needles.intersection(needles.present(lowered))
                for p in needles.starts(lowered, n)
                if start <= p < end
            }
        )
        out: list[re.Match[str]] = []
        cursor = start
        for offset in offsets:
            if offset < cursor:
                continue  # inside the previous match: non-overlapping, as finditer
            m = folded.match(lowered, offset, end)
            if m is not None:
                out.append(m)
                cursor = m.end() if m.end() > offset else offset + 1
        return out

    def find_all(self, text: str, start: int = 0, end: int | None = None) -> list[LabelHit]:
        """Hits inside ``text[start:end]`` (leftmost-longest, non-overlapping).

        Whole-text scans are remembered (a turn is searched by the same matcher for
        several purposes); window scans are cheap and run directly.
        """
        if self._pattern is None:
            return []
        lowered = _lower(text)
        if not self._may_match_text(text, lowered, needles.present(lowered)):
            return []
        end = len(text) if end is None else end
        if start <= 0 and end >= len(text):
            key = text_key(text)
            hits = self._scans.get(key)
            if hits is None:
                if len(self._scans) >= _SCAN_MEMO_SIZE:
                    self._scans.clear()
                hits = self._scans[key] = self._scan(text)
            return list(hits)
        return [
            LabelHit(self._label_of(m), m.start(), m.end())
            for m in self._matches(text, lowered, start, end)
        ]

    def last(self, text: str, start: int, end: int) -> LabelHit | None:
        """The label nearest to ``end`` within ``text[start:end]``."""
        hits = self.find_all(text, start, end)
        return hits[-1] if hits else None
