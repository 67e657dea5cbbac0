"""One value said with a self-correction, a continuation word or symbol names inside it.

The recognizers and the number assembler find digit runs; a speaker's repair inside a
card, account or ID number ("... three four eight eight, uh, sorry, four seven six
seven", "六二二七 零零六幺 四七六 啊不是 四七六七 ...") leaves the repair words and the
false start between two findings, or before one. A resident ID whose last digits come
after "……然后是" / "then" is found short. A password read with symbol names ("... 八八
星号 JD", "... nine hash") is found up to the first symbol. An IBAN whose check
digits fail is found as an account without its country code. This pass joins those
pieces into the value's span, after detection and assembly, on the original text.

Cost: it reads a turn only when it has a finding of a joinable type and one of the
trigger words (a few substring tests); every other turn pays nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from piiguard.model import Finding
from piiguard.normalize import normalize
from piiguard.validators import gb11643

__all__ = ["join_repairs"]

# Long numbers a repair can sit inside. Phones have their own false-start handling
# (piiguard.assemble); codes and CVVs are too short to be read with a repair inside.
_LONG_NUMBERS = frozenset({"CREDIT_CARD", "BANK_ACCOUNT", "CN_RESIDENT_ID", "US_SSN"})

# Cheap needles: a turn without any of them is returned unchanged.
_REPAIR_NEEDLES = ("sorry", "wait", "mean", "actually", "不对", "不是", "错了", "哦不")
_THEN_NEEDLES = ("然后", "then", "接着", "后面是")
_SYMBOL_NEEDLES = (
    "星号", "井号", "感叹号", "艾特", "下划线", "美元符号", "百分号", "和号", "横杠",
    "加号", "问号", "star", "asterisk", "hash", "pound", "at sign", "exclamation",
    "dollar", "percent", "ampersand", "underscore", "question mark", "plus sign",
)  # fmt: skip

_NUMERAL = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple"
    r"|[0-9０-９零〇一二三四五六七八九幺洞两拐勾])"
)
_GAP = r"[\s,，、.。…\-]*"
_FILLER = r"(?:(?:uh|um|er|erm|嗯|呃|啊|哦)" + _GAP + r")*"
# The repair itself: what a speaker says between a false start and the right digits.
_REPAIR = (
    r"(?:sorry(?:,? (?:i mean|no))?|no,? wait|wait,? no|i mean|no,? actually|actually"
    r"|啊?不对|啊?不是(?:不是)?|说错了|错了|哦不)"
)
# Between two findings: fillers, one repair, fillers (nothing else, no other words).
_BETWEEN = re.compile(rf"^{_GAP}{_FILLER}{_REPAIR}{_GAP}{_FILLER}$", re.IGNORECASE)
# Before a finding: a false start of three or more numerals, then the repair.
_BEFORE = re.compile(
    rf"(?<![a-z]){_NUMERAL}(?:[\s,，、\-]*{_NUMERAL}){{2,}}{_GAP}{_FILLER}{_REPAIR}{_GAP}{_FILLER}$",
    re.IGNORECASE,
)
# After an ID found short: "……然后是七幺", ", then one seven".
_THEN = re.compile(
    rf"{_GAP}{_FILLER}(?:然后是?|接着是?|后面是|and then|then){_GAP}"
    rf"(?P<rest>{_NUMERAL}(?:[\s,，、\-]*{_NUMERAL})*(?:[\s,，]*[xX])?)",
    re.IGNORECASE,
)
_SYMBOL = (
    r"(?:星号|井号|感叹号|艾特|下划线|美元符号|百分号|和号|横杠|加号|问号"
    r"|star|asterisk|hash(?:tag)?|pound sign|at sign|at symbol|exclamation (?:mark|point)"
    r"|dollar sign|percent sign|ampersand|underscore|question mark|plus sign)"
)
# After a password: one or more symbol names, each maybe followed by capitals or digits
# ("星号 JD", "hash 7"), and then the end of the sentence: "star wars", "井号键" and a
# symbol name in the middle of other words are not part of a password.
_SYMBOLS_AFTER = re.compile(
    rf"(?:[\s,，]*(?i:{_SYMBOL})(?![a-z])(?:\s*(?:[A-Z0-9]{{1,12}}|{_NUMERAL})(?![A-Za-z0-9]))*)+"
    r"(?=\s*(?:[,，.。!?！？;；…]|$|就是|吧|对吗|对吧))"
)


# The IBAN registry's country codes (python-stdnum's iban.dat).
_IBAN_COUNTRIES = frozenset(
    re.findall(
        "..",
        "ADAEALATAZBABEBGBHBIBRBYCHCRCYCZDEDJDKDOEEEGESFIFKFOFRGBGEGIGLGRGTHNHRHUIEILIQISIT"
        "JOKWKZLBLCLILTLULVLYMCMDMEMKMNMRMTMUNINLNOOMPKPLPSPTQARORSRUSASCSDSESISKSMSOSTSVTL"
        "TNTRUAVAVGXKYE",
    )
)


def _ascii(ch: str) -> str:
    """A full-width ASCII character as its ASCII form (ＤＥ -> DE)."""
    return chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch


def _iban_country(text: str, f: Finding) -> Finding:
    """An account number found without the two letters right before it: an IBAN whose
    check digits fail (mistyped, or made up) is still the account, country code and all
    ("DE84 3702 ...", "ＤＥ８４３７..."): the letters are part of the value."""
    if f.type != "BANK_ACCOUNT" or f.start < 2:
        return f
    letters = "".join(_ascii(c) for c in text[f.start - 2 : f.start])
    if letters not in _IBAN_COUNTRIES:
        return f
    if f.start > 2 and _ascii(text[f.start - 3]).isascii() and _ascii(text[f.start - 3]).isalnum():
        return f  # a longer word ("CODE84 ..."): not a country code
    return Finding(f.type, f.start - 2, f.end, f.score, f.recognizer)


# A spoken local part of two words (a first name and a surname: "it's pat nolan fifty
# eight at comcast dot net", "邮箱是 zhang wei 八八 艾特 ..."): the recognizers start the
# address at the last word before the number; the word right after the label or copula
# is the first name.
_NAME_BEFORE = re.compile(
    r"(?:邮箱(?:地址)?|郵箱|e-?mail(?: address)?|address)(?:\s*(?:是|为|is|:|：))?\s*"
    r"(?:it's\s+|it is\s+)?(?P<word>[a-z]{2,12})\s+$"
    r"|(?:it's|it is)\s+(?P<word2>[a-z]{2,12})\s+$",
    re.IGNORECASE,
)
_NOT_A_NAME = frozenset(
    [
        "uh",
        "um",
        "er",
        "erm",
        "so",
        "yeah",
        "yes",
        "ok",
        "okay",
        "just",
        "like",
        "still",
        "the",
        "my",
        "our",
        "at",
        "is",
        "was",
        "it",
        "me",
        "us",
        "you",
        "and",
        "or",
        "sure",
        "well",
        "oh",
        "actually",
    ]
)


def _email_first_name(text: str, f: Finding) -> Finding:
    if f.type != "EMAIL_ADDRESS" or f.start < 3:
        return f
    m = _NAME_BEFORE.search(text, max(0, f.start - 40), f.start)
    if m is None:
        return f
    word, start = (
        (m.group("word"), m.start("word"))
        if m.group("word")
        else (m.group("word2"), m.start("word2"))
    )
    if word.lower() in _NOT_A_NAME:
        return f
    return Finding(f.type, start, f.end, f.score, f.recognizer)


def _digits(text: str) -> str:
    return "".join(c for c in normalize(text).text if c.isdigit() or c in "xX")


def _has(text: str, needles: Sequence[str]) -> bool:
    return any(n in text for n in needles)


def join_repairs(text: str, findings: list[Finding]) -> list[Finding]:
    """``findings`` with repairs, continuations and symbol names joined into the value."""
    if not findings:
        return findings
    findings = [_email_first_name(text, _iban_country(text, f)) for f in findings]
    lowered = text.lower()
    repair = _has(lowered, _REPAIR_NEEDLES)
    then = _has(lowered, _THEN_NEEDLES)
    symbol = _has(lowered, _SYMBOL_NEEDLES)
    if not (repair or then or symbol):
        return findings
    out = sorted(findings, key=lambda f: (f.start, f.end))
    if repair:
        out = _join_repairs(text, out)
    if then:
        out = [_then_rest(text, f) for f in out]
    if symbol:
        out = [_symbols(text, f) for f in out]
    # A piece the joined span now holds (the ID's last digits found on their own) goes.
    kept: list[Finding] = []
    for i, f in enumerate(out):
        inside = any(
            o.start <= f.start and f.end <= o.end and (o.end - o.start > f.end - f.start or j < i)
            for j, o in enumerate(out)
            if j != i
        )
        if not inside:
            kept.append(f)
    return kept


def _join_repairs(text: str, findings: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    for f in findings:
        if f.type not in _LONG_NUMBERS:
            out.append(f)
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            # a false start of four digits alone can read as a short phone number
            and prev.type in _LONG_NUMBERS | {"PHONE_NUMBER"}
            and _BETWEEN.match(text[prev.end : f.start])
        ):
            # The value is the corrected run; its type is the longer piece's.
            kind = f.type if (f.end - f.start) >= (prev.end - prev.start) else prev.type
            out[-1] = Finding(kind, prev.start, f.end, max(prev.score, f.score), f.recognizer)
            continue
        floor = prev.end if prev is not None else 0
        before = _BEFORE.search(text, floor, f.start)
        if before is not None:
            f = Finding(f.type, before.start(), f.end, f.score, f.recognizer)
        out.append(f)
    return out


def _then_rest(text: str, f: Finding) -> Finding:
    """An ID found short (as an account or nothing else) and its last digits after
    "然后是": joined when together they are a valid resident ID."""
    if f.type not in ("BANK_ACCOUNT", "CN_RESIDENT_ID"):
        return f
    m = _THEN.match(text, f.end)
    if m is None:
        return f
    if not gb11643(_digits(text[f.start : f.end]) + _digits(m.group("rest"))):
        return f
    return Finding("CN_RESIDENT_ID", f.start, m.end(), f.score, f.recognizer)


def _symbols(text: str, f: Finding) -> Finding:
    if f.type != "PASSWORD":
        return f
    m = _SYMBOLS_AFTER.match(text, f.end)
    if m is None:
        return f
    return Finding(f.type, f.start, m.end(), f.score, f.recognizer)
