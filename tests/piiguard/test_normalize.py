"""The detection view: look-alike characters and spoken numbers, with the offset map."""

from __future__ import annotations

import pytest

from piiguard.normalize import normalize

REWRITES = [
    # English digit words, "oh", double/triple, teens and tens in groups
    ("my card is four one one one", "my card is 4111"),
    ("seven seven one oh four two", "771042"),
    ("nine zero double four one three", "904413"),
    ("triple five two", "5552"),
    ("forty one eleven", "4111"),
    ("buster nineteen seventy two", "buster 1972"),
    ("two two eight dash four nine dash six six one five", "228496615"),
    ("four uh one um one one", "4111"),
    ("oh nine twenty eight", "0928"),
    # an ID check digit read as "x" after 17 digits
    (
        "four four zero one zero six two zero zero one zero five two three one zero six x",
        "44010620010523106X",
    ),
    # Chinese numerals, 幺 and 两, 十 read in groups, mixed with Arabic digits
    ("六二二二 零二四八 四二三八 四七二五 九八三", "6222024842384725983"),
    ("三 八 六 幺 五 二", "386152"),
    ("两两零 九六幺", "220961"),
    ("六十二", "62"),
    ("二五年十二月", "25年12月"),
    ("六二二二 0212 三四五六", "622202123456"),
    ("嗯 六零四 幺八 那个 两两七三", "嗯 604182273"),
    # digit-by-digit typing
    ("the code is 7 7 1, 0 4 2", "the code is 771042"),
    # full-width, Arabic-Indic and zero-width characters
    ("６２２２０２１２", "62220212"),
    ("٤١١١", "4111"),
    ("4111\u200b1111\u200c1111\ufeff1111", "4111111111111111"),
    ("卡号：６２２２", "卡号:6222"),
]

UNCHANGED = [
    "oh no really",
    "one to two business days",
    "which one do you mean",
    "我想一下 两个人",
    "一起去吧",
    "order 4007 2291 8834 6610",
    "551 204",
]


@pytest.mark.parametrize(("text", "expected"), REWRITES)
def test_rewrites_numbers(text: str, expected: str) -> None:
    assert normalize(text).text == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert normalize(text).text == text


@pytest.mark.parametrize(("text", "expected"), REWRITES + [(t, t) for t in UNCHANGED])
def test_every_character_maps_inside_the_original(text: str, expected: str) -> None:
    n = normalize(text)
    assert len(n.span_map()) == len(n.text)
    for start, end in n.span_map():
        assert 0 <= start < end <= len(text)
    starts = [s for s, _ in n.span_map()]
    assert starts == sorted(starts), "the map keeps the original order"


def test_span_maps_back_to_the_spoken_words() -> None:
    text = "my card is four one one one, thanks"
    n = normalize(text)
    start = n.text.index("4111")
    orig = n.to_original(start, start + 4)
    assert text[orig[0] : orig[1]] == "four one one one"


def test_double_covers_both_words() -> None:
    text = "code double five"
    n = normalize(text)
    s, e = n.to_original(n.text.index("55"), n.text.index("55") + 2)
    assert text[s:e] == "double five"


def test_zero_width_inside_number_is_covered_by_the_span() -> None:
    text = "x 41\u200b11 y"
    n = normalize(text)
    s, e = n.to_original(n.text.index("4111"), n.text.index("4111") + 4)
    assert text[s:e] == "41\u200b11"


def test_empty_text() -> None:
    n = normalize("")
    assert n.text == "" and n.span_map() == () and n.to_original(0, 0) == (0, 0)
