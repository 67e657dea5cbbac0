"""Which label "needles" occur in a text, found for every label matcher in one pass.

A :class:`piiguard.labels.LabelMatcher` can only match where one of its labels' first
words (its *needles*) occurs. A turn is checked by some thirty matchers (scam-risk
kinds, request cues and items, context labels, the label vocabulary); one Aho-Corasick
pass over the lower-cased turn finds every needle of all of them at once (all
occurrences, overlapping ones too), and each matcher then asks whether any of its own
needles is in that set, and tries its labels only where one of them starts. Exact: the
index holds every occurrence of every registered needle.

pyahocorasick does this in C in a few microseconds a turn; thirty separate regular
expression searches cost about ten times as much (measured on the dev corpus).
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Iterable
from typing import Any

import ahocorasick

from piiguard.memo import text_key

__all__ = ["present", "register", "starts", "version"]

_lock = threading.Lock()
_needles: set[str] = set()
# The automaton of the current needle set, and that set's version; a lookup cached under
# an older version is never served after a new needle arrives.
_version = 0
_automaton: tuple[int, ahocorasick.Automaton] | None = None


def register(needles: Iterable[str]) -> None:
    """Add needles (lower-case strings) to the index; matchers call this once, on build."""
    global _version
    with _lock:
        new = {n for n in needles if n} - _needles
        if new:
            _needles.update(new)
            _version += 1


def _automaton_of(version: int) -> ahocorasick.Automaton:
    global _automaton
    current = _automaton
    if current is not None and current[0] == version:
        return current[1]
    with _lock:
        automaton = ahocorasick.Automaton()
        for needle in _needles:
            automaton.add_word(needle, needle)
        automaton.make_automaton()
        _automaton = (_version, automaton)
        return automaton


def _present(version: int, lowered: str) -> frozenset[str]:
    # map/itemgetter keep the per-hit work in C (a turn has dozens of needle hits).
    return frozenset(map(_needle_of_hit, _automaton_of(version).iter(lowered)))


_needle_of_hit = operator.itemgetter(1)  # a hit is (end offset, needle)


# Remembered under a keyed digest of the text, never the text: the results are needle
# sets and offsets, so these memos hold nothing of a turn (see piiguard.memo).
_present_memo: dict[tuple[int, bytes], frozenset[str]] = {}
_starts_memo: dict[tuple[bytes, str], tuple[int, ...]] = {}
_MEMO_SIZE = 256


def version() -> int:
    """Changes whenever a needle is added: a caller caching lookups keys them with it."""
    return _version


def present(lowered: str) -> frozenset[str]:
    """Every registered needle occurring in ``lowered`` (remembered for recent texts)."""
    if not _needles:
        return frozenset()
    key = (_version, text_key(lowered))
    found = _present_memo.get(key)
    if found is None:
        found = _present(_version, lowered)
        _remember(_present_memo, key, found)
    return found


def starts(lowered: str, needle: str) -> tuple[int, ...]:
    """The offsets at which ``needle`` starts in ``lowered``, ascending (overlaps too);
    remembered, since a turn's sentences are searched one window at a time."""
    key = (text_key(lowered), needle)
    found = _starts_memo.get(key)
    if found is not None:
        return found
    out = []
    at = lowered.find(needle)
    while at >= 0:
        out.append(at)
        at = lowered.find(needle, at + 1)
    _remember(_starts_memo, key, tuple(out))
    return tuple(out)


def _remember(memo: dict[Any, Any], key: object, value: object) -> None:
    # Bounded: when full, start over (dict operations are atomic under the GIL).
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value
