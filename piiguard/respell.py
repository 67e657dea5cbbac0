"""Respelled word view: chat spellings, typos, split words and spelled-out letters read as
the request vocabulary's words.

Agents type fast and speech-to-text mishears: "whats ur pasword", "card nmber", "the
verify cation code", "the oh tee pee", "read me the txt". :class:`Respeller` is built from
the request rules' own vocabulary (item names, description nouns, document words), so it
knows no word list of its own beyond the chat abbreviations below, and rewrites a turn's
folded view (:mod:`piiguard.fold`):

* chat abbreviations ("ur" -> "your", "thru" -> "through", "txt" -> "text");
* a token one letter dropped or added away from a vocabulary word of six letters or more
  ("pasword", "nmber", "passsword"), or one letter changed or two swapped from one of eight
  or more ("verificaton", "pasword" but not "tested" for "texted");
* two tokens whose join is such a word, or one edit from it ("verify cation");
* a run of spelled letter names or single letters that spells a vocabulary acronym
  ("oh tee pee" -> "otp", "c v v" -> "cvv", "p.i.n" is left to the names).

Every rewrite keeps an offset map to the original, so phrases are still reported at their
original characters.

    >>> from piiguard.fold import fold
    >>> r = Respeller(["password", "number"], acronyms=["otp"])
    >>> r.respell(fold("whats ur pasword")).text
    "what's your password"
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable

from piiguard.fold import FoldedText

__all__ = ["Respeller"]

# Chat spellings of function words the cues and questions are written with.
_CHAT = {
    "ur": "your", "yr": "your", "u": "you", "ya": "you", "r": "are", "thru": "through",
    "pls": "please", "plz": "please", "pleez": "please", "wat": "what", "wht": "what",
    "wats": "what's", "whats": "what's", "gimme": "give me", "lemme": "let me", "txt": "text",
    "msg": "message", "acct": "account", "num": "number", "nbr": "number", "numbr": "number",
    "tel": "tell",
}  # fmt: skip
# Spoken names of letters (speech-to-text writes what it hears).
_LETTER_NAMES = {
    "ay": "a", "bee": "b", "see": "c", "sea": "c", "cee": "c", "dee": "d", "ee": "e",
    "ef": "f", "eff": "f", "gee": "g", "aitch": "h", "eye": "i", "jay": "j", "kay": "k",
    "el": "l", "ell": "l", "em": "m", "en": "n", "oh": "o", "pee": "p", "pea": "p",
    "queue": "q", "cue": "q", "ar": "r", "ess": "s", "es": "s", "tee": "t", "tea": "t",
    "you": "u", "vee": "v", "ex": "x", "why": "y", "zee": "z", "zed": "z",
}  # fmt: skip
_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]+(?=[\u4e00-\u9fff])")
# A speech-to-text pause between two phrases ("您别着急 为了核实您的身份 请您报一下") is a
# clause break, kept as a space; a gap inside a word spaced out ("密 码", "验 证 码") or
# before a verb's completion ("报 一下") is joined. Two or more characters on each side make
# a pause.
_CJK_PAUSE = re.compile(
    r"(?<=[\u4e00-\u9fff]{2})[ \t]+(?=[\u4e00-\u9fff]{2})"
    r"(?!一下|一遍|一次|给我|给您|给你|出来|过来)"
)
_MIN_TARGET = 6  # shorter words have too many real neighbours one edit away
_MIN_TOKEN = 5
_MIN_CHANGED = 8
_MAX_JOIN_GAP = 1  # "verify cation": one space between the halves


_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(word: str, *, changes: bool) -> set[str]:
    """``word`` with a letter dropped or added and, if ``changes``, one changed or two
    adjacent swapped."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + c + b for a, b in splits for c in _ALPHABET}
    if changes:
        out |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
        out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    return out


class Respeller:
    """Rewrites near-misses of a vocabulary in a folded view; see the module docstring."""

    def __init__(self, vocabulary: Iterable[str], acronyms: Iterable[str] = ()):
        words: set[str] = set()
        for phrase in vocabulary:
            if not phrase.startswith("re:"):
                words.update(w.lower() for w in re.findall(r"[A-Za-z]+", phrase))
        self.known = frozenset(words)
        self.targets = frozenset(w for w in words if len(w) >= _MIN_TARGET)
        # Every spelling one edit from a target, precomputed: a turn's tokens then cost one
        # look-up each (a few tens of thousands of short strings, built once per detector).
        self.neighbours: dict[str, str] = {}
        for word in sorted(self.targets):
            for variant in _one_edit(word, changes=len(word) >= _MIN_CHANGED):
                if len(variant) >= _MIN_TOKEN and variant not in words:
                    self.neighbours.setdefault(variant, word)
        self.heads = frozenset(w[:2] for w in self.targets)
        # the tokens that may be rewritten on their own or start a spelled run
        self._special = frozenset(_CHAT) | frozenset(self.neighbours) | frozenset(_LETTER_NAMES)
        # what a token on its own may be rewritten from; what a join must be (may_edit)
        self._rewritable = frozenset(_CHAT) | frozenset(self.neighbours)
        self._joinable = self.targets | frozenset(self.neighbours)
        # only the names that are acronyms: a run of letters spelling "the" is no request
        self.acronyms = frozenset(a.lower() for a in acronyms if a.isalnum() and len(a) <= 4)

    def correct(self, token: str) -> str | None:
        """The vocabulary word ``token`` is one edit away from, or None."""
        return self.neighbours.get(token.lower())

    def respell(self, view: FoldedText) -> FoldedText:
        """``view`` with its near-miss words rewritten, offsets kept."""
        text = view.text
        # Chinese is written without spaces: "密 码", "验 证 码" are the words spaced out
        edits: list[tuple[int, int, str]] = [
            (m.start(), m.end(), "")
            for m in _CJK_GAP.finditer(text)
            if not _CJK_PAUSE.match(text, m.start())
        ]
        if not self.may_edit(text):
            return _rewrite(view, edits) if edits else view
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        lows = [t[2].lower() for t in tokens]
        # Only a token that is a letter, a letter's name, a chat spelling, a near miss or
        # the head of a vocabulary word can start an edit (a join's first two letters are
        # the left token's): most words are none of these and are skipped here, in bulk.
        special, heads = self._special, self.heads
        starts = [
            k for k, low in enumerate(lows) if low in special or len(low) == 1 or low[:2] in heads
        ]
        i = 0
        for k in starts:
            if k < i:
                continue  # consumed by a join or a spelled run
            i = k
            start, end, word = tokens[i]
            lowered = lows[i]
            spelled = (
                self._spelled_run(text, tokens, i)
                if len(lowered) == 1 or lowered in _LETTER_NAMES
                else None
            )
            if spelled is not None:
                j, acronym = spelled
                edits.append((start, tokens[j][1], acronym))
                i = j + 1
                continue
            if i + 1 < len(tokens):
                n_start, n_end, _ = tokens[i + 1]
                joined = self._joined(lowered, lows[i + 1], text[end:n_start])
                if joined is not None:
                    edits.append((start, n_end, joined))
                    i += 2
                    continue
            replacement = _CHAT.get(lowered) or self.neighbours.get(lowered)
            if replacement is not None and replacement != lowered:
                edits.append((start, end, replacement))
            i += 1
        return _rewrite(view, edits) if edits else view

    def may_edit(self, text: str) -> bool:
        """Whether any token of ``text`` can be rewritten: a chat spelling or near miss, a
        pair whose join is (one edit from) a vocabulary word, or two letters (or letter
        names) in a row. A necessary condition, checked on the token strings in bulk:
        most turns hold none, and skip the token loop (spaced-out Chinese is joined
        whatever this says)."""
        words = _TOKEN.findall(text)
        if not words:
            return False
        lows = " ".join(words).lower().split(" ")  # tokens hold no space
        if not self._rewritable.isdisjoint(lows):
            return True
        pairs = list(map(operator.add, lows, lows[1:]))
        if not self._joinable.isdisjoint(pairs):
            return True
        letters = [len(w) == 1 or w in _LETTER_NAMES for w in lows]
        return any(map(operator.and_, letters, letters[1:]))

    def _joined(self, left: str, right: str, gap: str) -> str | None:
        if len(gap) > _MAX_JOIN_GAP or not gap.isspace():
            return None
        if left in self.targets or right in self.targets:
            return None  # "pin number": two words already
        joined = left + right
        if len(joined) < _MIN_TARGET + 2 or joined[:2] not in self.heads:
            return None  # most pairs of words start no vocabulary word: skip the search
        if joined in self.targets:
            return joined  # "pass code"
        if left in self.known and right in self.known:
            return None  # "the code": words of their own
        fixed = self.correct(joined)
        return fixed if fixed is not None and fixed not in (left, right) else None

    def _spelled_run(
        self, text: str, tokens: list[tuple[int, int, str]], i: int
    ) -> tuple[int, str] | None:
        """A run of letter names from token ``i`` spelling an acronym: (last token, acronym)."""
        letters = ""
        j = i
        while j < len(tokens):
            word = tokens[j][2].lower()
            letter = word if len(word) == 1 else _LETTER_NAMES.get(word)
            if letter is None:
                break
            if j > i and not re.fullmatch(r"[\s.\-]{1,2}", text[tokens[j - 1][1] : tokens[j][0]]):
                break
            letters += letter
            j += 1
        for k in range(len(letters), 1, -1):  # the longest acronym the run starts with
            if letters[:k] in self.acronyms and j - i >= 2:
                return i + k - 1, letters[:k]
        # single letters typed apart spell any item word ("c o d e", "p a s s c o d e")
        singles = ""
        for k in range(i, j):
            if len(tokens[k][2]) != 1:
                break
            singles += tokens[k][2].lower()
        for k in range(len(singles), 2, -1):
            if singles[:k] in self.known:
                return i + k - 1, singles[:k]
        return None


def _rewrite(view: FoldedText, edits: list[tuple[int, int, str]]) -> FoldedText:
    """Apply non-overlapping ``(start, end, new)`` edits, mapping every new character into
    its replaced span of the original."""
    origin = view.origin
    out: list[str] = []
    index: list[int] = []
    pos = 0

    def original(i: int) -> int:
        return origin[i] if origin is not None else i

    for start, end, new in sorted(edits):
        out.append(view.text[pos:start])
        index.extend(original(k) for k in range(pos, start))
        width = end - start
        for k in range(len(new)):
            at = start + (k * width) // len(new) if k < len(new) - 1 else end - 1
            index.append(original(at))
        out.append(new)
        pos = end
    out.append(view.text[pos:])
    index.extend(original(k) for k in range(pos, len(view.text)))
    return FoldedText("".join(out), tuple(index))
