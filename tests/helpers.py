"""Test-side generators of valid numbers, independent of the code under test."""

from __future__ import annotations

import re

_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_ZH = "零一二三四五六七八九"


def luhn_complete(prefix: str) -> str:
    """``prefix`` plus the Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(prefix)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return prefix + str((10 - total % 10) % 10)


def ric_complete(first17: str) -> str:
    """An 18-character PRC RIC: ``first17`` plus its GB 11643-1999 check character."""
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def spoken_en(digits: str) -> str:
    return " ".join(_EN[int(d)] if d.isdigit() else d.lower() for d in digits)


def spoken_zh(digits: str, yao: bool = True) -> str:
    out = "".join(_ZH[int(d)] if d.isdigit() else d for d in digits)
    return out.replace("一", "幺") if yao else out


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", text)
