"""Word view of a turn: obfuscated spellings of item words read as their plain form.

The request rules (:mod:`piiguard.requests`) match words, and a scammer who writes
"cоde" with a Cyrillic о, ｖｅｒｉｆｉｃａｔｉｏｎ in full-width letters, 验\\u200b证码 with a
zero-width space or 驗證碼 in Traditional characters means the same word. :func:`fold`
returns the text with

* zero-width and other invisible characters removed,
* full-width ASCII and the ideographic space read as ASCII,
* Cyrillic and Greek letters that look like Latin ones read as those Latin letters,
* Traditional characters of the request vocabulary read as Simplified ones,

and an offset map back to the original, so a phrase found in the view is reported at its
original characters. Every kept character maps to exactly one character, so the view is
never longer than the text.

(Detection has its own view in :mod:`piiguard.normalize`, which also reads spoken digits;
this one is the word-level half and only maps characters one to one.)

    >>> f = fold("验\\u200b證碼")
    >>> f.text, f.to_original(0, 3)
    ('验证码', (0, 4))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FoldedText", "fold"]

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"

# Look-alikes seen in spam and phishing text (Unicode confusables, the letters that are
# drawn the same as a Latin letter in common fonts).
_LOOKALIKES = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ԛ": "q", "ѡ": "w", "ү": "y", "һ": "h", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip

# Traditional -> Simplified for the characters of item, cue and negation words (a table,
# not a converter: the request vocabulary is small and a full conversion table is large).
_TRADITIONAL = dict(
    zip(
        "驗證碼號帳戶銀說訴報發給當兩個數後確認額輸複製讀聽請們這麼麽嗎談簡訊護險錢轉動態"
        "僅張貼傳電話郵過會員務錯誤單訂從與沒別絕對煩幫應該寫簽裡裏條將長幾麵卡網際單據"
        "資訊碼標記憶體設置點擊閱覽無須勿虛擬幣為您們統計時間內容圖買賣費還親屬託運鬆驟"
        "問開錄選機題講"
        "嘅嗰俾嚟",  # Cantonese: 的 (possessive), 那 (that), 给 (to), 来: 講埋嗰三個字, 傳過嚟
        "验证码号账户银说诉报发给当两个数后确认额输复制读听请们这么么吗谈简讯护险钱转动态"
        "仅张贴传电话邮过会员务错误单订从与没别绝对烦帮应该写签里里条将长几面卡网际单据"
        "资讯码标记忆体设置点击阅览无须勿虚拟币为您们统计时间内容图买卖费还亲属托运松骤"
        "问开录选机题讲"
        "的那给来",
        strict=True,
    )
)

_FOLDS = {
    **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},  # full-width ASCII
    "\u3000": " ",
    **_LOOKALIKES,
    **{t: s for t, s in _TRADITIONAL.items() if t != s},
}
_TABLE = str.maketrans(_FOLDS)
# str.translate looks every character up in a dict; one search for any foldable or
# invisible character lets the common turn (nothing to fold) skip it.
_FOLDABLE = re.compile("[" + re.escape("".join(_FOLDS) + _INVISIBLE) + "]")


@dataclass(frozen=True, slots=True)
class FoldedText:
    """The folded view and, per view character, the index of its original character."""

    text: str
    origin: tuple[int, ...] | None  # None: nothing removed, offsets are the same

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the view span ``[start, end)``."""
        if self.origin is None or start >= end:
            return start, end
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> FoldedText:
    """The word view of ``text``; see the module docstring."""
    if text.isascii() or not _FOLDABLE.search(text):
        return FoldedText(text, None)
    view = text.translate(_TABLE)
    if not any(ch in _INVISIBLE for ch in view):
        return FoldedText(view, None)
    kept = [(i, ch) for i, ch in enumerate(view) if ch not in _INVISIBLE]
    return FoldedText("".join(ch for _, ch in kept), tuple(i for i, _ in kept))
