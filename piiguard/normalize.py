"""Detection view of a turn: look-alike characters unified, spoken numbers as digits.

Recognizers run on a *normalised* copy of each turn and their findings are mapped back
to the original text through an offset map, so that

* full-width, Arabic-Indic and other decimal digits read as ASCII digits,
* zero-width characters inside a number (``4111\\u200b1111``) disappear,
* full-width ASCII (``：``, ``ａ``) reads as ASCII, and a lone surrogate as U+FFFD,
* spoken or broken digit sequences read as one digit string: "four one one one" ->
  ``4111``, "double five" -> ``55``, "forty one eleven" -> ``4111``, "nineteen seventy
  two" -> ``1972``, 六二二二 / 幺 / 两 -> ``6222`` / ``1`` / ``2``, 六十二 -> ``62``,
  "7 7 1, 0 4 2" -> ``771042``; fillers (uh, um, 嗯, 那个), commas and "dash" inside such a
  run are dropped; a trailing "x" after 17 digits is kept as an ID check digit.

Every character of the normalised text remembers the original span it came from, and
:meth:`NormalizedText.to_original` widens a normalised span to the original characters,
so a finding on ``4111...`` covers the words "four one one one ...".

Example::

    >>> n = normalize("my card is four one one one")
    >>> n.text
    'my card is 4111'
    >>> n.to_original(11, 15)
    (11, 27)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from piiguard.memo import RecentMemo

__all__ = ["NormalizedText", "fold_traditional", "normalize"]

# Characters that carry no content but can split a number: zero-width space / joiners,
# word joiner, BOM, soft hyphen, bidi marks.
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
)

_EN_DIGIT = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_EN_TEEN = {
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
}
_EN_TENS = {
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fourty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}
_EN_REPEAT = {"double": 2, "triple": 3}
_EN_ZERO = frozenset({"oh", "o", "zero"})
# Every English number word (the words a spoken digit run is made of).
_SPOKEN_EN = frozenset([*_EN_DIGIT, *_EN_TEEN, *_EN_TENS, *_EN_REPEAT])
# What speech recognition writes for a digit it heard ("four one one for" = 4114): read
# as that digit only between spoken digits (see _runs), never on its own.
_EN_HOMOPHONE = {"for": "four", "fore": "four", "to": "two", "too": "two", "ate": "eight"}
# Words that may sit inside a spoken number without ending it.
_EN_FILLER = frozenset({"uh", "um", "er", "erm", "ah", "uhm", "hmm", "dash", "hyphen", "slash"})
_ZH_DIGIT = {
    "零": "0",
    "〇": "0",
    "一": "1",
    "幺": "1",
    "二": "2",
    "两": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
    # Financial numerals (大写数字), Simplified and Traditional: 陆贰贰贰 -> 6222.
    "壹": "1",
    "贰": "2",
    "貳": "2",
    "叁": "3",
    "參": "3",
    "叄": "3",
    "肆": "4",
    "伍": "5",
    "陆": "6",
    "陸": "6",
    "柒": "7",
    "捌": "8",
    "玖": "9",
    # What speech recognition writes for 幺 and 五 (腰 "waist", 吾 "I"): digits only
    # inside a run of numerals (see _ZH_ONLY_IN_RUNS).
    "腰": "1",
    "吾": "5",
    # Radio-style digits, as call-centre staff and their callers read numbers to avoid
    # mishearing (洞 "hole" = 0, 拐 "turn" = 7, 勾 "hook" = 9): digits only inside a run
    # of at least three numerals (漏洞, 拐弯, 勾选 are ordinary words).
    "洞": "0",
    "拐": "7",
    "勾": "9",
}
# Chinese numerals so common inside ordinary words (一下, 两个, 十分) that they are only
# read as digits when they stand in a run of numerals.
_ZH_ONLY_IN_RUNS = frozenset("一两十腰吾洞拐勾")
_ZH_RADIO = frozenset("洞拐勾")
# An ID's check character X read aloud (叉 "cross", 艾克斯 / 埃克斯 "ex"): joins a run of
# seventeen numerals only.
_ZH_X = ("艾克斯", "埃克斯", "叉")
_ZH_FILLER = ("那个", "就是", "嗯", "呃", "啊", "额")
# A repeated digit counted aloud (三个六 = 666, 两个零 = 00), as Mandarin speakers read
# PINs and numbers with runs; not before a unit or a noun (三个八岁, 两个一百).
_ZH_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_COUNTED = (
    "[两二三四五六七八九]个[零〇一幺二两三四五六七八九]"
    "(?![百千万亿块元毛角分钟号点月日年岁人位次个])"
)
_ZH_NUMERALS = "".join(_ZH_DIGIT) + "十"
# Characters between digit groups ("4111 1111", "4111–1111", "4111\t1111"); after
# folding, NBSP, U+202F, U+2011 and U+2212 are already a space or a hyphen.
# A line break (a number pasted across lines) is a separator too.
_SEPARATORS = " \t\r\n,，、–—_-"
# Dots and slashes join *typed* digit groups only ("930.167.3943", "4111/1111/..."):
# next to words they end sentences and write dates.
_TYPED_ONLY_SEPARATORS = "./"

# One token of the detection scan: an ASCII word, a digit string, one Chinese numeral,
# a Chinese filler, a separator or any other character.
_TOKEN_RE = re.compile(
    r"(?P<word>[A-Za-z]+(?:'[a-z]+)?)"
    r"|(?P<digits>\d+)"
    rf"|(?P<zhx>{'|'.join(_ZH_X)})"
    rf"|(?P<zhcount>{_ZH_COUNTED})"
    # A count of digits ("十九位", "十六位数"), as an agent says after reading a card back:
    # a quantity, not the next group of the number before it.
    r"|(?P<zhlen>[一二三四五六七八九]?十[一二三四五六七八九]?位)"
    rf"|(?P<zh>[{_ZH_NUMERALS}])"
    rf"|(?P<zhfill>{'|'.join(_ZH_FILLER)})"
    # A slash said aloud between numerals (有效期 零九斜杠三零): a pause in the run.
    r"|(?P<zhslash>斜杠|斜线)"
    # An ellipsis is a pause in a read-out number ("six zero one one... four nine").
    rf"|(?P<sep>(?:[{re.escape(_SEPARATORS)}]|\.{{2,}}|…)+)"
    rf"|(?P<dsep>[{re.escape(_TYPED_ONLY_SEPARATORS)}])"
    # Runs of ordinary characters are one token (they only ever break a number run).
    rf"|(?P<other>[^A-Za-z\d{_ZH_NUMERALS}{''.join({c[0] for c in _ZH_FILLER + _ZH_X})}"
    rf"{re.escape(_SEPARATORS + _TYPED_ONLY_SEPARATORS)}]+|.)",
    re.DOTALL,
)


# What an ASCII word token is, by its lower-cased text (absent: an ordinary word).
_WORD_KIND = (
    dict.fromkeys([*_EN_DIGIT, *_EN_TEEN, *_EN_TENS, *_EN_REPEAT], "num")
    | dict.fromkeys(_EN_FILLER, "filler")
    | dict.fromkeys(_EN_HOMOPHONE, "homophone")
    | {"x": "x", "plus": "plus"}
)


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised string and, per character, the original span it stands for."""

    original: str
    text: str
    spans: tuple[tuple[int, int], ...] | None  # None: identity (the text did not change)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering normalised ``[start, end)``."""
        if self.spans is None:
            start = min(max(start, 0), len(self.text))
            return start, min(max(end, start), len(self.text))
        if not self.spans:
            return (0, 0)
        start = min(max(start, 0), len(self.spans) - 1)
        end = min(max(end, start + 1), len(self.spans))
        return self.spans[start][0], self.spans[end - 1][1]

    def span_map(self) -> tuple[tuple[int, int], ...]:
        """The original span of every normalised character."""
        if self.spans is None:
            return tuple((i, i + 1) for i in range(len(self.text)))
        return self.spans


# Traditional characters of the labels recognizers look for (密碼, 驗證碼, 卡號, 帳戶,
# 電話, 手機, 郵箱, 後三位 ...), read as their Simplified forms: one character for one,
# so offsets do not move and every label list serves both scripts.
_TRADITIONAL = dict(
    zip(
        "碼驗證號帳賬戶銀機電話郵後餘額訂單網轉關動態簡訊錯誤設為個數碼卡價費買賣圓鐘點臺認會聯門絡",
        "码验证号账账户银机电话邮后余额订单网转关动态简讯错误设为个数码卡价费买卖圆钟点台认会联门络",
        strict=True,
    )
)

_TRADITIONAL_TABLE = {ord(t): s for t, s in _TRADITIONAL.items()}
_HAS_TRADITIONAL = re.compile("[" + "".join(_TRADITIONAL) + "]")


def fold_traditional(text: str) -> str:
    """``text`` with the Traditional label characters in their Simplified forms (1:1, so
    offsets hold): what label words are looked up in, carried or not (門號, 聯絡電話).
    A turn without any (most turns) is returned as it is, after one regex search."""
    if text.isascii() or _HAS_TRADITIONAL.search(text) is None:
        return text
    return text.translate(_TRADITIONAL_TABLE)


# Every look-alike fold, one character for one (invisible characters are dropped
# separately): full-width ASCII, ideographic and other spaces, hyphen look-alikes,
# lone surrogates (broken UTF-16: unreadable, not content) and Traditional label
# characters. Other decimal digits (Arabic-Indic, ...) are folded by _OTHER_DIGIT.
_FOLD_TABLE = (
    {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    | dict.fromkeys(map(ord, "\u3000\u00a0\u2007\u2009\u202f"), " ")
    | dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2212"), "-")
    | dict.fromkeys(range(0xD800, 0xE000), "\ufffd")
    | _TRADITIONAL_TABLE
)
_INVISIBLE_RE = re.compile("[" + "".join(sorted(_INVISIBLE)) + "]")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _fold(text: str) -> tuple[str, list[int]]:
    """Fold look-alike characters 1:1 and drop invisibles; map folded index -> original."""
    folded = _OTHER_DIGIT.sub(
        lambda m: str(unicodedata.decimal(m.group())), text.translate(_FOLD_TABLE)
    )
    if _INVISIBLE_RE.search(text) is None:
        return folded, list(range(len(text)))
    keep = [i for i, ch in enumerate(text) if ch not in _INVISIBLE]
    return "".join(folded[i] for i in keep), keep


@dataclass(slots=True)
class _Tok:
    kind: str  # "num" (number word / numeral / digits), "x", "filler", "sep", "other"
    start: int
    end: int
    text: str
    spoken: bool = False  # a word or Chinese numeral, as opposed to typed digits


def _tokens(folded: str) -> list[_Tok]:
    """The tokens number runs are made of. Ordinary words and other text only ever end a
    run, so consecutive ones (with the separators between them) are one "other" token:
    most of a turn costs one token, not one per word."""
    toks: list[_Tok] = []
    append = toks.append
    word_kind = _WORD_KIND
    breaker: _Tok | None = None  # the "other" token being extended, if the last one is
    for m in _TOKEN_RE.finditer(folded):
        kind = m.lastgroup
        if kind == "word":
            t = m.group()
            low = t.lower()
            found = word_kind.get(low)
            if found == "num":
                append(_Tok("num", m.start(), m.end(), low, spoken=True))
            elif found == "filler":
                append(_Tok("filler", m.start(), m.end(), low))
            elif found == "x":
                append(_Tok("x", m.start(), m.end(), t))
            elif found == "homophone":
                append(_Tok("homophone", m.start(), m.end(), low))
            elif found == "plus":
                append(_Tok("plus", m.start(), m.end(), "+"))
            elif breaker is not None:
                breaker.end = m.end()
                continue
            else:
                breaker = _Tok("other", m.start(), m.end(), "")
                append(breaker)
                continue
        elif kind == "digits":
            append(_Tok("num", m.start(), m.end(), m.group()))
        elif kind in ("zh", "zhcount"):
            append(_Tok("num", m.start(), m.end(), m.group(), spoken=True))
        elif kind == "zhfill":
            append(_Tok("filler", m.start(), m.end(), m.group()))
        elif kind == "zhx":
            append(_Tok("zhx", m.start(), m.end(), "X"))
        elif kind in ("sep", "dsep") and breaker is None:
            append(_Tok(kind, m.start(), m.end(), m.group()))
        elif kind == "zhslash" and breaker is None:
            append(_Tok("sep", m.start(), m.end(), m.group()))
        elif breaker is not None:  # other text, or a separator after other text
            breaker.end = m.end()
            continue
        else:
            breaker = _Tok("other", m.start(), m.end(), "")
            append(breaker)
            continue
        breaker = None
    return toks


def _runs(toks: list[_Tok], folded: str) -> list[tuple[int, int]]:
    """Index ranges ``[i, j)`` of maximal number runs (number tokens joined by gaps)."""
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(toks)
    while i < n:
        if toks[i].kind == "homophone" and _homophone_leads_run(toks, i, folded):
            # "my social is for one five five three ...": the digit four.
            tok = toks[i]
            tok.kind, tok.text, tok.spoken = "num", _EN_HOMOPHONE[tok.text], True
        if toks[i].kind != "num":
            i += 1
            continue
        j = i + 1
        last_num = i
        while j < n and toks[j].kind in ("num", "sep", "filler", "homophone", "dsep"):
            tok = toks[j]
            if tok.kind == "homophone":
                if not _homophone_in_run(toks, i, j, folded):
                    break
                # "for" between spoken digits is the digit four.
                tok.kind, tok.text, tok.spoken = "num", _EN_HOMOPHONE[tok.text], True
            elif tok.kind == "dsep" and not _joins_typed_groups(toks, j):
                break
            elif tok.kind in ("sep", "filler") and _unit_follows(toks, j, folded):
                break  # "零九 二九，就是二九年九月": the restated date is not more digits
            if tok.kind == "num":
                last_num = j
            j += 1
        # A trailing "x" directly after the run (ID check digit) joins it.
        end = last_num + 1
        k = end
        while k < n and toks[k].kind == "sep" and " " in toks[k].text and len(toks[k].text) <= 2:
            k += 1
        if k < n and toks[k].kind == "x":
            end = k + 1
        elif _zh_check_x_follows(toks, i, last_num + 1):
            k = last_num + 1
            while toks[k].kind in ("sep", "filler"):
                k += 1
            toks[k].kind = "x"
            end = k + 1
        runs.append((i, end))
        i = max(end, last_num + 1)
    return runs


# A run may start with a homophone only when this many spoken digits follow it: "for one
# five five three" is a number, "for one thing" and "talk to one of us" are not.
_HOMOPHONE_LEAD_DIGITS = 3
# ... and may end one after this many number words of it.
_HOMOPHONE_TAIL_AFTER = 6
# Words after which a leading homophone is the first digit, not a preposition.
_ANNOUNCES_A_VALUE = frozenset(
    {"is", "was", "are", "number", "no", "code", "social", "ssn", "pin", "it's", "that's"}
    | {"yeah", "yes", "yep", "ok", "okay", "sure"}
    # a correction restarts the value ("... i mean to oh one ...", "no wait, to oh one")
    | {"mean", "wait", "sorry", "actually"}
)


# Units after a number that make it a date, a time, an age or an amount (二九年, 三点).
_ZH_UNITS = frozenset("年月日号点岁块元")


def _unit_follows(toks: list[_Tok], at: int, folded: str) -> bool:
    """True when the Chinese numerals after the gap at ``at`` end in a unit (年, 月, 元):
    a date or an amount restating the value, which does not continue its digits."""
    k = at
    n = len(toks)
    while k < n and toks[k].kind in ("sep", "filler"):
        k += 1
    last = None
    while k < n and toks[k].kind == "num":
        last = toks[k]
        k += 1
    return last is not None and last.spoken and folded[last.end : last.end + 1] in _ZH_UNITS


def _homophone_in_run(toks: list[_Tok], start: int, at: int, folded: str = "") -> bool:
    """A homophone at ``at`` reads as a digit between spoken number words, when the run
    around it is a digit string rather than a quantity: at least three number words
    around it ("three to nine one seven", "six one for two"), or right after a spoken
    zero (nobody says "oh to two weeks": "oh for thirty" is 0430). "one to two business
    days" and "five to ten minutes" stay words; so does "four to one", unless a copula
    announces the three digits as a value ("the back is four to one": a CVV)."""
    before = [t for t in toks[start:at] if t.kind == "num"]
    if not before or not before[-1].spoken:
        return False
    if before[-1].text in _EN_REPEAT:
        return True  # "double to", "triple for": a digit is what is doubled
    after = _spoken_words_after(toks, at)
    if after == 0:
        # The last digit of a long read-out ("... six oh to, and you can call after
        # six"): only after a run as long as a phone number's first part and more; or
        # after two number words when the sentence ends there ("seven four to."): a
        # preposition does not end one.
        if len(before) >= 2 and _ends_sentence(toks, at):
            return True
        # ... or before a comma when a code label announced the digits ("security code
        # is five six to, thanks").
        if (
            len(before) == 2
            and _pause_after(toks, at)
            and _SHORT_CODE_LABEL.search(folded, 0, toks[start].start) is not None
        ):
            return True
        return len(before) >= _HOMOPHONE_TAIL_AFTER
    if len(before) + after >= 3 or before[-1].text in _EN_ZERO:
        return True
    return (
        len(before) == 1
        and after == 1
        and before[0].text in _EN_DIGIT
        and _next_number_word(toks, at) in _EN_DIGIT
        and _SHORT_CODE_LABEL.search(folded, 0, toks[start].start) is not None
    )


# What announces a three-digit value read "X to Y" ("the back is four to one"): a code's
# place or name and a copula right before it; "the ratio is four to one" stays words.
_SHORT_CODE_LABEL = re.compile(
    r"\b(?:back|code|cvv|cvc|cid|pin|digits|numbers)"
    r"(?:'s|\s+(?:it'?s|is|are|was|were|says|reads)|\s*[:：])\s*\Z",
    re.IGNORECASE,
)


def _pause_after(toks: list[_Tok], at: int) -> bool:
    """A comma (or the end of the turn) right after token ``at``."""
    nxt = toks[at + 1] if at + 1 < len(toks) else None
    return nxt is None or (nxt.kind == "sep" and nxt.text.startswith((",", "，")))


def _ends_sentence(toks: list[_Tok], at: int) -> bool:
    """Nothing but a full stop (or the end of the turn) right after token ``at``."""
    nxt = toks[at + 1] if at + 1 < len(toks) else None
    return nxt is None or (nxt.kind == "dsep" and nxt.text == "." and nxt.start == toks[at].end)


def _spoken_words_after(toks: list[_Tok], at: int) -> int:
    """Spoken English number words right after ``at`` (separators, fillers and other
    homophones aside), "double" and "triple" counted as the digits they stand for."""
    count = 0
    for tok in toks[at + 1 :]:
        if tok.kind in ("sep", "filler", "homophone"):
            continue
        if tok.kind != "num" or not tok.spoken or tok.text not in _SPOKEN_EN:
            break
        count += _EN_REPEAT.get(tok.text, 1)
    return count


def _next_number_word(toks: list[_Tok], at: int) -> str | None:
    for tok in toks[at + 1 :]:
        if tok.kind in ("sep", "filler", "homophone"):
            continue
        return tok.text if tok.kind == "num" else None
    return None


def _homophone_leads_run(toks: list[_Tok], at: int, folded: str) -> bool:
    """A homophone opens a number run when :data:`_HOMOPHONE_LEAD_DIGITS` spoken English
    number words follow it (two, the first a zero: "to oh one") and it follows a word
    that announces a value ("is", "number", "social", a colon) or opens the turn:
    "charge it to four one ..." and "send it to ..." keep their preposition."""
    after = _spoken_words_after(toks, at)
    # Two after it: a three-digit value (a CVV, "the back is to four three") when a
    # copula announces it, or when the first is a zero ("to oh one").
    short = after == _HOMOPHONE_LEAD_DIGITS - 1
    zero_next = short and _next_number_word(toks, at) in _EN_ZERO
    if (
        after < _HOMOPHONE_LEAD_DIGITS
        and not zero_next
        and not (short and _copula_before(toks, at, folded))
    ):
        return False
    k = at - 1
    while k >= 0 and toks[k].kind in ("sep", "filler"):
        k -= 1
    if k < 0 or toks[k].kind in ("homophone", "plus"):
        # the turn opens with it, a preposition comes first ("to for six"), or a
        # country code follows "plus" ("plus for nine ...")
        return True
    if toks[k].kind != "other":
        return False
    before = folded[toks[k].start : toks[k].end].rstrip()
    if before.endswith((":", "：")):
        return True
    words = before.lower().split()
    # "Okay, to oh one ...": the comma after the word is a pause, not a new clause
    return bool(words) and words[-1].rstrip(",，") in _ANNOUNCES_A_VALUE


_COPULAS = frozenset({"is", "it's", "that's", "was"})


def _copula_before(toks: list[_Tok], at: int, folded: str) -> bool:
    k = at - 1
    while k >= 0 and toks[k].kind in ("sep", "filler"):
        k -= 1
    if k < 0 or toks[k].kind != "other":
        return False
    words = folded[toks[k].start : toks[k].end].lower().split()
    return bool(words) and words[-1] in _COPULAS


def _plus_before(toks: list[_Tok], at: int) -> _Tok | None:
    """The spoken "plus" right before the spoken number run starting at ``at`` (one
    space between them), or None."""
    k = at - 1
    if k >= 0 and toks[k].kind == "sep" and toks[k].text == " ":
        k -= 1
    if k < 0 or toks[k].kind != "plus" or not toks[at].spoken:
        return None
    return toks[k]


def _zh_check_x_follows(toks: list[_Tok], start: int, after: int) -> bool:
    """A spoken 叉 / 艾克斯 right after a run of seventeen spoken numerals (an ID read
    aloud, commas and pauses aside)."""
    k = after
    while k < len(toks) and toks[k].kind in ("sep", "filler"):
        k += 1
    if k >= len(toks) or toks[k].kind != "zhx":
        return False
    nums = [t for t in toks[start:after] if t.kind == "num"]
    return len(nums) == 17 and all(t.spoken and t.text in _ZH_DIGIT for t in nums)


def _joins_typed_groups(toks: list[_Tok], at: int) -> bool:
    """A dot or slash at ``at`` joins typed digit groups on both sides (a space either
    side aside: "4111 / 1111")."""
    before = at - 1
    if before > 0 and toks[before].kind == "sep" and toks[before].text == " ":
        before -= 1
    after = at + 1
    if after + 1 < len(toks) and toks[after].kind == "sep" and toks[after].text == " ":
        after += 1
    prev = toks[before] if before >= 0 else None
    nxt = toks[after] if after < len(toks) else None
    if (
        toks[at].text == "/"
        and prev is not None
        and nxt is not None
        and len(prev.text) <= 2
        and prev.text.isdigit()
        and 1 <= int(prev.text) <= 12
        and len(nxt.text) == 2
    ):
        return False  # MM/YY: an expiry date between a card and its CVV, not a group
    return (
        prev is not None
        and nxt is not None
        and prev.kind == "num"
        and not prev.spoken
        and nxt.kind == "num"
        and not nxt.spoken
    )


def _spell_run(toks: list[_Tok]) -> list[tuple[str, int]] | None:
    """Digits of a run, each with the index (into ``toks``) of the token it comes from.

    Returns None when the run does not read as a digit sequence.
    """
    nums = [(k, t) for k, t in enumerate(toks) if t.kind in ("num", "x")]
    out: list[tuple[str, int]] = []
    pos = 0
    while pos < len(nums):
        k, tok = nums[pos]
        nxt = nums[pos + 1] if pos + 1 < len(nums) else None
        word = tok.text
        if tok.kind == "x":
            out.append(("X", k))
        elif len(word) == 3 and word[1] == "个":  # 三个六: the digit, counted
            out.extend((_ZH_DIGIT[word[2]], k) for _ in range(_ZH_COUNT[word[0]]))
        elif not tok.spoken:
            out.extend((d, k) for d in word)
        elif word in _ZH_DIGIT or word == "十":
            if word == "十":
                prev_digit = bool(out) and pos > 0 and nums[pos - 1][1].text in _ZH_DIGIT
                next_digit = nxt is not None and nxt[1].text in _ZH_DIGIT
                if prev_digit and next_digit:
                    pass  # 六十二: the tens digit is already out, the unit follows
                elif prev_digit:
                    out.append(("0", k))  # 六十 -> 60
                elif next_digit:
                    out.append(("1", k))  # 十二 -> 12
                else:
                    out.extend((("1", k), ("0", k)))
            else:
                out.append((_ZH_DIGIT[word], k))
        elif word in _EN_REPEAT:
            if nxt is None or nxt[1].text not in _EN_DIGIT:
                return None
            digit = _EN_DIGIT[nxt[1].text]
            out.extend((digit, k if r == 0 else nxt[0]) for r in range(_EN_REPEAT[word]))
            pos += 2
            continue
        elif word in _EN_DIGIT:
            out.append((_EN_DIGIT[word], k))
        elif word in _EN_TEEN:
            out.extend((d, k) for d in _EN_TEEN[word])
        elif word in _EN_TENS:
            tens = _EN_TENS[word]
            if (
                nxt is not None
                and nxt[1].spoken
                and nxt[1].text in _EN_DIGIT
                and nxt[1].text not in ("zero", "oh", "o")
                # "fifty... six" or "fifty, six" are two groups, "fifty-six" one number
                and all(t.text in (" ", "-") for t in toks[k + 1 : nxt[0]])
            ):
                out.extend(((tens, k), (_EN_DIGIT[nxt[1].text], nxt[0])))
                pos += 2
                continue
            out.extend(((tens, k), ("0", k)))
        pos += 1
    return out


def _regroup(toks: list[_Tok]) -> list[tuple[str, int]] | None:
    """Typed digit groups with an unusual separator between them, as groups joined by
    one space: "6222  0212", "6222\t0212", "6222–0212", "6222_0212", and with three or
    more groups and 9+ digits "930.167.3943" or "4111/1111/1111/1111". Each character
    comes with the index of the token it stands for. None: leave the run as it is."""
    nums = [t for t in toks if t.kind == "num"]
    # An ID's check character X may close the run, glued to its last group ("..._812X").
    check_x = (
        toks[-1].kind == "x"
        and len(toks) > 1
        and toks[-2].kind == "num"
        and sum(len(t.text) for t in nums) == 17  # not an extension ("5530x214")
    )
    body = toks[:-1] if check_x else toks
    if len(nums) < 2 or any(t.spoken for t in nums) or any(t.kind == "x" for t in body):
        return None
    gaps = [t.text for t in toks if t.kind in ("sep", "dsep")]
    if any(ch in gap for gap in gaps for ch in ",，、"):
        return None  # thousands separators and lists: not one number
    typed_only = any(t.kind == "dsep" for t in toks)
    if typed_only:
        if len(nums) < 3 or sum(len(t.text) for t in nums) < 9:
            return None
    elif all(gap in (" ", "-") for gap in gaps):
        return None  # the usual separators: the patterns read them as they are
    if all(len(t.text) == 1 for t in nums):
        return None  # digit by digit: _should_rewrite joins it
    out: list[tuple[str, int]] = []
    for k, tok in enumerate(toks):
        if tok.kind == "num":
            if out and out[-1][0] != " ":
                out.append((" ", k))
            out.extend((d, k) for d in tok.text)
        elif tok.kind in ("sep", "dsep") and out and out[-1][0] != " ":
            out.append((" ", k))
        elif tok.kind == "x":
            out.append(("X", k))
    return out


def _should_rewrite(toks: list[_Tok], digits: list[tuple[str, int]]) -> bool:
    """Rewrite a run only when it reads as a spoken or digit-by-digit number."""
    if any(t.kind == "dsep" for t in toks):
        return False  # a dot or slash between typed groups: a date, an amount
    nums = [t for t in toks if t.kind == "num"]
    spoken = [t for t in nums if t.spoken]
    if spoken:
        if len(nums) < 2:
            return False
        words = {t.text for t in spoken}
        # "oh"/"o" alone with one other word ("oh one") is too weak to be a number.
        if words <= {"oh", "o"}:
            return False
        # A lone Chinese 一/两/十 in a run of two is an ordinary word (一 两个) more often
        # than a number; a real spoken number has more numerals.
        zh = [t for t in spoken if t.text in _ZH_DIGIT or t.text == "十"]
        if zh and len(nums) == 2 and all(t.text in _ZH_ONLY_IN_RUNS for t in zh):
            return False
        if len(nums) < 3 and any(t.text in _ZH_RADIO for t in zh):
            return False  # 左拐三 (turn left, three ...): a radio digit needs a longer run
        return len(digits) >= 2
    # Typed digits: only a digit-by-digit reading ("7 7 1 0 4 2") is joined.
    return len(nums) >= 4 and all(len(t.text) == 1 for t in nums)


# Anything normalisation could change: full-width or invisible characters, a lone
# surrogate, a non-ASCII decimal digit, a Chinese numeral that is read on its own, two
# numerals in a row, an English number word, or digits typed one by one. Text without
# any of these (most turns, Chinese or English) is its own detection view. Three
# patterns, not one: an ASCII turn skips the first, and the word list runs on lower-cased
# text without IGNORECASE, which together make the check about 3x cheaper.
_MAY_CHANGE_NON_ASCII = re.compile(
    r"[\uff01-\uff5e\u3000\u00ad\u200b-\u200f\u202a-\u202e\u2060\ufeff\ud800-\udfff]"
    r"|(?![0-9])\d"
    r"|[零〇幺二三四五六七八九壹贰貳叁參叄肆伍陆陸柒捌玖腰吾洞拐勾]"
    r"|[\u00a0\u2007\u2009\u202f\u2010-\u2012\u2212]"
    r"|[" + "".join(_TRADITIONAL) + "]"
    r"|[一两十][\s,，、\-]*[零〇一幺二两三四五六七八九十]"
)
_MAY_CHANGE_WORD = re.compile(
    r"\b(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|"
    r"sixty|seventy|eighty|ninety|double|triple)\b"
)
_MAY_CHANGE_TYPED = re.compile(
    r"(?<!\d)\d[ \t,\-]+\d(?!\d)"  # digit by digit
    # an unusual separator between digit groups, or a mix of them ("4111 - 1111")
    r"|\d[ \t\r\n_–—…-]*(?:[\t\r\n_–—…]|[ -]{2}|\.{2,})[ \t\r\n_–—…-]*\d"
    r"|\d ?[./] ?\d+ ?[./] ?\d"  # three or more groups joined by dots or slashes
)


def _may_change(text: str) -> bool:
    if not text.isascii() and _MAY_CHANGE_NON_ASCII.search(text) is not None:
        return True
    if _MAY_CHANGE_WORD.search(text.lower()) is not None:
        return True
    return _MAY_CHANGE_TYPED.search(text) is not None


def normalize(text: str) -> NormalizedText:
    """The detection view of ``text`` with an offset map back to it.

    Remembered for the last few texts only (a turn is normalised by the detector, the
    number assembler and the redactor): see :mod:`piiguard.memo` for why not longer.
    """
    return _recent(text)


def _normalize(text: str) -> NormalizedText:
    if not _may_change(text):
        return NormalizedText(original=text, text=text, spans=None)
    folded, index = _fold(text)
    toks = _tokens(folded)
    runs = dict(_runs(toks, folded))
    identity = len(index) == len(text)  # _fold dropped nothing: folded offset == original

    out_chars: list[str] = []
    out_spans: list[tuple[int, int]] = []
    plain_from = 0  # folded text from here up to the next rewrite is copied as it is

    def copy_plain(upto: int) -> None:
        # Unchanged stretches are copied whole (most of a turn); only rewritten numbers
        # are built character by character.
        nonlocal plain_from
        if upto > plain_from:
            out_chars.append(folded[plain_from:upto])
            if identity:
                out_spans.extend(
                    zip(range(plain_from, upto), range(plain_from + 1, upto + 1), strict=True)
                )
            else:
                out_spans.extend((index[p], index[p] + 1) for p in range(plain_from, upto))

    def read_lone_numeral(tok: _Tok) -> None:
        # Outside a rewritten run a lone Chinese numeral still reads as a digit.
        nonlocal plain_from
        if (
            tok.kind == "num"
            and tok.spoken
            and tok.text in _ZH_DIGIT
            and tok.text not in _ZH_ONLY_IN_RUNS
        ):
            copy_plain(tok.start)
            out_chars.append(_ZH_DIGIT[tok.text])
            out_spans.append((index[tok.start], index[tok.end - 1] + 1))
            plain_from = tok.end

    i = 0
    while i < len(toks):
        if i in runs:
            j = runs[i]
            run = toks[i:j]
            regrouped = _regroup(run)
            if regrouped is not None:
                copy_plain(run[0].start)
                for ch, k in regrouped:
                    out_chars.append(ch)
                    out_spans.append((index[run[k].start], index[run[k].end - 1] + 1))
                plain_from = run[-1].end
                i = j
                continue
            digits = _spell_run(run)
            if digits is not None and _should_rewrite(run, digits):
                plus = _plus_before(toks, i)
                if plus is not None and plus.start >= plain_from:
                    # "plus four four ..." is +44...: the sign a phone pattern needs
                    copy_plain(plus.start)
                    out_chars.append("+")
                    out_spans.append((index[plus.start], index[plus.end - 1] + 1))
                    plain_from = run[0].start
                copy_plain(run[0].start)
                for d, k in digits:
                    out_chars.append(d)
                    out_spans.append((index[run[k].start], index[run[k].end - 1] + 1))
                plain_from = run[-1].end
                i = j
                continue
            # Not a spoken number: keep it, but still read lone Chinese numerals.
            for tok in run:
                read_lone_numeral(tok)
            i = j
            continue
        read_lone_numeral(toks[i])
        i += 1
    copy_plain(len(folded))

    spans = tuple(out_spans)
    return NormalizedText(original=text, text="".join(out_chars), spans=spans)


# The current turn, and the values of its findings the redactor reads: a few entries.
_recent: RecentMemo[str, NormalizedText] = RecentMemo(_normalize, size=8)
