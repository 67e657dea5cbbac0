"""Which language a turn is in: ``zh`` or ``en`` (support text mixes them freely)."""

from __future__ import annotations

import re

__all__ = ["detect_language"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]+")


def detect_language(text: str, default: str = "en") -> str:
    """``zh`` when Chinese characters carry the turn, else ``en``; ``default`` if neither.

    Mixed turns ("Visa卡 4522...", "CVV是多少") count as Chinese as soon as they hold two
    Chinese characters, or one with little English around it: brand names and labels in
    Latin letters are common inside Chinese support chat, the reverse is rare.

    >>> detect_language("我的 Visa 卡号"), detect_language("my card number")
    ('zh', 'en')
    >>> detect_language("386152", "zh")
    'zh'
    """
    cjk = len(_CJK.findall(text))
    latin_words = len(_LATIN.findall(text))
    if cjk >= 2 or (cjk == 1 and latin_words <= 3):
        return "zh"
    if latin_words:
        return "en"
    return default
