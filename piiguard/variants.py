"""Variant generator: valid sensitive values in the shapes people and ASR systems write them.

Every contract type gets *classes* of variants, named ``TYPE/shape`` (``CREDIT_CARD/sep-nbsp``,
``PHONE_NUMBER/spoken-en``, ``CN_RESIDENT_ID/label-traditional``); negative classes are named
``NOT/kind`` (``NOT/last-four-zh``, ``NOT/promo-code``) and carry decoy spans instead of gold
entities, for a false-alarm table. A variant is a short conversation in the contract's
transcript shape with gold spans (``Variant.to_record``), so the shared scorer's figures apply.

Values are valid by the standard that defines them: Luhn (ISO/IEC 7812) card numbers with real
network prefixes, GB 11643-1999 resident IDs with a real province code and birth date, SSNs by
the SSA's rules (no 000/666/9xx area, no 00 group, no 0000 serial), IBANs by ISO 13616 mod 97,
phone numbers that ``phonenumbers`` calls valid in many regions. The shapes come from how
values are written and read aloud (grouping, every separator, full-width / Arabic-Indic /
Chinese numerals, glued to CJK text, labels before, after, absent or Traditional, spoken with
fillers and homophones, split across turns) -- not from what piiguard's rules happen to handle.

Two ways to draw: :func:`sample` (a seeded ``random.Random``, for the CLI and docs) and
:func:`strategy` (hypothesis, for tests; hypothesis is imported only when it is called).
Both run the same class builders through the small :class:`Draw` interface.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import phonenumbers

__all__ = [
    "CLASSES",
    "Draw",
    "GoldSpan",
    "RandomDraw",
    "Variant",
    "VariantClass",
    "bank_account",
    "card_number",
    "class_names",
    "cn_landline_parts",
    "cn_mobile",
    "email",
    "en_number",
    "one_time_code",
    "phone_number",
    "resident_id",
    "sample",
    "ssn",
    "strategy",
]

T = TypeVar("T")


# ------------------------------------------------------------------ drawing


class Draw(Protocol):
    """Where a builder's choices come from: a seeded Random or hypothesis's ``draw``."""

    def choice(self, options: Sequence[T]) -> T: ...

    def integer(self, low: int, high: int) -> int: ...

    def digits(self, count: int) -> str: ...

    def chance(self, probability: float) -> bool: ...


class RandomDraw:
    """Choices from ``random.Random(seed)``: the same seed gives the same variants."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def choice(self, options: Sequence[T]) -> T:
        return options[self._rng.randrange(len(options))]

    def integer(self, low: int, high: int) -> int:
        return self._rng.randint(low, high)

    def digits(self, count: int) -> str:
        return "".join(self._rng.choice(string.digits) for _ in range(count))

    def chance(self, probability: float) -> bool:
        return self._rng.random() < probability


class _HypothesisDraw:
    """Choices through hypothesis, so failing variants shrink to simple ones."""

    def __init__(self, draw: Callable[[Any], Any]) -> None:
        from hypothesis import strategies as st

        self._draw = draw
        self._st = st

    def choice(self, options: Sequence[T]) -> T:
        return self._draw(self._st.sampled_from(options))

    def integer(self, low: int, high: int) -> int:
        return self._draw(self._st.integers(low, high))

    def digits(self, count: int) -> str:
        return self._draw(self._st.text(string.digits, min_size=count, max_size=count))

    def chance(self, probability: float) -> bool:
        return self._draw(self._st.booleans())


# ------------------------------------------------------------------ the variant shape


@dataclass(frozen=True, slots=True)
class GoldSpan:
    turn: int
    start: int
    end: int
    type: str


@dataclass(frozen=True, slots=True)
class Variant:
    """One generated conversation: its class, turns, gold entities and decoys."""

    variant_class: str
    entity_type: str | None  # None for a negative class
    language: str
    channel: str
    turns: tuple[tuple[str, str], ...]  # (speaker, text)
    entities: tuple[GoldSpan, ...]
    decoys: tuple[GoldSpan, ...] = ()  # values that look sensitive and are not

    def to_record(self, conversation_id: str) -> dict[str, Any]:
        """The contract's labelled-transcript shape; decoys ride in ``gold.decoys``."""
        return {
            "id": conversation_id,
            "channel": self.channel,
            "language": self.language,
            "turns": [{"speaker": s, "text": t} for s, t in self.turns],
            "gold": {
                "entities": [
                    {"turn": e.turn, "start": e.start, "end": e.end, "type": e.type}
                    for e in self.entities
                ],
                "agent_requests": [],
                "scam": False,
                "variant_class": self.variant_class,
                "decoys": [
                    {"turn": e.turn, "start": e.start, "end": e.end, "type": e.type}
                    for e in self.decoys
                ],
            },
        }


class _Turn:
    """Builds one turn's text from fragments, remembering where the values went."""

    def __init__(self, speaker: str) -> None:
        self.speaker = speaker
        self._parts: list[str] = []
        self._length = 0
        self.values: list[tuple[int, int, str]] = []
        self.decoys: list[tuple[int, int, str]] = []

    def text(self, fragment: str) -> _Turn:
        self._parts.append(fragment)
        self._length += len(fragment)
        return self

    def value(self, fragment: str, entity: str) -> _Turn:
        self.values.append((self._length, self._length + len(fragment), entity))
        return self.text(fragment)

    def decoy(self, fragment: str, kind: str) -> _Turn:
        self.decoys.append((self._length, self._length + len(fragment), kind))
        return self.text(fragment)

    def joined(self) -> str:
        return "".join(self._parts)


def _variant(
    name: str, entity: str | None, language: str, channel: str, turns: Sequence[_Turn]
) -> Variant:
    entities = tuple(
        GoldSpan(i, s, e, t) for i, turn in enumerate(turns) for s, e, t in turn.values
    )
    decoys = tuple(GoldSpan(i, s, e, t) for i, turn in enumerate(turns) for s, e, t in turn.decoys)
    return Variant(
        name,
        entity,
        language,
        channel,
        tuple((t.speaker, t.joined()) for t in turns),
        entities,
        decoys,
    )


# ------------------------------------------------------------------ valid values


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        n = int(ch)
        if i % 2 == 0:  # every second digit from the right, counting the check digit to come
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return str((10 - total % 10) % 10)


def _luhn_valid(number: str) -> bool:
    return _luhn_digit(number[:-1]) == number[-1]


# (prefix, lengths): Visa, Mastercard (51-55 and the 2-series), Amex, Discover, JCB, UnionPay.
_CARD_NETWORKS = (
    ("4", (16,)),
    ("4", (13, 19)),
    ("51", (16,)),
    ("53", (16,)),
    ("55", (16,)),
    ("2221", (16,)),
    ("2720", (16,)),
    ("34", (15,)),
    ("37", (15,)),
    ("6011", (16,)),
    ("65", (16,)),
    ("3528", (16,)),
    ("3589", (16,)),
    ("62", (16, 19)),
    ("622", (16, 17, 18, 19)),
)


def card_number(d: Draw) -> str:
    prefix, lengths = d.choice(_CARD_NETWORKS)
    length = d.choice(lengths)
    body = prefix + d.digits(length - 1 - len(prefix))
    return body + _luhn_digit(body)


def card_grouping(number: str) -> list[int]:
    if len(number) == 15:
        return [4, 6, 5]
    if len(number) == 16:
        return [4, 4, 4, 4]
    if len(number) == 19:
        return [4, 4, 4, 4, 3]
    return [4, 4, 4, len(number) - 12]


# GB/T 2260 province-level codes (the first two digits of every real resident ID).
_PROVINCES = tuple(str(n) for n in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37))
_PROVINCES += tuple(
    str(n) for n in (41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65)
)
_RIC_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]


def resident_id(d: Draw) -> str:
    region = d.choice(_PROVINCES) + f"{d.integer(1, 9):02d}" + f"{d.integer(1, 30):02d}"
    year = d.integer(1940, 2010)
    month = d.integer(1, 12)
    day = d.integer(1, 28)
    first17 = f"{region}{year}{month:02d}{day:02d}{d.digits(3)}"
    check = (12 - sum(int(c) * w for c, w in zip(first17, _RIC_WEIGHTS, strict=True)) % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def ssn(d: Draw) -> str:
    area = d.integer(1, 899)
    if area == 666:
        area = 667
    return f"{area:03d}{d.integer(1, 99):02d}{d.integer(1, 9999):04d}"


def one_time_code(d: Draw) -> str:
    return d.digits(d.choice((4, 6, 6, 6, 8)))


def cvv(d: Draw, amex: bool = False) -> str:
    return d.digits(4 if amex else 3)


def expiry(d: Draw) -> tuple[int, int]:
    """(month, four-digit year) a few years around now."""
    return d.integer(1, 12), d.integer(2025, 2033)


_PASSWORD_WORDS = (
    "maple",
    "river",
    "tiger",
    "lantern",
    "copper",
    "violet",
    "harbor",
    "falcon",
    "meadow",
    "pepper",
    "sunset",
    "cobalt",
    "orbit",
    "willow",
    "marble",
)
_PASSWORD_SYMBOLS = "!@#$%&*_-.?"


_SYMBOL_NAMES = {
    "en": {
        "!": ("exclamation mark", "exclamation point", "bang"),
        "@": ("at sign", "at symbol"),
        "#": ("hash", "pound sign", "the number sign", "hashtag"),
        "$": ("dollar sign", "dollar"),
        "%": ("percent", "percent sign"),
        "&": ("ampersand", "and sign"),
        "*": ("star", "asterisk"),
        "_": ("underscore",),
        "-": ("dash", "hyphen"),
        ".": ("dot", "period"),
        "+": ("plus", "plus sign"),
        "?": ("question mark",),
    },
    "zh": {
        "!": ("感叹号",),
        "@": ("艾特", "at"),
        "#": ("井号",),
        "$": ("美元符号",),
        "%": ("百分号",),
        "&": ("和号",),
        "*": ("星号",),
        "_": ("下划线",),
        "-": ("横杠", "减号"),
        ".": ("点",),
        "+": ("加号",),
        "?": ("问号",),
    },
}


def spell_password(d: Draw, value: str, language: str) -> str:
    """A password read out one character at a time, as callers do: capitals announced
    ("capital T", "大写的T"), digits spoken, symbols named, commas or spaces between."""
    said = []
    for ch in value:
        if ch.isupper():
            said.append(
                d.choice(("大写的", "大写", "大写字母"))
                if language == "zh"
                else d.choice(("capital ", "upper case ", "big "))
            )
            said[-1] += ch
        elif ch.islower():
            prefix = (
                d.choice(("", "", "小写"))
                if language == "zh"
                else d.choice(("", "", "lower case "))
            )
            said.append(prefix + ch)
        elif ch.isdigit():
            said.append(_ZH_DIGITS[int(ch)] if language == "zh" else _word_en(d, ch))
        else:
            names = _SYMBOL_NAMES[language].get(ch)
            said.append(d.choice(names) if names else ch)
    return d.choice((", ", " ", "，") if language == "zh" else (", ", " ")).join(said)


def password(d: Draw) -> str:
    style = d.choice(("mixed", "word-digits", "camel-symbol", "digits-letters"))
    if style == "word-digits":
        return d.choice(_PASSWORD_WORDS) + d.digits(d.integer(2, 4))
    if style == "camel-symbol":
        return (
            d.choice(_PASSWORD_WORDS).capitalize()
            + d.choice(_PASSWORD_SYMBOLS)
            + d.choice(_PASSWORD_WORDS)
            + d.digits(2)
        )
    if style == "digits-letters":
        return d.digits(d.integer(3, 6)) + "".join(
            d.choice(string.ascii_lowercase) for _ in range(d.integer(2, 4))
        )
    pool = string.ascii_letters + string.digits + _PASSWORD_SYMBOLS
    chars = [d.choice(pool) for _ in range(d.integer(8, 14))]
    chars[d.integer(0, len(chars) - 1)] = d.choice(string.digits)  # at least one digit
    return "".join(chars)


def passphrase(d: Draw) -> str:
    sep = d.choice((" ", "-", "_", "."))
    return sep.join(d.choice(_PASSWORD_WORDS) for _ in range(d.integer(3, 4)))


def pin(d: Draw) -> str:
    return d.digits(d.choice((4, 6)))


def _iban(country: str, bban: str) -> str:
    moved = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in moved)
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def domestic_account(d: Draw) -> str:
    """A domestic account number (8-19 digits) that is not Luhn-valid at card lengths."""
    return bank_account(d, d.choice(("cn", "us")))[1]


def bank_account(d: Draw, kind: str | None = None) -> tuple[str, str]:
    """(kind, value): an IBAN, or a domestic account number that is not a card number."""
    kind = kind or d.choice(("iban", "iban", "cn", "us"))
    if kind == "iban":
        # Countries whose BBAN carries no national check digit of its own (FR, ES, BE,
        # IT do), so a random BBAN is as valid as a real one.
        country = d.choice(("GB", "IE", "DE", "NL", "AT"))
        if country in ("GB", "IE"):
            bban = "".join(d.choice(string.ascii_uppercase) for _ in range(4)) + d.digits(14)
        elif country == "DE":
            bban = d.digits(18)
        elif country == "NL":
            bban = "".join(d.choice(string.ascii_uppercase) for _ in range(4)) + d.digits(10)
        else:
            bban = d.digits(16)
        return kind, _iban(country, bban)
    length = d.choice((16, 17, 19)) if kind == "cn" else d.integer(8, 12)
    number = d.choice("123456789") + d.digits(length - 1)
    if 13 <= len(number) <= 19 and _luhn_valid(number):  # a card number is another class
        number = number[:-1] + str((int(number[-1]) + 1) % 10)
    return kind, number


# Regions whose numbers people dictate in support calls; phonenumbers knows their plans.
_PHONE_REGIONS = (
    "US",
    "CA",
    "GB",
    "IE",
    "DE",
    "FR",
    "IT",
    "ES",
    "NL",
    "BE",
    "CH",
    "AT",
    "SE",
    "NO",
    "DK",
    "PL",
    "PT",
    "AU",
    "NZ",
    "IN",
    "SG",
    "HK",
    "TW",
    "JP",
    "KR",
    "MY",
    "PH",
    "TH",
    "VN",
    "ID",
    "BR",
    "MX",
    "AR",
    "ZA",
    "NG",
    "AE",
    "SA",
    "TR",
    "IL",
)
_PHONE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)


def phone_number(d: Draw, region: str | None = None) -> phonenumbers.PhoneNumber:
    """A number phonenumbers calls valid: an example number with its last digits redrawn."""
    region = region or d.choice(_PHONE_REGIONS)
    example = phonenumbers.example_number_for_type(region, d.choice(_PHONE_TYPES))
    if example is None:
        example = phonenumbers.example_number(region)
    if example is None:  # every region in _PHONE_REGIONS has one; a caller's may not
        raise ValueError(f"phonenumbers has no example number for {region}")
    national = str(example.national_number)
    for attempt in range(16):
        # Redraw all but the leading digits first; fall back to the last four only.
        keep = min(3, len(national) - 4) if attempt < 10 else len(national) - 4
        candidate = phonenumbers.PhoneNumber(
            country_code=example.country_code,
            national_number=int(national[:keep] + d.digits(len(national) - keep)),
            italian_leading_zero=example.italian_leading_zero,
        )
        if phonenumbers.is_valid_number(candidate):
            return candidate
    return example


_CN_AREAS: tuple[str, ...] = ("010", "020", "021", "022", "023", "024", "025", "027", "028")
_CN_AREAS += ("029", "0755", "0571", "0512", "0531", "0591", "0731", "0871", "0898")


def cn_landline_parts(d: Draw) -> tuple[str, str]:
    """(area code with its trunk 0, local number) of a mainland fixed line."""
    for _ in range(20):
        area = d.choice(_CN_AREAS)
        local = d.choice("2345678") + d.digits(7 if len(area) == 3 or d.chance(0.7) else 6)
        if phonenumbers.is_valid_number(phonenumbers.parse(area + local, "CN")):
            return area, local
    return "010", "6" + d.digits(7)


def cn_mobile(d: Draw) -> str:
    """A mainland mobile number (11 digits) that phonenumbers calls valid."""
    for _ in range(20):
        candidate = "1" + d.choice("3578") + d.digits(9)
        if phonenumbers.is_valid_number(phonenumbers.parse(candidate, "CN")):
            return candidate
    return "139" + d.digits(8)


_EMAIL_NAMES = (
    "wei",
    "chen",
    "jing",
    "li",
    "ming",
    "zhao",
    "anna",
    "mark",
    "sofia",
    "james",
    "lucas",
    "olivia",
    "mei",
    "xiaoyu",
    "haoran",
    "tom",
    "priya",
    "diego",
    "nora",
)
_EMAIL_DOMAINS = (
    "gmail.com",
    "outlook.com",
    "yahoo.co.uk",
    "qq.com",
    "163.com",
    "126.com",
    "foxmail.com",
    "sina.cn",
    "icloud.com",
    "proton.me",
    "hotmail.fr",
    "web.de",
    "example-corp.com",
    "mail.company.com.cn",
    "uni-heidelberg.de",
    "shop.io",
)


def email_parts(d: Draw) -> tuple[list[str], str]:
    """(local-part pieces joined by dots, domain); pieces keep spoken forms easy to build."""
    style = d.choice(
        ("first.last", "firstlast+digits", "first_last", "initial+last", "plus", "qq-number")
    )
    first, last = d.choice(_EMAIL_NAMES), d.choice(_EMAIL_NAMES)
    domain = d.choice(_EMAIL_DOMAINS)
    if style == "qq-number":  # the mailbox of a QQ account is its number
        return [d.choice("123456789") + d.digits(d.integer(6, 10))], "qq.com"
    if style == "first.last":
        return [first, last], domain
    if style == "firstlast+digits":
        return [first + last + d.digits(d.integer(2, 4))], domain
    if style == "first_last":
        return [f"{first}_{last}"], domain
    if style == "initial+last":
        return [first[0] + last + d.digits(2)], domain
    return [f"{first}+{d.choice(('shop', 'bank', 'news'))}"], domain


def email(d: Draw) -> str:
    pieces, domain = email_parts(d)
    return ".".join(pieces) + "@" + domain


# ------------------------------------------------------------------ rendering digits

SEPARATORS = {
    "space": " ",
    "double-space": "  ",
    "tab": "\t",
    "nbsp": "\u00a0",
    "narrow-nbsp": "\u202f",
    "nb-hyphen": "\u2011",
    "hyphen": "-",
    "en-dash": "\u2013",
    "em-dash": "\u2014",
    "minus": "\u2212",
    "dot": ".",
    "slash": "/",
    "underscore": "_",
    "ideographic-space": "\u3000",  # the full-width space of CJK input methods
    "fullwidth-hyphen": "\uff0d",
    "zero-width-space": "\u200b",  # pasted from web pages and PDFs
    "line-break": "\n",
}
NUMERALS = {
    "fullwidth": "０１２３４５６７８９",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "zh-small": "〇一二三四五六七八九",
    "zh-financial": "零壹贰叁肆伍陆柒捌玖",
}


def group(value: str, sizes: Sequence[int], sep: str) -> str:
    out, at = [], 0
    for size in sizes:
        if at >= len(value):
            break
        out.append(value[at : at + size])
        at += size
    if at < len(value):
        out.append(value[at:])
    return sep.join(out)


def numerals(value: str, style: str) -> str:
    return value.translate(str.maketrans("0123456789", NUMERALS[style]))


_EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_FILLERS = ("uh", "um", "er", "hmm")


def spoken_en(d: Draw, digits: str, sizes: Sequence[int] = ()) -> str:
    """Digits read aloud as ASR writes them: 'oh' for zero, 'double five', homophones
    ('for' 4, 'to' 2), pauses as commas between groups, a filler now and then."""
    groups = group(digits, sizes, " ").split(" ") if sizes else [digits]
    said: list[str] = []
    for gi, chunk in enumerate(groups):
        words: list[str] = []
        i = 0
        while i < len(chunk):
            ch = chunk[i]
            if ch not in string.digits:  # the X of a resident ID
                words.append(ch.lower() if d.chance(0.5) else ch)
                i += 1
                continue
            if chunk[i : i + 3] == ch * 3 and d.chance(0.5):
                words.append("triple " + _word_en(d, ch))
                i += 3
                continue
            if i + 1 < len(chunk) and chunk[i + 1] == ch and d.chance(0.4):
                words.append("double " + _word_en(d, ch))
                i += 2
                continue
            words.append(_word_en(d, ch))
            i += 1
        part = " ".join(words)
        if gi and d.chance(0.3):
            part = d.choice(_EN_FILLERS) + " " + part
        said.append(part)
    return d.choice((", ", " ", "... ")).join(said)


_EN_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def en_number(n: int) -> str:
    """0-99 as words, the way a pair of digits is read: 7 -> 'oh seven', 42 -> 'forty-two'."""
    if n < 10:
        return f"oh {_EN_DIGITS[n] if n else 'oh'}"
    if n < 20:
        return _EN_TEENS[n - 10]
    tens, unit = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_DIGITS[unit]}" if unit else "")


def spoken_en_pairs(d: Draw, digits: str, sizes: Sequence[int] = ()) -> str:
    """Digit groups read as pairs, as Americans read card and phone groups: '4111' ->
    'forty-one eleven', '0100' -> 'oh one hundred', '555' -> 'five fifty-five'."""
    said = []
    for chunk in group(digits, sizes, " ").split(" ") if sizes else [digits]:
        words = []
        letter = chunk[-1] if not chunk[-1].isdigit() else ""  # the X of a resident ID
        chunk = chunk[:-1] if letter else chunk
        if len(chunk) % 2:
            words.append(_EN_DIGITS[int(chunk[0])])
            chunk = chunk[1:]
        if len(chunk) == 4 and chunk[2:] == "00" and chunk[0] != "0" and d.chance(0.7):
            words.append(f"{en_number(int(chunk[:2]))} hundred")
            chunk = ""
        elif len(chunk) == 4 and chunk[:2] == "01" and chunk[2:] == "00":
            words.append("oh one hundred")
            chunk = ""
        for i in range(0, len(chunk), 2):
            words.append(en_number(int(chunk[i : i + 2])))
        if letter:
            words.append(letter.lower() if d.chance(0.5) else letter)
        said.append(" ".join(words))
    return d.choice((", ", " ", "... ")).join(said)


def _word_en(d: Draw, ch: str) -> str:
    if ch == "0" and d.chance(0.5):
        return "oh"
    if ch == "4" and d.chance(0.2):
        return "for"
    if ch == "2" and d.chance(0.2):
        return "to"
    return _EN_DIGITS[int(ch)]


_ZH_DIGITS = "零一二三四五六七八九"
_ZH_FILLERS = ("呃", "嗯", "那个", "就是")


def spoken_zh(d: Draw, digits: str, sizes: Sequence[int] = ()) -> str:
    """Digits read aloud in Mandarin as ASR writes them: 幺 for 1, sometimes 两 for 2,
    groups separated by commas, spaces or nothing, a filler now and then."""
    groups = group(digits, sizes, " ").split(" ") if sizes else [digits]
    said = []
    for gi, chunk in enumerate(groups):
        chars = []
        for ch in chunk:
            if ch == "1" and d.chance(0.6):
                chars.append("幺")
            elif ch == "2" and d.chance(0.2):
                chars.append("两")
            elif ch in string.digits:
                chars.append(_ZH_DIGITS[int(ch)])
            else:
                chars.append(ch)
        part = "".join(chars)
        if gi and d.chance(0.3):
            part = d.choice(_ZH_FILLERS) + part
        said.append(part)
    return d.choice(("，", " ", "")).join(said)


def spoken_zh_asr(d: Draw, digits: str, sizes: Sequence[int] = ()) -> str:
    """Mandarin read-outs as speech recognition mishears them: 腰 for 幺 (1), 吾 for 五
    (5), an ID's X said as 叉 / 艾克斯 / 埃克斯, groups separated by commas."""
    groups = group(digits, sizes, " ").split(" ") if sizes else [digits]
    said = []
    for chunk in groups:
        chars = []
        for ch in chunk:
            if ch == "1":
                chars.append(d.choice(("腰", "幺", "一")))
            elif ch == "5":
                chars.append(d.choice(("吾", "五")))
            elif ch in string.digits:
                chars.append(_ZH_DIGITS[int(ch)])
            else:  # the X of a resident ID
                chars.append(d.choice(("叉", "艾克斯", "埃克斯")))
        said.append("".join(chars))
    return d.choice(("，", " ", "……")).join(said)


def spoken_zh_radio(d: Draw, digits: str, sizes: Sequence[int] = ()) -> str:
    """Mandarin read-outs in the radio style call centres use so no digit is misheard:
    幺 1, 两 2, 拐 7, 勾 9, 洞 0 (each digit either way, both styles mixed in one number,
    as people mix them), groups apart with spaces, commas or nothing."""
    radio = {"0": "洞", "1": "幺", "2": "两", "7": "拐", "9": "勾"}
    groups = group(digits, sizes, " ").split(" ") if sizes else [digits]
    said = []
    for chunk in groups:
        chars = []
        for ch in chunk:
            if ch in radio and d.chance(0.7):
                chars.append(radio[ch])
            elif ch in string.digits:
                chars.append(_ZH_DIGITS[int(ch)])
            else:  # the X of a resident ID
                chars.append(d.choice(("叉", "X")))
        said.append("".join(chars))
    return d.choice(("，", " ", "")).join(said)


def spoken_en_asr(d: Draw, digits: str, sizes: Sequence[int] = ()) -> str:
    """English read-outs with the homophones speech recognition writes for digits:
    'ate' 8, 'for' 4, 'to' 2, 'oh' 0."""
    homophones = {"8": ("ate", "eight"), "4": ("for", "four"), "2": ("to", "two")}
    groups = group(digits, sizes, " ").split(" ") if sizes else [digits]
    said = []
    for chunk in groups:
        words = []
        for ch in chunk:
            if ch in homophones:
                words.append(d.choice(homophones[ch]))
            elif ch in string.digits:
                words.append(_word_en(d, ch))
            else:
                words.append(ch)
        said.append(" ".join(words))
    return d.choice((", ", " ", "... ")).join(said)


# ------------------------------------------------------------------ labels and sentences

# Ways a person names the value, per type: simplified Chinese, Traditional Chinese, English.
LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "CREDIT_CARD": {
        "zh": ("卡号", "银行卡号", "信用卡号", "储蓄卡卡号"),
        "zh-hant": ("卡號", "信用卡號", "銀行卡號"),
        "en": ("card number", "credit card", "debit card number", "card no."),
    },
    "CARD_CVV": {
        "zh": ("安全码", "CVV", "CVV码", "卡背面三位数字"),
        "zh-hant": ("安全碼", "背面三碼", "卡片背面末三碼"),
        "en": ("CVV", "security code", "CVC", "three digit code on the back"),
    },
    "CARD_EXPIRY": {
        "zh": ("有效期", "到期日", "有效期至"),
        "zh-hant": ("有效期限", "到期日", "卡片有效期"),
        "en": ("expiry", "expiration date", "exp", "valid thru"),
    },
    "PASSWORD": {
        "zh": ("密码", "登录密码", "支付密码", "网银密码"),
        "zh-hant": ("密碼", "登入密碼", "網銀密碼"),
        "en": ("password", "passcode", "login password"),
    },
    "VERIFICATION_CODE": {
        "zh": ("验证码", "短信验证码", "动态码", "校验码"),
        "zh-hant": ("驗證碼", "簡訊驗證碼", "認證碼"),
        "en": ("verification code", "one-time code", "OTP", "security code from the text"),
    },
    "CN_RESIDENT_ID": {
        "zh": ("身份证号", "身份证号码", "证件号"),
        "zh-hant": ("身分證字號", "身分證號碼", "證件號碼"),
        "en": ("Chinese ID number", "resident ID", "ID card number"),
    },
    "US_SSN": {
        "zh": ("社保号", "社会安全号码", "SSN"),
        "zh-hant": ("社會安全號碼", "社安號"),
        "en": ("social security number", "SSN", "social"),
    },
    "BANK_ACCOUNT": {
        "zh": ("账号", "银行账号", "收款账户", "对公账户"),
        "zh-hant": ("帳號", "銀行帳號", "匯款帳戶"),
        "en": ("account number", "bank account", "acct no."),
    },
    "PHONE_NUMBER": {
        "zh": ("电话", "手机号", "联系电话", "手机"),
        "zh-hant": ("電話", "手機號碼", "聯絡電話"),
        "en": ("phone", "mobile", "phone number", "cell", "contact number"),
    },
    "EMAIL_ADDRESS": {
        "zh": ("邮箱", "邮件地址", "电子邮箱"),
        "zh-hant": ("郵箱", "電子郵件", "電郵地址"),
        "en": ("email", "e-mail address", "mail"),
    },
}

# How an agent asks for the value (for answers given without a label).
QUESTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "CREDIT_CARD": {
        "zh": ("请问您要绑定的是哪张卡？把卡号发我一下。",),
        "en": ("Which card would you like to use? Go ahead with the number.",),
    },
    "CARD_CVV": {
        "zh": ("卡背面签名栏那几位数字是多少？",),
        "en": ("And what are the digits printed on the back by the signature?",),
    },
    "CARD_EXPIRY": {
        "zh": ("这张卡什么时候到期？",),
        "en": ("When does the card run out?",),
    },
    "PASSWORD": {
        "zh": ("您登录时用的密码是什么？",),
        "en": ("What password did you set when you signed up?",),
    },
    "VERIFICATION_CODE": {
        "zh": ("刚才手机上收到的数字是多少？",),
        "en": ("What number did the text message you just got show?",),
    },
    "CN_RESIDENT_ID": {
        "zh": ("麻烦报一下您证件上的号码。",),
        "en": ("Could you read me the number on your Chinese ID card?",),
    },
    "US_SSN": {
        "zh": ("请提供您的社会安全号码。",),
        "en": ("Can you give me your social, please?",),
    },
    "BANK_ACCOUNT": {
        "zh": ("退款打到哪个账户？",),
        "en": ("Which account should the refund go to?",),
    },
    "PHONE_NUMBER": {
        "zh": ("我们怎么联系您比较方便？",),
        "en": ("What's the best way to reach you?",),
    },
    "EMAIL_ADDRESS": {
        "zh": ("收据发到哪里？",),
        "en": ("Where should we send the receipt?",),
    },
}

# What an agent says before a value that carries no label of its own.
_TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "VERIFICATION_CODE": {
        "zh": ("验证短信已经发到您手机上了，收到后告诉我。", "我这边给您发了条短信。"),
        "en": ("I've just sent a text message to your phone.", "A text is on its way to you."),
    },
    "BANK_ACCOUNT": {
        "zh": ("退款需要原路退回或者打到您指定的账户。",),
        "en": ("We can send the refund by bank transfer if you prefer.",),
    },
}

_OPENERS = {
    "zh": ("您好，请问有什么可以帮您？", "您好，这里是客服中心。", "好的，我帮您查一下。"),
    "en": ("Hi, how can I help you today?", "Thanks for calling support.", "Sure, let me check."),
}
_INTERJECTIONS = {
    "zh": (
        "好的，您慢慢说，我这边在记，不着急，说完剩下的部分就可以。",
        "嗯嗯，收到前面这部分了，请继续往下说后面的。",
        "稍等一下，系统有点卡，好了，您接着说吧。",
    ),
    "en": (
        "Okay, got that part, take your time, go on with the rest whenever you're ready.",
        "Sorry, the line cut out for a second there, could you carry on from where you were?",
        "Right, I'm writing it down as you go, keep going please.",
    ),
}
_TAILS = {
    "zh": ("", "。", "，谢谢", "，您看一下", "，就这个"),
    "en": ("", ".", ", thanks", ", that's it", " if that helps"),
}


def _opener(d: Draw, language: str) -> _Turn:
    return _Turn("agent").text(d.choice(_OPENERS[language]))


def _label(d: Draw, entity: str, language: str) -> str:
    return d.choice(LABELS[entity][language])


# Whole phrases that introduce a value in English, beyond "my <label> is".
_EN_INTROS: dict[str, tuple[str, ...]] = {
    "PHONE_NUMBER": ("call me at ", "you can reach me on ", "text me at ", "ring me on "),
    "EMAIL_ADDRESS": ("email me at ", "send it to ", "write to "),
    "CREDIT_CARD": ("charge it to ", "the card is ", "use "),
    "BANK_ACCOUNT": ("wire it to ", "pay into "),
}


def _labelled_sentence(
    d: Draw,
    entity: str,
    language: str,
    rendered: str,
    *,
    label_language: str | None = None,
    label: str | None = None,
) -> _Turn:
    """Customer turn: label, then the value (the ordinary way to give it)."""
    label = label or _label(d, entity, label_language or language)
    turn = _Turn("customer")
    if language == "en" and entity in _EN_INTROS and d.chance(0.3):
        turn.text(d.choice(_EN_INTROS[entity]))
    elif language == "en":
        turn.text(d.choice(("my ", "the ", "", "ok ")) + label + d.choice((" is ", ": ", " ")))
    else:
        turn.text(d.choice(("我的", "", "好的，")) + label + d.choice(("是", "：", " ", "是 ")))
    turn.value(rendered, entity)
    return turn.text(d.choice(_TAILS[language]))


# ------------------------------------------------------------------ class builders

Builder = Callable[[Draw], Variant]


@dataclass(frozen=True, slots=True)
class VariantClass:
    name: str
    entity_type: str | None
    build: Builder = field(repr=False)


CLASSES: dict[str, VariantClass] = {}


def _register(name: str, entity: str | None, build: Builder) -> None:
    CLASSES[name] = VariantClass(name, entity, build)


def _digit_value(d: Draw, entity: str, language: str = "zh") -> tuple[str, list[int], str]:
    """(canonical value, natural grouping, language-neutral hint) for the digit types."""
    if entity == "CREDIT_CARD":
        v = card_number(d)
        return v, card_grouping(v), ""
    if entity == "CN_RESIDENT_ID":
        v = resident_id(d)
        return v, d.choice(([6, 8, 4], [4, 4, 4, 4, 2], [3, 3, 4, 4, 4], [6, 4, 4, 4])), ""
    if entity == "US_SSN":
        return ssn(d), [3, 2, 4], ""
    if entity == "VERIFICATION_CODE":
        v = d.digits(d.choice((6, 6, 8)))  # four-digit codes get a class of their own
        return v, [3, 3] if len(v) == 6 else [4, 4], ""
    if entity == "BANK_ACCOUNT":
        v = domestic_account(d)
        return v, [4] * (len(v) // 4 + 1), ""
    if entity == "PHONE_NUMBER":
        if language == "zh":
            return cn_mobile(d), [3, 4, 4], ""
        national = phonenumbers.format_number(
            phone_number(d, d.choice(("US", "CA"))), phonenumbers.PhoneNumberFormat.NATIONAL
        )
        return "".join(c for c in national if c.isdigit()), [3, 3, 4], ""
    raise ValueError(entity)


def _shape_classes(entity: str, languages: tuple[str, ...] = ("zh", "en")) -> None:
    """The shapes every digit-string type shares."""

    def typed(name: str, render: Callable[[Draw, str, list[int]], str]) -> Builder:
        def build(d: Draw) -> Variant:
            language = d.choice(languages)
            value, sizes, _ = _digit_value(d, entity, language)
            rendered = render(d, value, sizes)
            return _variant(
                name,
                entity,
                language,
                "chat",
                [_opener(d, language), _labelled_sentence(d, entity, language, rendered)],
            )

        return build

    def separated(sep: str) -> Callable[[Draw, str, list[int]], str]:
        return lambda d, v, sizes: group(v, sizes, sep)

    def in_numerals(style: str) -> Callable[[Draw, str, list[int]], str]:
        return lambda d, v, sizes: numerals(group(v, sizes, d.choice(("", " "))), style)

    for sep_name, sep in SEPARATORS.items():
        name = f"{entity}/sep-{sep_name}"
        _register(name, entity, typed(name, separated(sep)))
    name = f"{entity}/plain"
    _register(name, entity, typed(name, separated("")))
    for style in NUMERALS:
        name = f"{entity}/numerals-{style}"
        _register(name, entity, typed(name, in_numerals(style)))
    for build_name, builder in _common_shape_builders(entity, languages).items():
        _register(f"{entity}/{build_name}", entity, builder)


def _common_shape_builders(entity: str, languages: tuple[str, ...]) -> dict[str, Builder]:
    def glued_cjk(d: Draw) -> Variant:
        value, sizes, _ = _digit_value(d, entity, "zh")
        rendered = group(value, sizes, d.choice(("", " ", "-")))
        label = _label(d, entity, "zh")
        turn = _Turn("customer").text(d.choice(("我的", "", "嗯")) + label + d.choice(("是", "")))
        turn.value(rendered, entity).text(d.choice(("谢谢", "对吧", "没错", "请核对")))
        return _variant(f"{entity}/glued-cjk", entity, "zh", "chat", [_opener(d, "zh"), turn])

    def glued_latin(d: Draw) -> Variant:
        value, sizes, _ = _digit_value(d, entity, "en")
        rendered = group(value, sizes, d.choice(("", " ", "-")))
        label = _label(d, entity, "en")
        turn = _Turn("customer").text(label + d.choice((":", "#", "=", "(")))
        turn.value(rendered, entity).text(d.choice((")", ";", "/ok", "")))
        return _variant(f"{entity}/glued-latin", entity, "en", "chat", [_opener(d, "en"), turn])

    def label_after(d: Draw) -> Variant:
        language = d.choice(languages)
        value, sizes, _ = _digit_value(d, entity, language)
        rendered = group(value, sizes, d.choice(("", " ", "-")))
        label = _label(d, entity, language)
        turn = _Turn("customer").value(rendered, entity)
        if language == "zh":
            turn.text(d.choice(("，这是我的", " 是我的", "，就是", "。以上是")) + label)
        else:
            turn.text(d.choice((" is my ", ", that's the ", " - that is my ")) + label)
        return _variant(
            f"{entity}/label-after", entity, language, "chat", [_opener(d, language), turn]
        )

    def label_absent(d: Draw) -> Variant:
        # No label anywhere near the value. A value that names itself by its shape (Luhn,
        # GB 11643, a dialling plan, the dashed SSN) stands alone; a bare code or account
        # number gets the conversation's topic from an earlier agent turn, as it would.
        language = d.choice(languages)
        value, sizes, _ = _digit_value(d, entity, language)
        rendered = group(value, sizes, "-" if entity == "US_SSN" else d.choice(("", " ")))
        turn = _Turn("customer").text(d.choice(("", "ok ", "嗯 " if language == "zh" else "so ")))
        turn.value(rendered, entity)
        topic = _TOPICS.get(entity)
        opener = _Turn("agent").text(d.choice(topic[language])) if topic else _opener(d, language)
        return _variant(f"{entity}/label-absent", entity, language, "chat", [opener, turn])

    def label_traditional(d: Draw) -> Variant:
        value, sizes, _ = _digit_value(d, entity, "zh")
        rendered = group(value, sizes, d.choice(("", " ")))
        turn = _labelled_sentence(d, entity, "zh", rendered, label_language="zh-hant")
        opener = _Turn("agent").text(d.choice(("您好，請問有什麼可以幫您？", "好的，我幫您查詢。")))
        return _variant(f"{entity}/label-traditional", entity, "zh", "chat", [opener, turn])

    def answer_to_question(d: Draw) -> Variant:
        language = d.choice(languages)
        value, sizes, _ = _digit_value(d, entity, language)
        rendered = group(value, sizes, d.choice(("", " ")))
        ask = _Turn("agent").text(d.choice(QUESTIONS[entity][language]))
        turn = _Turn("customer").text(d.choice(("", "嗯，" if language == "zh" else "sure, ")))
        turn.value(rendered, entity).text(d.choice(_TAILS[language]))
        return _variant(f"{entity}/answer-to-question", entity, language, "chat", [ask, turn])

    def spoken(language: str) -> Builder:
        def build(d: Draw) -> Variant:
            value, sizes, _ = _digit_value(d, entity, language)
            say = spoken_zh if language == "zh" else spoken_en
            rendered = say(d, value, sizes)
            turn = _labelled_sentence(d, entity, language, rendered)
            return _variant(
                f"{entity}/spoken-{language}",
                entity,
                language,
                "call",
                [_opener(d, language), turn],
            )

        return build

    def spoken_asr(language: str) -> Builder:
        def build(d: Draw) -> Variant:
            value, sizes, _ = _digit_value(d, entity, language)
            say = spoken_zh_asr if language == "zh" else spoken_en_asr
            turn = _labelled_sentence(d, entity, language, say(d, value, sizes))
            return _variant(
                f"{entity}/spoken-{language}-asr",
                entity,
                language,
                "call",
                [_opener(d, language), turn],
            )

        return build

    def spoken_radio(d: Draw) -> Variant:
        value, sizes, _ = _digit_value(d, entity, "zh")
        turn = _labelled_sentence(d, entity, "zh", spoken_zh_radio(d, value, sizes))
        return _variant(f"{entity}/spoken-zh-radio", entity, "zh", "call", [_opener(d, "zh"), turn])

    def spoken_pairs(d: Draw) -> Variant:
        value, sizes, _ = _digit_value(d, entity, "en")
        turn = _labelled_sentence(d, entity, "en", spoken_en_pairs(d, value, sizes))
        return _variant(f"{entity}/spoken-en-pairs", entity, "en", "call", [_opener(d, "en"), turn])

    def asr_mixed_zh(d: Draw) -> Variant:
        # Mandarin speech-to-text writes some groups in Arabic digits and others in
        # characters within one number.
        value, sizes, _ = _digit_value(d, entity, "zh")
        groups = group(value, sizes, " ").split(" ")
        parity = d.integer(0, 1)  # alternate, so both scripts appear in every number
        written = [g if i % 2 == parity else spoken_zh(d, g) for i, g in enumerate(groups)]
        turn = _labelled_sentence(d, entity, "zh", d.choice(("", " ", "，")).join(written))
        return _variant(f"{entity}/asr-mixed-zh", entity, "zh", "call", [_opener(d, "zh"), turn])

    def split_turns(d: Draw) -> Variant:
        language = d.choice(languages)
        channel = d.choice(("chat", "call"))
        value, sizes, _ = _digit_value(d, entity, language)
        cut = sum(sizes[: max(1, len(sizes) // 2)])
        head, tail = value[:cut], value[cut:]
        if channel == "call":
            say = spoken_zh if language == "zh" else spoken_en
            first, rest = say(d, head), say(d, tail)
        else:
            first, rest = group(head, sizes, " "), group(tail, sizes[len(sizes) // 2 :], " ")
        label = _label(d, entity, language)
        one = _Turn("customer")
        if language == "zh":
            one.text(d.choice(("我的", "")) + label + "是").value(first, entity).text("，")
        else:
            one.text(f"my {label} is ").value(first, entity).text("...")
        two = _Turn("agent").text(d.choice(_INTERJECTIONS[language]))
        three = _Turn("customer").text(
            d.choice(("", "嗯，后面是" if language == "zh" else "then "))
        )
        three.value(rest, entity)
        return _variant(
            f"{entity}/split-turns",
            entity,
            language,
            channel,
            [_opener(d, language), one, two, three],
        )

    builders: dict[str, Builder] = {
        "label-after": label_after,
        "label-absent": label_absent,
        "label-traditional": label_traditional,
        "answer-to-question": answer_to_question,
        "split-turns": split_turns,
    }
    if "zh" in languages:
        builders["glued-cjk"] = glued_cjk
        builders["spoken-zh"] = spoken("zh")
        builders["spoken-zh-asr"] = spoken_asr("zh")
        builders["spoken-zh-radio"] = spoken_radio
        builders["asr-mixed-zh"] = asr_mixed_zh
    if "en" in languages:
        builders["glued-latin"] = glued_latin
        builders["spoken-en"] = spoken("en")
        builders["spoken-en-asr"] = spoken_asr("en")
        builders["spoken-en-pairs"] = spoken_pairs
    return builders


# ------------------------------------------------------------------ type-specific classes


def _card_classes() -> None:
    _shape_classes("CREDIT_CARD")

    def lowercase_label_and_spaces(d: Draw) -> Variant:
        number = card_number(d)
        rendered = group(number, card_grouping(number), d.choice(("  ", " \t", " - ", " / ")))
        turn = _Turn("customer").text("card ").value(rendered, "CREDIT_CARD").text(" thx")
        return _variant(
            "CREDIT_CARD/mixed-separators", "CREDIT_CARD", "en", "chat", [_opener(d, "en"), turn]
        )

    _register("CREDIT_CARD/mixed-separators", "CREDIT_CARD", lowercase_label_and_spaces)


def _expiry_text(d: Draw, language: str, month: int, year: int) -> str:
    yy = year % 100
    if language == "zh":
        return d.choice(
            (
                f"{month:02d}/{yy:02d}",
                f"{year}年{month}月",
                f"{yy}年{month}月",
                f"{month:02d}月{yy:02d}年",
                f"{year}-{month:02d}",
                f"{month:02d}/{year}",
                f"{month:02d}{yy:02d}",
                f"{year}/{month:02d}",
                f"{yy:02d}/{month:02d}",
            )
        )
    months = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    return d.choice(
        (
            f"{month:02d}/{yy:02d}",
            f"{month:02d}/{year}",
            f"{month:02d}-{yy:02d}",
            f"{month} / {yy:02d}",
            f"{months[month - 1]} {year}",
            f"{months[month - 1][:3]} {yy:02d}",
            f"{month:02d}{yy:02d}",
            f"{month}/{yy:02d}",
            f"{months[month - 1][:3]} '{yy:02d}",
        )
    )


def _expiry_classes() -> None:
    def labelled(language: str, label_language: str, name: str) -> Builder:
        def build(d: Draw) -> Variant:
            month, year = expiry(d)
            rendered = _expiry_text(d, language, month, year)
            turn = _labelled_sentence(
                d, "CARD_EXPIRY", language, rendered, label_language=label_language
            )
            return _variant(name, "CARD_EXPIRY", language, "chat", [_opener(d, language), turn])

        return build

    for language, label_language, shape in (
        ("zh", "zh", "labelled-zh"),
        ("en", "en", "labelled-en"),
        ("zh", "zh-hant", "label-traditional"),
    ):
        name = f"CARD_EXPIRY/{shape}"
        _register(name, "CARD_EXPIRY", labelled(language, label_language, name))

    def after_card(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        number = card_number(d)
        month, year = expiry(d)
        turn = _Turn("customer").value(group(number, card_grouping(number), " "), "CREDIT_CARD")
        turn.text(d.choice((" ", ", ", "，"))).value(
            _expiry_text(d, language, month, year), "CARD_EXPIRY"
        )
        ask = _Turn("agent").text(d.choice(QUESTIONS["CREDIT_CARD"][language]))
        return _variant("CARD_EXPIRY/after-card", "CARD_EXPIRY", language, "chat", [ask, turn])

    _register("CARD_EXPIRY/after-card", "CARD_EXPIRY", after_card)

    def spoken_en_expiry(d: Draw) -> Variant:
        month, year = expiry(d)
        yy = year % 100
        said = d.choice(
            (
                f"{spoken_en(d, f'{month:02d}')} {en_number(yy)}",
                f"{en_number(month) if month > 9 else _EN_DIGITS[month]} twenty {en_number(yy)}",
                f"{spoken_en(d, f'{month:02d}')} slash {spoken_en(d, f'{yy:02d}')}",
            )
        )
        turn = _labelled_sentence(d, "CARD_EXPIRY", "en", said)
        return _variant(
            "CARD_EXPIRY/spoken-en", "CARD_EXPIRY", "en", "call", [_opener(d, "en"), turn]
        )

    def spoken_zh_expiry(d: Draw) -> Variant:
        month, year = expiry(d)
        yy = year % 100
        months = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
        said = d.choice(
            (
                f"{spoken_zh(d, f'{yy:02d}')}年{months[month - 1]}月",
                f"{spoken_zh(d, f'{month:02d}{yy:02d}')}",
                f"{months[month - 1]}月{spoken_zh(d, f'{yy:02d}')}年",
            )
        )
        turn = _labelled_sentence(d, "CARD_EXPIRY", "zh", said)
        return _variant(
            "CARD_EXPIRY/spoken-zh", "CARD_EXPIRY", "zh", "call", [_opener(d, "zh"), turn]
        )

    _register("CARD_EXPIRY/spoken-en", "CARD_EXPIRY", spoken_en_expiry)
    _register("CARD_EXPIRY/spoken-zh", "CARD_EXPIRY", spoken_zh_expiry)

    def answer_to_question(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        month, year = expiry(d)
        ask = _Turn("agent").text(d.choice(QUESTIONS["CARD_EXPIRY"][language]))
        turn = _Turn("customer").value(_expiry_text(d, language, month, year), "CARD_EXPIRY")
        return _variant(
            "CARD_EXPIRY/answer-to-question", "CARD_EXPIRY", language, "chat", [ask, turn]
        )

    _register("CARD_EXPIRY/answer-to-question", "CARD_EXPIRY", answer_to_question)


def _cvv_classes() -> None:
    def labelled(language: str, label_language: str, name: str, channel: str) -> Builder:
        def build(d: Draw) -> Variant:
            value = cvv(d, amex=d.chance(0.15))
            if channel == "call":
                rendered = (spoken_zh if language == "zh" else spoken_en)(d, value)
            else:
                rendered = value
            label = _label(d, "CARD_CVV", label_language)
            if len(value) == 4 and ("三" in label or "three" in label):
                label = "CVV"  # an Amex code has four digits; no label counts three
            turn = _labelled_sentence(d, "CARD_CVV", language, rendered, label=label)
            return _variant(name, "CARD_CVV", language, channel, [_opener(d, language), turn])

        return build

    for language, label_language, shape, channel in (
        ("zh", "zh", "labelled-zh", "chat"),
        ("en", "en", "labelled-en", "chat"),
        ("zh", "zh-hant", "label-traditional", "chat"),
        ("zh", "zh", "spoken-zh", "call"),
        ("en", "en", "spoken-en", "call"),
    ):
        name = f"CARD_CVV/{shape}"
        _register(name, "CARD_CVV", labelled(language, label_language, name, channel))

    def on_the_back(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        value = cvv(d)
        turn = _Turn("customer")
        if language == "zh":
            turn.text(d.choice(("背面是", "后三位", "卡背后三位是", "背面那三个数是")))
        else:
            turn.text(d.choice(("the digits on the back are ", "on the back it says ", "back: ")))
        turn.value(value, "CARD_CVV").text(d.choice(_TAILS[language]))
        return _variant(
            "CARD_CVV/on-the-back", "CARD_CVV", language, "chat", [_opener(d, language), turn]
        )

    _register("CARD_CVV/on-the-back", "CARD_CVV", on_the_back)

    def bare_after_card_and_expiry(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        number = card_number(d)
        month, year = expiry(d)
        sep = d.choice((" ", ", ", "，", "  "))
        turn = _Turn("customer").value(group(number, card_grouping(number), " "), "CREDIT_CARD")
        turn.text(sep).value(f"{month:02d}/{year % 100:02d}", "CARD_EXPIRY")
        turn.text(sep).value(cvv(d, amex=len(number) == 15), "CARD_CVV")
        ask = _Turn("agent").text(d.choice(QUESTIONS["CREDIT_CARD"][language]))
        return _variant(
            "CARD_CVV/bare-after-card-and-expiry", "CARD_CVV", language, "chat", [ask, turn]
        )

    _register("CARD_CVV/bare-after-card-and-expiry", "CARD_CVV", bare_after_card_and_expiry)

    def with_expiry_spoken_zh(d: Draw) -> Variant:
        month, year = expiry(d)
        ask = _Turn("agent").text(
            d.choice(("有效期和背面的安全码分别是多少？", "再报一下有效期跟卡背面三位数。"))
        )
        turn = _Turn("customer")
        turn.value(spoken_zh(d, f"{month:02d}{year % 100:02d}"), "CARD_EXPIRY")
        turn.text(d.choice(("，", "，然后", " "))).value(spoken_zh(d, cvv(d)), "CARD_CVV")
        return _variant("CARD_CVV/with-expiry-zh", "CARD_CVV", "zh", "call", [ask, turn])

    _register("CARD_CVV/with-expiry-zh", "CARD_CVV", with_expiry_spoken_zh)

    def answer_to_question(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        ask = _Turn("agent").text(d.choice(QUESTIONS["CARD_CVV"][language]))
        turn = _Turn("customer").value(cvv(d), "CARD_CVV")
        return _variant("CARD_CVV/answer-to-question", "CARD_CVV", language, "chat", [ask, turn])

    _register("CARD_CVV/answer-to-question", "CARD_CVV", answer_to_question)

    def spaced_digits(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        value = " ".join(cvv(d))
        turn = _labelled_sentence(d, "CARD_CVV", language, value)
        return _variant(
            "CARD_CVV/spaced-digits", "CARD_CVV", language, "chat", [_opener(d, language), turn]
        )

    _register("CARD_CVV/spaced-digits", "CARD_CVV", spaced_digits)


def _password_classes() -> None:
    def labelled(
        language: str, label_language: str, name: str, make: Callable[[Draw], str]
    ) -> Builder:
        def build(d: Draw) -> Variant:
            turn = _labelled_sentence(
                d, "PASSWORD", language, make(d), label_language=label_language
            )
            return _variant(name, "PASSWORD", language, "chat", [_opener(d, language), turn])

        return build

    for language, label_language, shape in (
        ("zh", "zh", "labelled-zh"),
        ("en", "en", "labelled-en"),
        ("zh", "zh-hant", "label-traditional"),
    ):
        name = f"PASSWORD/{shape}"
        _register(name, "PASSWORD", labelled(language, label_language, name, password))
    _register(
        "PASSWORD/passphrase", "PASSWORD", labelled("en", "en", "PASSWORD/passphrase", passphrase)
    )

    def pin_labelled(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        turn = _Turn("customer")
        if language == "zh":
            turn.text(d.choice(("取款密码是", "支付密码", "六位密码是", "银行卡密码：")))
        else:
            turn.text(d.choice(("my PIN is ", "PIN: ", "the pin number is ", "card PIN ")))
        turn.value(pin(d), "PASSWORD").text(d.choice(_TAILS[language]))
        return _variant("PASSWORD/pin", "PASSWORD", language, "chat", [_opener(d, language), turn])

    _register("PASSWORD/pin", "PASSWORD", pin_labelled)

    def second_of_two(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        label = _label(d, "PASSWORD", language)
        turn = _Turn("customer")
        if language == "zh":
            turn.text(f"{label}是").value(password(d), "PASSWORD")
            turn.text(d.choice((" 或者 ", "，也可能是 ", "，要不就是 "))).value(
                password(d), "PASSWORD"
            )
        else:
            turn.text(f"the {label} is either ").value(password(d), "PASSWORD")
            turn.text(d.choice((" or ", ", or maybe ", " or else "))).value(password(d), "PASSWORD")
        return _variant(
            "PASSWORD/second-of-two", "PASSWORD", language, "chat", [_opener(d, language), turn]
        )

    _register("PASSWORD/second-of-two", "PASSWORD", second_of_two)

    def set_it_to(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        if language == "zh":
            ask = _Turn("agent").text(d.choice(("您是不是改过密码？", "密码最近修改过吗？")))
            turn = _Turn("customer").text(
                d.choice(("改过，我设的是", "对，后来设成了", "嗯，新的是 "))
            )
        else:
            ask = _Turn("agent").text(d.choice(("Did you change your password recently?",)))
            turn = _Turn("customer").text(d.choice(("yes, I set it to ", "yeah I changed it to ")))
        turn.value(password(d), "PASSWORD").text(d.choice(_TAILS[language]))
        return _variant("PASSWORD/set-it-to", "PASSWORD", language, "chat", [ask, turn])

    _register("PASSWORD/set-it-to", "PASSWORD", set_it_to)

    def mixed_language(d: Draw) -> Variant:
        turn = _Turn("customer").text(d.choice(("我的 password 是 ", "login 密码是", "pwd是 ")))
        turn.value(password(d), "PASSWORD").text(d.choice(_TAILS["zh"]))
        return _variant(
            "PASSWORD/mixed-language", "PASSWORD", "zh", "chat", [_opener(d, "zh"), turn]
        )

    _register("PASSWORD/mixed-language", "PASSWORD", mixed_language)

    def pin_spoken(language: str) -> Builder:
        def build(d: Draw) -> Variant:
            said = (spoken_zh if language == "zh" else spoken_en)(d, pin(d))
            turn = _Turn("customer").text("密码是" if language == "zh" else "the PIN is ")
            turn.value(said, "PASSWORD")
            return _variant(
                f"PASSWORD/pin-spoken-{language}",
                "PASSWORD",
                language,
                "call",
                [_opener(d, language), turn],
            )

        return build

    _register("PASSWORD/pin-spoken-zh", "PASSWORD", pin_spoken("zh"))
    _register("PASSWORD/pin-spoken-en", "PASSWORD", pin_spoken("en"))

    def answer_to_question(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        ask = _Turn("agent").text(d.choice(QUESTIONS["PASSWORD"][language]))
        turn = _Turn("customer").value(password(d), "PASSWORD")
        return _variant("PASSWORD/answer-to-question", "PASSWORD", language, "chat", [ask, turn])

    _register("PASSWORD/answer-to-question", "PASSWORD", answer_to_question)

    def quoted(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        opening, closing = d.choice((('"', '"'), ("“", "”"), ("'", "'"), ("「", "」")))
        value = d.choice((password(d), passphrase(d).replace("-", " ")))
        turn = _Turn("customer").text(
            f"{_label(d, 'PASSWORD', language)}{'是' if language == 'zh' else ' is '}{opening}"
        )
        turn.value(value, "PASSWORD").text(closing + d.choice(_TAILS[language]))
        return _variant(
            "PASSWORD/quoted", "PASSWORD", language, "chat", [_opener(d, language), turn]
        )

    _register("PASSWORD/quoted", "PASSWORD", quoted)

    def pinyin(d: Draw) -> Variant:
        # Pinyin words and a lucky number: how many Chinese users build a password.
        word = d.choice(("woaini", "zhangwei", "wangfang", "xiaomei", "liuyang", "aini"))
        value = word + d.choice(("1314", "520", "888", d.digits(d.integer(2, 6))))
        turn = _labelled_sentence(d, "PASSWORD", "zh", value)
        return _variant("PASSWORD/pinyin", "PASSWORD", "zh", "chat", [_opener(d, "zh"), turn])

    _register("PASSWORD/pinyin", "PASSWORD", pinyin)

    def spelled(language: str, asked: bool) -> Builder:
        # Read out character by character on a call: "capital T, r, o, hash, two two".
        def build(d: Draw) -> Variant:
            said = spell_password(d, password(d), language)
            turns = [_opener(d, language)]
            if asked:
                turns = [_Turn("agent").text(d.choice(QUESTIONS["PASSWORD"][language]))]
                turn = _Turn("customer").text(
                    d.choice(("", "好的，") if language == "zh" else ("it's ", "sure, it's "))
                )
            else:
                turn = _Turn("customer").text(
                    d.choice(("密码是", "我的密码是", "登录密码："))
                    if language == "zh"
                    else d.choice(("my password is ", "the password is ", "password: "))
                )
            turn.value(said, "PASSWORD").text(d.choice(_TAILS[language]))
            name = f"PASSWORD/spelled-{language}" + ("-answer" if asked else "")
            return _variant(name, "PASSWORD", language, "call", [*turns, turn])

        return build

    for language in ("zh", "en"):
        for asked in (False, True):
            name = f"PASSWORD/spelled-{language}" + ("-answer" if asked else "")
            _register(name, "PASSWORD", spelled(language, asked))


def _code_classes() -> None:
    _shape_classes("VERIFICATION_CODE")

    def digit_by_digit(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        code = one_time_code(d)
        turn = _labelled_sentence(d, "VERIFICATION_CODE", language, " ".join(code))
        return _variant(
            "VERIFICATION_CODE/digit-by-digit",
            "VERIFICATION_CODE",
            language,
            "chat",
            [_opener(d, language), turn],
        )

    _register("VERIFICATION_CODE/digit-by-digit", "VERIFICATION_CODE", digit_by_digit)

    def prefixed(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        code = d.choice(("G-", "")) + one_time_code(d)
        turn = _labelled_sentence(d, "VERIFICATION_CODE", language, code)
        return _variant(
            "VERIFICATION_CODE/prefixed",
            "VERIFICATION_CODE",
            language,
            "chat",
            [_opener(d, language), turn],
        )

    _register("VERIFICATION_CODE/prefixed", "VERIFICATION_CODE", prefixed)

    def four_digits(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        turn = _labelled_sentence(d, "VERIFICATION_CODE", language, d.digits(4))
        return _variant(
            "VERIFICATION_CODE/four-digits",
            "VERIFICATION_CODE",
            language,
            "chat",
            [_opener(d, language), turn],
        )

    _register("VERIFICATION_CODE/four-digits", "VERIFICATION_CODE", four_digits)

    def pasted_sms(d: Draw) -> Variant:
        # The customer pastes the whole text message the bank or shop sent.
        language = d.choice(("zh", "en"))
        code = d.digits(d.choice((4, 6, 6)))
        turn = _Turn("customer")
        if language == "zh":
            opening, closing = d.choice((("【", "】"), ("[", "]")))
            turn.text(opening + d.choice(("某银行", "购物平台", "支付中心")) + closing)
            turn.text(d.choice(("您的验证码为", "验证码：", "动态密码")))
            turn.value(code, "VERIFICATION_CODE")
            turn.text(
                d.choice(
                    ("，5分钟内有效，请勿泄露。", "（请勿告诉他人）", "，如非本人操作请忽略。")
                )
            )
        else:
            before, after = d.choice(
                (
                    ("Your code is ", ". Don't share it with anyone."),
                    ("Use ", " to verify your account."),
                    ("<#> ", " is your login code."),
                )
            )
            turn.text(before).value(code, "VERIFICATION_CODE").text(after)
        return _variant(
            "VERIFICATION_CODE/pasted-sms",
            "VERIFICATION_CODE",
            language,
            "chat",
            [_opener(d, language), turn],
        )

    _register("VERIFICATION_CODE/pasted-sms", "VERIFICATION_CODE", pasted_sms)


def _phone_text(d: Draw, number: phonenumbers.PhoneNumber, style: str) -> str:
    fmt = {
        "e164": phonenumbers.PhoneNumberFormat.E164,
        "international": phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        "national": phonenumbers.PhoneNumberFormat.NATIONAL,
    }[style]
    return phonenumbers.format_number(number, fmt)


# How people group national numbers by hand, by number of digits.
_HAND_GROUPINGS: dict[int, tuple[list[int], ...]] = {
    8: ([2, 2, 2, 2], [4, 4], [3, 3, 2]),
    9: ([3, 2, 2, 2], [3, 3, 3], [2, 3, 2, 2]),
    10: ([4, 2, 2, 2], [2, 2, 2, 2, 2], [3, 3, 4], [4, 3, 3]),
    11: ([5, 3, 3], [4, 3, 4], [5, 6], [3, 4, 4]),
}


def _phone_classes() -> None:
    _shape_classes("PHONE_NUMBER")  # the shapes, on Chinese mobile numbers

    def international(style: str, name: str) -> Builder:
        def build(d: Draw) -> Variant:
            language = d.choice(("zh", "en"))
            rendered = _phone_text(d, phone_number(d), style)
            turn = _labelled_sentence(d, "PHONE_NUMBER", language, rendered)
            return _variant(name, "PHONE_NUMBER", language, "chat", [_opener(d, language), turn])

        return build

    for style in ("e164", "international", "national"):
        name = f"PHONE_NUMBER/world-{style}"
        _register(name, "PHONE_NUMBER", international(style, name))

    def world_separators(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        text = _phone_text(d, phone_number(d), d.choice(("international", "national")))
        sep = d.choice(tuple(SEPARATORS.values()))
        rendered = text.replace(" ", sep).replace("-", sep)
        turn = _labelled_sentence(d, "PHONE_NUMBER", language, rendered)
        return _variant(
            "PHONE_NUMBER/world-separators",
            "PHONE_NUMBER",
            language,
            "chat",
            [_opener(d, language), turn],
        )

    _register("PHONE_NUMBER/world-separators", "PHONE_NUMBER", world_separators)

    def trunk_in_brackets(d: Draw) -> Variant:
        region = d.choice(("GB", "DE", "AT", "CH", "IT", "AU", "NL", "BE", "FR"))
        number = phone_number(d, region)
        written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        code, _, rest = written.partition(" ")
        rendered = f"{code} (0){d.choice((' ', ''))}{rest}"
        turn = _labelled_sentence(d, "PHONE_NUMBER", "en", rendered)
        return _variant(
            "PHONE_NUMBER/trunk-in-brackets", "PHONE_NUMBER", "en", "chat", [_opener(d, "en"), turn]
        )

    _register("PHONE_NUMBER/trunk-in-brackets", "PHONE_NUMBER", trunk_in_brackets)

    def national_grouped(d: Draw) -> Variant:
        # How people group national numbers by hand: 4-2-2-2, 2-2-2-2-2, 5-3-3, 3-3-4.
        region = d.choice(("FR", "AU", "GB", "NL", "BE", "US", "DE", "ES", "DK", "NO", "SG", "HK"))
        national = phonenumbers.format_number(
            phone_number(d, region), phonenumbers.PhoneNumberFormat.NATIONAL
        )
        digits = "".join(c for c in national if c.isdigit())
        sizes = d.choice(_HAND_GROUPINGS.get(len(digits), ([3, 3, 4],)))
        rendered = group(digits, sizes, d.choice((" ", "-", ".")))
        turn = _labelled_sentence(d, "PHONE_NUMBER", "en", rendered)
        return _variant(
            "PHONE_NUMBER/national-grouped", "PHONE_NUMBER", "en", "chat", [_opener(d, "en"), turn]
        )

    _register("PHONE_NUMBER/national-grouped", "PHONE_NUMBER", national_grouped)

    def local_seven(d: Draw) -> Variant:
        local = d.choice("23456789") + d.digits(6)
        rendered = d.choice((f"{local[:3]}-{local[3:]}", f"{local[:3]} {local[3:]}", local))
        turn = _Turn("customer").text(
            d.choice(("call me at ", "my number is ", "Phone: ", "reach me at ", "you can ring "))
        )
        turn.value(rendered, "PHONE_NUMBER").text(d.choice(_TAILS["en"]))
        return _variant(
            "PHONE_NUMBER/local-seven-digits",
            "PHONE_NUMBER",
            "en",
            "chat",
            [_opener(d, "en"), turn],
        )

    _register("PHONE_NUMBER/local-seven-digits", "PHONE_NUMBER", local_seven)

    def area_in_brackets(d: Draw) -> Variant:
        area = d.choice("23456789") + d.digits(d.integer(1, 2))
        local = d.choice("23456789") + d.digits(d.integer(5, 6))
        rendered = f"({area}) {local[:3]}-{local[3:]}"
        turn = _labelled_sentence(d, "PHONE_NUMBER", "en", rendered)
        return _variant(
            "PHONE_NUMBER/area-in-brackets", "PHONE_NUMBER", "en", "chat", [_opener(d, "en"), turn]
        )

    _register("PHONE_NUMBER/area-in-brackets", "PHONE_NUMBER", area_in_brackets)

    def spoken_mid_sentence(d: Draw) -> Variant:
        national = phonenumbers.format_number(
            phone_number(d, "US"), phonenumbers.PhoneNumberFormat.NATIONAL
        )
        digits = "".join(c for c in national if c.isdigit())
        said = spoken_en(d, digits, d.choice(([3, 3, 4], [10])))
        turn = _Turn("customer").text(d.choice(("is ", "so it's ", "yeah ")))
        turn.value(said, "PHONE_NUMBER")
        turn.text(
            d.choice((" still good for you?", " and you can call after six", ", that's my cell"))
        )
        return _variant(
            "PHONE_NUMBER/spoken-en-mid-sentence",
            "PHONE_NUMBER",
            "en",
            "call",
            [_opener(d, "en"), turn],
        )

    _register("PHONE_NUMBER/spoken-en-mid-sentence", "PHONE_NUMBER", spoken_mid_sentence)

    def cn_landline(d: Draw) -> Variant:
        area, local = cn_landline_parts(d)
        rendered = d.choice(
            (f"{area}-{local}", f"({area}){local}", f"{area} {local}", f"{area}{local}")
        )
        if d.chance(0.3):
            rendered += d.choice(("转", "-", " ext. ")) + d.digits(3)
        turn = _Turn("customer").text(d.choice(("座机", "办公电话", "单位电话", "家里电话")))
        turn.text(d.choice(("是", "：", " "))).value(rendered, "PHONE_NUMBER")
        turn.text(d.choice(_TAILS["zh"]))
        return _variant(
            "PHONE_NUMBER/cn-landline", "PHONE_NUMBER", "zh", "chat", [_opener(d, "zh"), turn]
        )

    _register("PHONE_NUMBER/cn-landline", "PHONE_NUMBER", cn_landline)

    def cn_country_code(d: Draw) -> Variant:
        mobile = cn_mobile(d)
        prefix = d.choice(("+86 ", "+86-", "+86", "0086 ", "86-", "(+86) "))
        rendered = prefix + group(mobile, [3, 4, 4], d.choice((" ", "-", "")))
        language = d.choice(("zh", "en"))
        turn = _labelled_sentence(d, "PHONE_NUMBER", language, rendered)
        return _variant(
            "PHONE_NUMBER/cn-country-code",
            "PHONE_NUMBER",
            language,
            "chat",
            [_opener(d, language), turn],
        )

    _register("PHONE_NUMBER/cn-country-code", "PHONE_NUMBER", cn_country_code)


def _email_classes() -> None:
    def typed(
        name: str, language: str, label_language: str, render: Callable[[Draw, str], str]
    ) -> Builder:
        def build(d: Draw) -> Variant:
            rendered = render(d, email(d))
            turn = _labelled_sentence(
                d, "EMAIL_ADDRESS", language, rendered, label_language=label_language
            )
            return _variant(name, "EMAIL_ADDRESS", language, "chat", [_opener(d, language), turn])

        return build

    for name, language, label_language, render in (
        ("EMAIL_ADDRESS/plain-en", "en", "en", lambda d, e: e),
        ("EMAIL_ADDRESS/plain-zh", "zh", "zh", lambda d, e: e),
        ("EMAIL_ADDRESS/label-traditional", "zh", "zh-hant", lambda d, e: e),
        ("EMAIL_ADDRESS/uppercase", "en", "en", lambda d, e: e.upper()),
        ("EMAIL_ADDRESS/fullwidth-at", "zh", "zh", lambda d, e: e.replace("@", "＠")),
    ):
        _register(name, "EMAIL_ADDRESS", typed(name, language, label_language, render))

    def glued_cjk(d: Draw) -> Variant:
        turn = _Turn("customer").text(d.choice(("邮件地址", "发到", "我邮箱是", "邮箱", "请寄到")))
        turn.value(email(d), "EMAIL_ADDRESS").text(
            d.choice(("就行", "谢谢", "吧", "。", "，收到回我"))
        )
        return _variant(
            "EMAIL_ADDRESS/glued-cjk", "EMAIL_ADDRESS", "zh", "chat", [_opener(d, "zh"), turn]
        )

    _register("EMAIL_ADDRESS/glued-cjk", "EMAIL_ADDRESS", glued_cjk)

    def in_brackets(d: Draw) -> Variant:
        opening, closing = d.choice(
            (("<", ">"), ("(", ")"), ("mailto:", ""), ("[", "]"), ("“", "”"))
        )
        turn = _Turn("customer").text("email " + opening).value(email(d), "EMAIL_ADDRESS")
        turn.text(closing + d.choice((".", "", " pls")))
        return _variant(
            "EMAIL_ADDRESS/in-brackets", "EMAIL_ADDRESS", "en", "chat", [_opener(d, "en"), turn]
        )

    _register("EMAIL_ADDRESS/in-brackets", "EMAIL_ADDRESS", in_brackets)

    def label_absent(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        turn = _Turn("customer").text(d.choice(("", "ok ", "好的 ")))
        turn.value(email(d), "EMAIL_ADDRESS").text(d.choice(_TAILS[language]))
        return _variant(
            "EMAIL_ADDRESS/label-absent",
            "EMAIL_ADDRESS",
            language,
            "chat",
            [_opener(d, language), turn],
        )

    _register("EMAIL_ADDRESS/label-absent", "EMAIL_ADDRESS", label_absent)

    def spoken_en_email(d: Draw) -> Variant:
        pieces, domain = email_parts(d)
        local = " dot ".join(p.replace("_", " underscore ").replace("+", " plus ") for p in pieces)
        said = f"{local} at {domain.replace('.', ' dot ').replace('-', ' dash ')}"
        turn = _Turn("customer").text(d.choice(("my email is ", "it's ", "send it to ")))
        turn.value(said, "EMAIL_ADDRESS").text(d.choice(("", " thanks", ", all lowercase")))
        return _variant(
            "EMAIL_ADDRESS/spoken-en", "EMAIL_ADDRESS", "en", "call", [_opener(d, "en"), turn]
        )

    _register("EMAIL_ADDRESS/spoken-en", "EMAIL_ADDRESS", spoken_en_email)

    def spoken_zh_email(d: Draw) -> Variant:
        pieces, domain = email_parts(d)
        dot = d.choice(("点", "点儿", "."))
        at = d.choice(("艾特", "at", "圈a", "@"))
        sep = d.choice(("", " "))
        local = f"{sep}{dot}{sep}".join(p.replace("_", "下划线").replace("+", "加") for p in pieces)
        said = f"{local}{sep}{at}{sep}{domain.replace('.', f'{sep}{dot}{sep}')}"
        turn = _Turn("customer").text(d.choice(("我的邮箱是", "邮箱", "发到 ")))
        turn.value(said, "EMAIL_ADDRESS").text(d.choice(("", "，都是小写", "，谢谢")))
        return _variant(
            "EMAIL_ADDRESS/spoken-zh", "EMAIL_ADDRESS", "zh", "call", [_opener(d, "zh"), turn]
        )

    _register("EMAIL_ADDRESS/spoken-zh", "EMAIL_ADDRESS", spoken_zh_email)

    def answer_to_question(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        ask = _Turn("agent").text(d.choice(QUESTIONS["EMAIL_ADDRESS"][language]))
        turn = _Turn("customer").value(email(d), "EMAIL_ADDRESS")
        return _variant(
            "EMAIL_ADDRESS/answer-to-question", "EMAIL_ADDRESS", language, "chat", [ask, turn]
        )

    _register("EMAIL_ADDRESS/answer-to-question", "EMAIL_ADDRESS", answer_to_question)

    def obfuscated(d: Draw) -> Variant:
        # Typed to dodge scrapers: "name [at] host [dot] com", "name(at)host.com".
        pieces, domain = email_parts(d)
        at = d.choice((" [at] ", "(at)", " at ", " AT ", "#"))
        dot = d.choice((" [dot] ", "(dot)", ".", " dot "))
        rendered = dot.join(pieces) + at + domain.replace(".", dot)
        turn = _Turn("customer").text(d.choice(("email: ", "write to ", "mail me ")))
        turn.value(rendered, "EMAIL_ADDRESS").text(d.choice(("", " (no spam pls)", ".")))
        return _variant(
            "EMAIL_ADDRESS/obfuscated", "EMAIL_ADDRESS", "en", "chat", [_opener(d, "en"), turn]
        )

    _register("EMAIL_ADDRESS/obfuscated", "EMAIL_ADDRESS", obfuscated)


def _ssn_classes() -> None:
    _shape_classes("US_SSN", languages=("en", "zh"))

    def read_in_pieces(d: Draw) -> Variant:
        value = ssn(d)
        turn = _Turn("customer").text(d.choice(("my social is ", "SSN ", "it's ")))
        turn.value(spoken_en(d, value, [3, 2, 4]), "US_SSN")
        return _variant("US_SSN/spoken-pieces", "US_SSN", "en", "call", [_opener(d, "en"), turn])

    _register("US_SSN/spoken-pieces", "US_SSN", read_in_pieces)


def _resident_id_classes() -> None:
    _shape_classes("CN_RESIDENT_ID")

    def lowercase_x(d: Draw) -> Variant:
        value = resident_id(d)
        while not value.endswith("X"):
            value = resident_id(d)
        turn = _labelled_sentence(d, "CN_RESIDENT_ID", "zh", value.lower())
        return _variant(
            "CN_RESIDENT_ID/lowercase-x", "CN_RESIDENT_ID", "zh", "chat", [_opener(d, "zh"), turn]
        )

    _register("CN_RESIDENT_ID/lowercase-x", "CN_RESIDENT_ID", lowercase_x)


def _bank_classes() -> None:
    def iban(d: Draw) -> Variant:
        _, value = bank_account(d, "iban")
        rendered = d.choice((value, group(value, [4] * 9, " ")))
        language = d.choice(("zh", "en"))
        turn = _labelled_sentence(d, "BANK_ACCOUNT", language, rendered)
        return _variant(
            "BANK_ACCOUNT/iban", "BANK_ACCOUNT", language, "chat", [_opener(d, language), turn]
        )

    _register("BANK_ACCOUNT/iban", "BANK_ACCOUNT", iban)
    _shape_classes("BANK_ACCOUNT")


# ------------------------------------------------------------------ negative classes


def _negative_classes() -> None:
    def last_four_zh(d: Draw) -> Variant:
        kind = d.choice(("卡号", "身份证", "手机号", "银行卡"))
        ask = _Turn("agent").text(f"为了核实身份，请告诉我您{kind}的后四位。")
        digits = d.digits(4)
        turn = _Turn("customer").text(d.choice(("", "后四位是", "是")))
        turn.decoy(d.choice((digits, spoken_zh(d, digits))), "LAST_FOUR").text(d.choice(("", "。")))
        return _variant("NOT/last-four-zh", None, "zh", "chat", [ask, turn])

    def last_four_en(d: Draw) -> Variant:
        kind = d.choice(("card", "SSN", "social", "account", "phone number"))
        ask = _Turn("agent").text(f"Can you confirm the last four of your {kind}?")
        digits = d.digits(4)
        turn = _Turn("customer").text(d.choice(("", "sure, ", "it's ")))
        turn.decoy(d.choice((digits, spoken_en(d, digits))), "LAST_FOUR").text(d.choice(("", ".")))
        return _variant("NOT/last-four-en", None, "en", "chat", [ask, turn])

    def error_code(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        code = d.choice(
            (str(d.integer(400, 599)), f"E{d.digits(4)}", f"0x{d.digits(8)}", d.digits(4))
        )
        turn = _Turn("customer")
        if language == "zh":
            turn.text(d.choice(("页面报错", "提示错误代码", "app一直显示 "))).decoy(
                code, "ERROR_CODE"
            )
            turn.text(d.choice(("，怎么回事", "，登不上去")))
        else:
            turn.text(d.choice(("It shows ", "I keep getting error ", "the app says code ")))
            turn.decoy(code, "ERROR_CODE").text(d.choice((" when I pay", ", what does it mean?")))
        return _variant("NOT/error-code", None, language, "chat", [_opener(d, language), turn])

    def promo_code(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        word = d.choice(("SPRING", "SAVE", "WELCOME", "VIP", "NEWYEAR", "FLASH"))
        code = word + d.choice((str(d.integer(2020, 2030)), str(d.integer(5, 80)), d.digits(3)))
        turn = _Turn("customer")
        if language == "zh":
            turn.text(d.choice(("优惠码", "我用了折扣码 ", "券码是"))).decoy(code, "PROMO_CODE")
            turn.text("，没有生效")
        else:
            turn.text(d.choice(("I entered the promo code ", "coupon ", "discount code "))).decoy(
                code, "PROMO_CODE"
            )
            turn.text(d.choice((" but it didn't apply", " at checkout")))
        return _variant("NOT/promo-code", None, language, "chat", [_opener(d, language), turn])

    def order_number(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        number = d.choice(
            (
                "20" + d.digits(d.integer(12, 16)),
                f"#{d.digits(7)}",
                "ORD-" + d.digits(8),
                d.digits(10),
            )
        )
        digits = "".join(c for c in number if c.isdigit())
        if 13 <= len(digits) <= 19 and _luhn_valid(digits):  # not a card number by accident
            number = number[:-1] + str((int(number[-1]) + 1) % 10)
        turn = _Turn("customer")
        if language == "zh":
            turn.text(d.choice(("订单号", "我的订单编号是", "单号："))).decoy(
                number, "ORDER_NUMBER"
            )
            turn.text("，还没发货")
        else:
            turn.text(d.choice(("order number ", "my order is ", "Order ID: "))).decoy(
                number, "ORDER_NUMBER"
            )
            turn.text(d.choice((" hasn't shipped", ", any update?")))
        return _variant("NOT/order-number", None, language, "chat", [_opener(d, language), turn])

    def tracking_number(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        number = d.choice(
            (
                "SF" + d.digits(12),
                "YT" + d.digits(13),
                "1Z" + "".join(d.choice(string.ascii_uppercase + string.digits) for _ in range(16)),
                "JD" + d.digits(13),
                d.digits(12),
            )
        )
        turn = _Turn("customer")
        if language == "zh":
            turn.text(d.choice(("快递单号", "运单号是", "物流单号 "))).decoy(
                number, "TRACKING_NUMBER"
            )
            turn.text("，一直没更新")
        else:
            turn.text(d.choice(("tracking number ", "the waybill is ", "Tracking: "))).decoy(
                number, "TRACKING_NUMBER"
            )
            turn.text(" shows no movement")
        return _variant("NOT/tracking-number", None, language, "chat", [_opener(d, language), turn])

    def amount_and_date(d: Draw) -> Variant:
        language = d.choice(("zh", "en"))
        amount = f"{d.integer(1, 99999)}.{d.digits(2)}"
        date = f"{d.integer(2020, 2026)}-{d.integer(1, 12):02d}-{d.integer(1, 28):02d}"
        turn = _Turn("customer")
        if language == "zh":
            turn.text("我在").decoy(date, "DATE").text("付了").decoy(amount, "AMOUNT").text("元")
        else:
            turn.text("I paid $").decoy(amount, "AMOUNT").text(" on ").decoy(date, "DATE")
        return _variant("NOT/amount-and-date", None, language, "chat", [_opener(d, language), turn])

    for name, build in (
        ("NOT/last-four-zh", last_four_zh),
        ("NOT/last-four-en", last_four_en),
        ("NOT/error-code", error_code),
        ("NOT/promo-code", promo_code),
        ("NOT/order-number", order_number),
        ("NOT/tracking-number", tracking_number),
        ("NOT/amount-and-date", amount_and_date),
    ):
        _register(name, None, build)


_card_classes()
_expiry_classes()
_cvv_classes()
_password_classes()
_code_classes()
_resident_id_classes()
_ssn_classes()
_bank_classes()
_phone_classes()
_email_classes()
_negative_classes()

# The call-transcript classes live in their own module; it reads this one's helpers.
from piiguard import variants_calls  # noqa: E402

variants_calls.register()

# ... and so do the read-out classes (session 6: pieces, read-backs, sort codes, ...).
from piiguard import variants_readouts  # noqa: E402

variants_readouts.register()


# ------------------------------------------------------------------ public drawing


def class_names(prefix: str = "") -> list[str]:
    """Every class name (sorted), or those starting with ``prefix`` (``"PHONE_NUMBER/"``)."""
    return sorted(n for n in CLASSES if n.startswith(prefix))


def sample(n: int, seed: int = 0, classes: Sequence[str] | None = None) -> Iterator[Variant]:
    """``n`` variants of each class (all classes unless named), the same for the same seed."""
    names = list(classes) if classes is not None else class_names()
    unknown = [c for c in names if c not in CLASSES]
    if unknown:
        raise KeyError(f"no variant class named {unknown[0]!r}")
    for name in names:
        # One stream per class: adding a class never changes another class's variants.
        draw = RandomDraw(random.Random(f"{seed}:{name}"))
        for _ in range(n):
            yield CLASSES[name].build(draw)


def strategy(name: str) -> Any:
    """A hypothesis strategy of variants of the class ``name`` (needs hypothesis)."""
    from hypothesis import strategies as st

    build = CLASSES[name].build

    @st.composite
    def variants(draw: Callable[[Any], Any]) -> Variant:
        return build(_HypothesisDraw(draw))

    return variants()
