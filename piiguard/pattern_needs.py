"""What a regular expression needs in a text before it can match there.

Most recognizers look for numbers: a card needs 13 or more digits, an ID 15, a code 4;
many patterns also need a particular piece of text ("/" in 12/27, 年 in 2027年3月, one of
密码 / pass / pin in a labelled password). A turn that lacks what a pattern needs cannot
give it a match, so the pattern is not run (see
:meth:`piiguard.recognizer.SpecRecognizer.analyze`), nor a recognizer none of whose
patterns can match (:meth:`piiguard.spec.RecognizerSpec.may_match`). The needs are
derived from the patterns themselves, so an author declares nothing and cannot get it
wrong.

Both are lower bounds, never more than a match really needs:

* ``min_digits`` counts only parts that match digits and nothing else (``\\d``,
  ``[0-9]``, ``7``), an alternation its cheapest branch; a positive lookaround's digits
  may be the match's own, so they raise the count only above what the match needs;
  negative lookarounds count zero. It bounds the digits in the *text*;
* ``any_of`` is a set of literal strings of which every match (or a positive lookaround
  of it) holds one; an alternation contributes one string per branch. They are compared
  with the lower-cased turn, which only ever finds more: a literal letter also matches
  its other case under IGNORECASE, and a string holds only ASCII letters and characters
  without case. Three non-ASCII characters also match ASCII letters under IGNORECASE
  (Kelvin sign, dotted and dotless I, long s); a turn holding one is not checked at all.

A pattern the standard parser cannot read (``regex``-only syntax such as ``\\p{Han}``),
or would read differently (POSIX classes, fuzzy counts), needs nothing: it always runs.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import dataclass, field
from typing import Any

import regex

from piiguard import needles
from piiguard.memo import RecentMemo

__all__ = ["CASE_TWINS", "NOTHING", "PatternNeeds", "TextFacts", "pattern_needs", "text_facts"]

# The standard library's regular-expression parser (private, but its tree shape has been
# stable for many versions); imported by name so no deprecated alias is touched.
_c: Any = importlib.import_module("re._constants")
_p: Any = importlib.import_module("re._parser")

# The `regex` module's \d, the one recognizer patterns use (its Unicode tables can be
# newer than the standard library's): counting with it never undercounts a match.
_DIGIT = regex.compile(r"\d")
_DIGIT_CODES = range(ord("0"), ord("9") + 1)
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)
# Characters outside ASCII that IGNORECASE matches with an ASCII letter (K, İ, ſ; ı too
# for the standard engine): lower-casing does not turn them into that letter.
CASE_TWINS = frozenset("\u212a\u0130\u0131\u017f")
# A character class larger than this is not worth a membership test per character.
_MAX_SET = 8
# Syntax the standard parser reads differently from `regex` instead of rejecting it:
# POSIX classes ("[[:alpha:]]" is a set of ':', 'a', ... there) and fuzzy counts
# ("(?:cvv){e<=1}" is a literal brace there).
_POSIX_CLASS = re.compile(r"\[:\^?[A-Za-z]+:\]")
_FUZZY_COUNT = re.compile(r"\{[^0-9,}]")
# What a fuzzy count is looked for in: the pattern without escapes and character classes
# (a "{" inside "[(\[{<]" is a literal brace to both parsers).
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_CHAR_CLASS = re.compile(r"\[\^?\]?[^\]]*\]")


def _reads_differently(pattern: str) -> bool:
    if _POSIX_CLASS.search(pattern):
        return True
    return bool(_FUZZY_COUNT.search(_CHAR_CLASS.sub("", _ESCAPE.sub("x", pattern))))


@dataclass(frozen=True, slots=True)
class TextFacts:
    """What the needs are checked against, worked out once per text."""

    lowered: str
    digits: int
    case_twins: bool  # holds a character lower-casing cannot compare with ASCII letters
    strings: frozenset[str]  # every registered needle string in ``lowered``


def text_facts(text: str) -> TextFacts:
    """The facts of ``text`` (remembered for the current turn only: every recognizer
    asks about the same text, and the facts hold it lower-cased)."""
    return _recent_facts((needles.version(), text))


def _text_facts(key: tuple[int, str]) -> TextFacts:
    text = key[1]
    twins = not text.isascii() and not CASE_TWINS.isdisjoint(text)
    lowered = text.lower()
    return TextFacts(lowered, len(_DIGIT.findall(text)), twins, needles.present(lowered))


def _is_word(s: str) -> bool:
    """Worth a place in the needle index: a word-like string (密码, cvv, expiry). Digits,
    punctuation and two-letter ASCII strings (co, us) occur in nearly every turn and
    would only make the index report many hits; they are tested directly."""
    return any(ch.isalpha() for ch in s) and (len(s) >= 3 or not s.isascii())


def _split_words(strings: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(needle-index words, strings tested with ``in``)."""
    return frozenset(s for s in strings if _is_word(s)), tuple(
        s for s in strings if not _is_word(s)
    )


@dataclass(frozen=True, slots=True)
class PatternNeeds:
    min_digits: int = 0
    any_of: frozenset[str] | None = None
    # Further sets of strings, each of which a match (or a positive lookaround of it)
    # also holds one of: "at" or 艾特 and also "dot" or 点 in a spoken e-mail. Every set
    # comes from its own mandatory part of the pattern, so all of them hold at once.
    also: tuple[frozenset[str], ...] = ()
    _words: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())
    _others: tuple[str, ...] = field(init=False, repr=False, compare=False, default=())
    _also: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = field(
        init=False, repr=False, compare=False, default=()
    )

    def __post_init__(self) -> None:
        words, others = _split_words(self.any_of or frozenset())
        object.__setattr__(self, "_words", words)
        object.__setattr__(self, "_others", others)
        object.__setattr__(self, "_also", tuple(_split_words(s) for s in self.also))

    @property
    def words(self) -> frozenset[str]:
        """The strings of ``any_of`` that are needles of the one-pass index."""
        return self._words

    @property
    def others(self) -> tuple[str, ...]:
        """The strings of ``any_of`` tested with ``in`` (digits, punctuation, short)."""
        return self._others

    def met_by(self, facts: TextFacts) -> bool:
        """False only when a text with these ``facts`` cannot hold a match."""
        if facts.digits < self.min_digits:
            return False
        if self.any_of is None or facts.case_twins:
            return True
        # Word strings are needles of the one-pass index (piiguard.needles): "holds one
        # of them" is one set test, however many alternatives a label list has.
        if not _holds_one(facts, self._words, self._others):
            return False
        return all(_holds_one(facts, words, others) for words, others in self._also)


def _holds_one(facts: TextFacts, words: frozenset[str], others: tuple[str, ...]) -> bool:
    if words and not words.isdisjoint(facts.strings):
        return True
    return any(s in facts.lowered for s in others)


NOTHING = PatternNeeds()

_recent_facts: RecentMemo[tuple[int, str], TextFacts] = RecentMemo(_text_facts, size=2)


def _comparable(code: int) -> str | None:
    """The character as compared with the lower-cased text, if it can be: an ASCII
    letter (lower-cased) or a character without case; None for other cased letters."""
    ch = chr(code)
    if ch.isascii():
        return ch.lower()
    return ch if ch.lower() == ch == ch.upper() and ch.casefold() == ch else None


def _set_chars(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The characters a class ``[...]`` can match, if few and all comparable."""
    chars: set[str] = set()
    for op, arg in items:
        if op is _c.LITERAL:
            codes: range | tuple[int, ...] = (arg,)
        elif op is _c.RANGE and arg[1] - arg[0] < _MAX_SET:
            codes = range(arg[0], arg[1] + 1)
        else:
            return None  # NEGATE, a category (\d, \s), a wide range
        for code in codes:
            ch = _comparable(code)
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


def _consumed(tree: Any) -> int:
    """The fewest digits a match of ``tree`` consumes (lookarounds consume none)."""
    total = 0
    for op, arg in tree:
        if op is _c.LITERAL:
            total += 1 if arg in _DIGIT_CODES else 0
        elif op is _c.IN:
            total += 1 if _is_digit_only_set(arg) else 0
        elif op in _REPEATS:
            low, _high, sub = arg
            total += low * _consumed(sub)
        elif op is _c.SUBPATTERN:
            total += _consumed(arg[-1])
        elif op is _ATOMIC:
            total += _consumed(arg)
        elif op is _c.BRANCH:
            total += min(_consumed(branch) for branch in arg[1])
        # Anything else (lookarounds, anchors, back-references, conditionals, ANY)
        # consumes no digit of its own.
    return total


def _digits(tree: Any) -> int:
    """The fewest digits a text holding a match of ``tree`` holds: what the match
    consumes, or what one positive lookaround reads if that is more (what it reads may
    be the match's own digits, so the two do not add up)."""
    best = _consumed(tree)
    for op, arg in tree:
        if op is _c.ASSERT:
            best = max(best, _digits(arg[1]))
        elif op in _REPEATS and arg[0] >= 1:
            best = max(best, _digits(arg[2]))
        elif op is _c.SUBPATTERN:
            best = max(best, _digits(arg[-1]))
        elif op is _ATOMIC:
            best = max(best, _digits(arg))
        elif op is _c.BRANCH:
            best = max(best, min(_digits(branch) for branch in arg[1]))
    return best


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements: longer shortest string, then fewer."""
    if a is None:
        return b
    if b is None:
        return a
    key_a = (-min(map(len, a)), len(a))
    key_b = (-min(map(len, b)), len(b))
    return a if key_a <= key_b else b


def _strings(tree: Any) -> frozenset[str] | None:
    """Literal strings one of which every match of ``tree`` holds (None: no such set):
    the most selective of the sets its mandatory parts give (:func:`_required`)."""
    best: frozenset[str] | None = None
    for required in _required(tree):
        best = _better(best, required)
    return best


@functools.lru_cache(maxsize=1024)
def pattern_needs(pattern: str, flags: int = 0) -> PatternNeeds:
    """What any match of ``pattern`` needs in the text (:data:`NOTHING` if unknown)."""
    if _reads_differently(pattern):
        return NOTHING
    try:
        tree = _p.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return NOTHING
    strings = _strings(tree)
    if strings is None:
        return PatternNeeds(_digits(tree))
    # The most selective of the other required sets, a few at most: each costs a test
    # on every text that passed the first (ties broken by the strings, so every process
    # keeps the same sets).
    also = sorted(
        {s for s in _required(tree) if s != strings},
        key=lambda s: (-min(map(len, s)), len(s), sorted(s)),
    )[:_MAX_ALSO]
    for required in (strings, *also):
        needles.register(s for s in required if _is_word(s))
    return PatternNeeds(_digits(tree), strings, tuple(also))


_MAX_ALSO = 3


def _required(tree: Any) -> list[frozenset[str]]:
    """Every set of literal strings one of which a match of ``tree`` holds, one set per
    mandatory part of the sequence (a group's own parts count: the group is there).
    :func:`_strings` picks the most selective single set; this keeps them all."""
    out: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in tree:
        ch = _comparable(arg) if op is _c.LITERAL else None
        if ch is not None:
            run.append(ch)
            continue
        if run:
            out.append(frozenset(["".join(run)]))
            run = []
        if op is _c.SUBPATTERN:
            out += _required(arg[-1])
        elif op is _ATOMIC:
            out += _required(arg)
        elif op in _REPEATS and arg[0] >= 1:
            out += _required(arg[2])  # at least once: its mandatory parts are there
        elif op is _c.ASSERT:
            out += _required(arg[1])  # a positive lookaround's text is in the turn too
        elif op is _c.IN:
            chars = _set_chars(arg)
            if chars is not None:
                out.append(chars)
        elif op is _c.BRANCH:
            # one string of each branch: the union (none if a branch needs nothing)
            union: set[str] = set()
            for branch in arg[1]:
                strings = _strings(branch)
                if strings is None:
                    union = set()
                    break
                union |= strings
            if union:
                out.append(frozenset(union))
    if run:
        out.append(frozenset(["".join(run)]))
    return out
