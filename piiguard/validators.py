"""Checksum and plausibility validators, registered by stable name.

A recognizer spec names its validator (``validator: luhn``); the name is looked up here.
Each validator takes the matched value (separators included) and returns True when the
value passes. Add one with :func:`register_validator` (a plugin package may do so at
import time).

=================  ==========================================================
name               standard
=================  ==========================================================
``luhn``           ISO/IEC 7812 Luhn mod-10, 13-19 digits (payment cards)
``gb11643``        GB 11643-1999 check digit and a real birth date (PRC RIC)
``cn_ric15``       legacy 15-digit PRC RIC: a real birth date (19YYMMDD)
``iban``           ISO 13616 mod-97
``us_ssn``         SSA rules: area not 000/666/9xx, group not 00, serial not 0000
``phone``          libphonenumber: a possible number (CN default region, else E.164)
``hkid``           Hong Kong identity card check digit (mod 11)
=================  ==========================================================
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

import phonenumbers
from stdnum import iban as _iban
from stdnum import luhn as _luhn
from stdnum.us import ssn as _ssn

__all__ = [
    "CN_PROVINCE_CODES",
    "Validator",
    "get_validator",
    "register_validator",
    "validator_names",
]

Validator = Callable[[str], bool]

_REGISTRY: dict[str, Validator] = {}
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z+]")


def register_validator(name: str, func: Validator) -> Validator:
    """Register ``func`` under ``name`` (a stable string used in specs)."""
    _REGISTRY[name] = func
    return func


def get_validator(name: str) -> Validator:
    """The validator called ``name``; KeyError lists the known names."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(
            f"unknown validator {name!r}; known: {', '.join(validator_names())}"
        ) from None


def validator_names() -> list[str]:
    return sorted(_REGISTRY)


def _compact(value: str) -> str:
    return _NOT_ALNUM.sub("", value)


def luhn(value: str) -> bool:
    digits = _compact(value)
    return digits.isdigit() and 13 <= len(digits) <= 19 and _luhn.is_valid(digits)


# First two digits of a RIC: the province-level division (GB/T 2260).
CN_PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
        "91",
    ]
)


def gb11643(value: str) -> bool:
    """GB 11643-1999 check digit, a province prefix and a real birth date.

    python-stdnum's ``cn.ric`` also demands a county code from its own table, which
    lags real issuance (it rejects valid numbers), so only the standard's parts are
    checked here.
    """
    number = _compact(value).upper()
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        return False
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(number[:17]))
    check = (12 - total % 11) % 11
    if number[17] != ("X" if check == 10 else str(check)):
        return False
    if number[:2] not in CN_PROVINCE_CODES:
        return False
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= birth <= datetime.date.today()


def cn_ric15(value: str) -> bool:
    number = _compact(value)
    if len(number) != 15 or not number.isdigit():
        return False
    try:
        datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True


def iban(value: str) -> bool:
    return _iban.is_valid(_compact(value))


def us_ssn(value: str) -> bool:
    number = _compact(value)
    return len(number) == 9 and _ssn.is_valid(number)


# An extension said or typed after the number ("转8012", "分機 315", "ext. 207", "x4011"):
# the number before it is what libphonenumber checks.
_EXTENSION = re.compile(
    r"\s*[,，]?\s*(?:转分机|转|分机|分機|ext\.?|extension|ex|x)\s*\d{1,6}$", re.I
)


def phone(value: str) -> bool:
    number = _compact(_EXTENSION.sub("", value))
    if len(number) < 5:
        return False
    try:
        if number.startswith("+"):
            parsed = phonenumbers.parse(number, None)
        elif len(number) == 10 and number[0] in "23456789":
            parsed = phonenumbers.parse(number, "US")
        elif (
            len(number) == 11
            and number.startswith("1")
            and number[1] in "23456789"
            and (number[1:4] in {"800", "888", "877", "866", "855", "844", "833"})
        ):
            parsed = phonenumbers.parse("+" + number, None)
        else:
            parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(parsed)


_HKID_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def hkid(value: str) -> bool:
    """Hong Kong ID: one or two letters, six digits, check digit 0-9 or A (mod 11)."""
    raw = re.sub(r"[\s()（）]", "", value).upper()
    m = re.fullmatch(r"([A-Z]{1,2})(\d{6})([0-9A])", raw)
    if not m:
        return False
    letters, digits, check = m.groups()
    letters = letters.rjust(2, " ")
    values = [36 if c == " " else ord(c) - 55 for c in letters] + [int(d) for d in digits]
    total = sum(w * v for w, v in zip(_HKID_WEIGHTS, values, strict=True))
    expected = (11 - total % 11) % 11
    return check == ("A" if expected == 10 else str(expected))


for _name, _func in (
    ("luhn", luhn),
    ("gb11643", gb11643),
    ("cn_ric15", cn_ric15),
    ("iban", iban),
    ("us_ssn", us_ssn),
    ("phone", phone),
    ("hkid", hkid),
):
    register_validator(_name, _func)
