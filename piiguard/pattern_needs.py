"""What a regular expression needs in a text before it can match there.

Most recognizers look for numbers: a card needs 13 or more digits, an ID 15, a code 4,
and some patterns need a particular character ("/" in 12/27, "年" in 2027年3月). A turn
that lacks what a pattern needs cannot give it a match, so the pattern is not run (see
:meth:`piiguard.recognizer.SpecRecognizer.analyze`), nor a recognizer none of whose
patterns can match (:meth:`piiguard.spec.RecognizerSpec.may_match`). The needs are
derived from the patterns themselves, so an author declares nothing and cannot get it
wrong.

Both are lower bounds, never more than a match really needs:

* ``min_digits`` counts only parts that match digits and nothing else (``\\d``,
  ``[0-9]``, ``7``); lookarounds count zero, an alternation its cheapest branch;
* ``any_of`` is a set of characters of which every match (or its lookahead) holds one;
  only characters without case count (punctuation, CJK), so IGNORECASE cannot widen
  them; ``None`` when no such set exists.

A pattern the standard parser cannot read (``regex``-only syntax such as ``\\p{Han}``)
needs nothing: it always runs.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass
from typing import Any

import regex

# The standard library's regular-expression parser (private, but its tree shape has been
# stable for many versions); imported by name so no deprecated alias is touched.
_c: Any = importlib.import_module("re._constants")
_p: Any = importlib.import_module("re._parser")

__all__ = ["NOTHING", "PatternNeeds", "digit_count", "pattern_needs"]

# The `regex` module's \d, the one recognizer patterns use (its Unicode tables can be
# newer than the standard library's): counting with it never undercounts a match.
_DIGIT = regex.compile(r"\d")
_DIGIT_CODES = range(ord("0"), ord("9") + 1)
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
# A character class larger than this is not worth a membership test per character.
_MAX_SET = 8


@dataclass(frozen=True, slots=True)
class PatternNeeds:
    min_digits: int = 0
    any_of: frozenset[str] | None = None

    def met_by(self, text: str, digits: int) -> bool:
        """False only when ``text`` (holding ``digits`` digits) cannot hold a match."""
        if digits < self.min_digits:
            return False
        return self.any_of is None or any(ch in text for ch in self.any_of)


NOTHING = PatternNeeds()


def _uncased(code: int) -> str | None:
    ch = chr(code)
    return ch if ch.lower() == ch == ch.upper() and ch.casefold() == ch else None


def _set_chars(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The characters a class ``[...]`` can match, if few and all without case."""
    chars: set[str] = set()
    for op, arg in items:
        if op is _c.LITERAL:
            codes: range | tuple[int, ...] = (arg,)
        elif op is _c.RANGE and arg[1] - arg[0] < _MAX_SET:
            codes = range(arg[0], arg[1] + 1)
        else:
            return None  # NEGATE, a category (\d, \s), a wide range
        for code in codes:
            ch = _uncased(code)
            if ch is None:
                return None
            chars.add(ch)
    return frozenset(chars) if 0 < len(chars) <= _MAX_SET else None


def _is_digit_only_set(items: list[tuple[Any, Any]]) -> bool:
    """True when a character class ``[...]`` matches decimal digits and nothing else."""
    if not items:
        return False
    for op, arg in items:
        if op is _c.LITERAL and arg in _DIGIT_CODES:
            continue
        if op is _c.RANGE and arg[0] in _DIGIT_CODES and arg[1] in _DIGIT_CODES:
            continue
        if op is _c.CATEGORY and arg is _c.CATEGORY_DIGIT:
            continue
        return False  # NEGATE, a letter, \w, \s, ...
    return True


def _tighter(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if len(a) <= len(b) else b


def _digits(tree: Any) -> int:
    total = 0
    for op, arg in tree:
        if op is _c.LITERAL:
            total += 1 if arg in _DIGIT_CODES else 0
        elif op is _c.IN:
            total += 1 if _is_digit_only_set(arg) else 0
        elif op in _REPEATS:
            low, _high, sub = arg
            total += low * _digits(sub)
        elif op is _c.SUBPATTERN:
            total += _digits(arg[-1])
        elif op is _ATOMIC:
            total += _digits(arg)
        elif op is _c.BRANCH:
            total += min(_digits(branch) for branch in arg[1])
        # Anything else (lookarounds, anchors, back-references, conditionals, ANY)
        # needs no digit of its own.
    return total


def _chars(tree: Any) -> frozenset[str] | None:
    """A set of characters one of which every match of ``tree`` holds (None: no set)."""
    best: frozenset[str] | None = None
    for op, arg in tree:
        found: frozenset[str] | None = None
        if op is _c.LITERAL:
            ch = _uncased(arg)
            found = frozenset(ch) if ch is not None else None
        elif op is _c.IN:
            found = _set_chars(arg)
        elif op in _REPEATS:
            low, _high, sub = arg
            found = _chars(sub) if low >= 1 else None
        elif op is _c.SUBPATTERN:
            found = _chars(arg[-1])
        elif op is _ATOMIC:
            found = _chars(arg)
        elif op is _c.ASSERT:
            # A positive lookaround's text is in the turn too, if not in the match.
            found = _chars(arg[1])
        elif op is _c.BRANCH:
            union: set[str] = set()
            for branch in arg[1]:
                chars = _chars(branch)
                if chars is None:
                    union = set()
                    break
                union |= chars
            found = frozenset(union) if 0 < len(union) <= _MAX_SET else None
        best = _tighter(best, found)
    return best


# Syntax the standard parser reads differently from `regex` instead of rejecting it:
# POSIX classes ("[[:alpha:]]" is a set of ':', 'a', ... there) and fuzzy counts
# ("(?:cvv){e<=1}" is a literal brace there).
_READ_DIFFERENTLY = re.compile(r"\[:|\{[^0-9,}]")


@functools.lru_cache(maxsize=1024)
def pattern_needs(pattern: str, flags: int = 0) -> PatternNeeds:
    """What any match of ``pattern`` needs in the text (:data:`NOTHING` if unknown)."""
    if _READ_DIFFERENTLY.search(pattern):
        return NOTHING
    try:
        tree = _p.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return NOTHING
    return PatternNeeds(_digits(tree), _chars(tree))


@functools.lru_cache(maxsize=16)
def digit_count(text: str) -> int:
    """Decimal digits in ``text`` (remembered: every recognizer asks about the same turn)."""
    return len(_DIGIT.findall(text))
