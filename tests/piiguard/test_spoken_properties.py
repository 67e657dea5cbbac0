"""Property tests: random card / ID / code values, rendered in random spoken styles, are
found over their whole span and leave neither digits nor number words in the redaction."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiguard.guard import Guard

from ..helpers import luhn_complete, ric_complete

EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
EN_WORDS = set(EN) | {"oh", "double", "triple"}
ZH = {
    "0": "零〇",
    "1": "一幺",
    "2": "二两",
    "3": "三",
    "4": "四",
    "5": "五",
    "6": "六",
    "7": "七",
    "8": "八",
    "9": "九",
}
ZH_CHARS = set("零〇一幺二两三四五六七八九")
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def card_numbers(draw) -> str:
    prefix = draw(st.sampled_from(["4", "51", "55", "62", "37", "6011"]))
    length = draw(st.sampled_from([16, 19] if prefix == "62" else [15] if prefix == "37" else [16]))
    body = draw(
        st.text("0123456789", min_size=length - 1 - len(prefix), max_size=length - 1 - len(prefix))
    )
    return luhn_complete(prefix + body)


@st.composite
def resident_ids(draw) -> str:
    region = draw(st.sampled_from(["110105", "310115", "440306", "510107", "320102"]))
    year = draw(st.integers(1950, 2005))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    seq = draw(st.text("0123456789", min_size=3, max_size=3))
    return ric_complete(f"{region}{year}{month:02d}{day:02d}{seq}")


codes = st.text("0123456789", min_size=6, max_size=6)


@st.composite
def english_reading(draw, digits: str) -> str:
    words: list[str] = []
    i = 0
    while i < len(digits):
        d = digits[i]
        if d == "X":
            words.append("x")
        elif i + 1 < len(digits) and digits[i + 1] == d and draw(st.booleans()):
            words.append(f"double {EN[int(d)]}")
            i += 1
        elif d == "0" and draw(st.booleans()):
            words.append("oh")
        else:
            words.append(EN[int(d)])
        i += 1
        if i % 4 == 0 and i < len(digits):
            words[-1] += draw(st.sampled_from(["", ",", " uh"]))
    return " ".join(words)


@st.composite
def chinese_reading(draw, digits: str) -> str:
    out = []
    for i, d in enumerate(digits):
        out.append("X" if d == "X" else draw(st.sampled_from(ZH[d])))
        if (i + 1) % 4 == 0 and i + 1 < len(digits):
            out.append(draw(st.sampled_from([" ", "", " 嗯 "])))
    return "".join(out)


def _check(
    guard: Guard, text: str, value_start: int, value_end: int, entity: str, language: str
) -> None:
    result = guard.redact_text(text, language)
    redacted, findings = result
    covering = [
        f for f in findings if f.type == entity and f.start <= value_start and f.end >= value_end
    ]
    assert covering, (text, [(f.type, f.start, f.end) for f in findings])
    outside_tags = re.sub(r"<[^>]*>", "", redacted)
    assert not re.search(r"\d", outside_tags), redacted
    if language == "en":
        leftover = set(redacted.lower().replace(",", " ").split()) & EN_WORDS
        assert not leftover, redacted
    else:
        assert not (set(redacted) & ZH_CHARS), redacted


@SETTINGS
@given(data=st.data(), number=card_numbers())
def test_spoken_english_card(guard: Guard, data, number: str) -> None:
    spoken = data.draw(english_reading(number))
    prefix = "my card number is "
    _check(
        guard,
        prefix + spoken + " thanks",
        len(prefix),
        len(prefix) + len(spoken),
        "CREDIT_CARD",
        "en",
    )


@SETTINGS
@given(data=st.data(), number=card_numbers())
def test_spoken_chinese_card(guard: Guard, data, number: str) -> None:
    spoken = data.draw(chinese_reading(number))
    prefix = "卡号是 "
    _check(
        guard,
        prefix + spoken + " 谢谢",
        len(prefix),
        len(prefix) + len(spoken),
        "CREDIT_CARD",
        "zh",
    )


@SETTINGS
@given(data=st.data(), number=resident_ids())
def test_spoken_resident_id(guard: Guard, data, number: str) -> None:
    language = data.draw(st.sampled_from(["en", "zh"]))
    spoken = data.draw(english_reading(number) if language == "en" else chinese_reading(number))
    prefix = "my id card number is " if language == "en" else "身份证号码是 "
    _check(
        guard, prefix + spoken, len(prefix), len(prefix) + len(spoken), "CN_RESIDENT_ID", language
    )


@SETTINGS
@given(data=st.data(), code=codes)
def test_spoken_code(guard: Guard, data, code: str) -> None:
    language = data.draw(st.sampled_from(["en", "zh"]))
    spoken = data.draw(english_reading(code) if language == "en" else chinese_reading(code))
    prefix = "the verification code is " if language == "en" else "验证码是 "
    _check(
        guard,
        prefix + spoken,
        len(prefix),
        len(prefix) + len(spoken),
        "VERIFICATION_CODE",
        language,
    )
