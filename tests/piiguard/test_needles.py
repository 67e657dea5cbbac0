"""The one-pass needle index, and label matching that only tries where needles start.

Both are shortcuts; the tests hold them to what they replace: the needle set must name
every needle that occurs, and a matcher's hits must be exactly what a full scan of its
alternation finds.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from piiguard import needles
from piiguard.labels import LabelHit, LabelMatcher, _compile


def test_present_names_every_needle_including_overlapping_ones() -> None:
    needles.register(["card", "ard", "卡号", "号码"])
    found = needles.present("my card 卡号码")
    assert {"card", "ard", "卡号", "号码"} <= found
    assert "cvv" not in needles.present("nothing here")


def test_a_needle_added_later_is_found_in_a_text_looked_up_before() -> None:
    text = "the zqxjv-needle is here"
    needles.register(["zqxjw"])
    assert "zqxjv" not in needles.present(text)  # looked up (and remembered) first
    needles.register(["zqxjv"])
    assert "zqxjv" in needles.present(text)


def test_starts_gives_every_offset_overlaps_too() -> None:
    assert needles.starts("aaaa", "aa") == (0, 1, 2)
    assert needles.starts("卡号 and 卡号", "卡号") == (0, 7)
    assert needles.starts("none", "x") == ()


def _reference(labels: list[str], text: str, start: int, end: int) -> list[LabelHit]:
    """The matcher's alternation scanned in full with finditer: what it must equal."""
    matcher = LabelMatcher(labels)
    pattern, _ = _compile(matcher.labels, folded=True)
    lowered = text.lower()
    return [
        LabelHit(matcher._label_of(m), m.start(), m.end())
        for m in pattern.finditer(lowered, start, end)
    ]


LABELS = [
    "card",
    "card number",
    "account number",
    "service account number",
    "pin",
    "pin code",
    "密码",
    "支付密码",
    "验证码",
    "code",
    "security code",
]
PIECES = [*LABELS, "opinion", "cards", "x", " ", "-", "_", "1234", "号", "码", "Card", "PIN"]


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.sampled_from(PIECES), max_size=12),
    cut=st.tuples(st.integers(0, 40), st.integers(0, 80)),
)
def test_matching_at_needles_equals_a_full_scan(parts: list[str], cut: tuple[int, int]) -> None:
    text = "".join(parts)
    start, end = min(cut[0], len(text)), min(max(cut), len(text))
    matcher = LabelMatcher(LABELS)
    assert matcher.find_all(text) == _reference(LABELS, text, 0, len(text))
    assert matcher.find_all(text, start, end) == _reference(LABELS, text, start, end)


def test_a_regular_expression_label_disables_the_shortcut_but_still_matches() -> None:
    matcher = LabelMatcher(["re:加.{0,4}微信", "qq"])
    assert [h.label for h in matcher.find_all("请加一下微信")] == ["re:加.{0,4}微信"]
    # what the regex needs (微信) and the literal label's word gate the scan
    assert matcher.may_match_found(needles.present("请加一下微信"))
    assert not matcher.may_match_found(needles.present("请稍等一下"))
    assert matcher.find_all("请稍等一下") == []


def test_a_regular_expression_label_needing_no_literal_is_always_tried() -> None:
    matcher = LabelMatcher([r"re:\d{3}-\d{4}", "qq"])
    assert matcher.may_match_found(frozenset())
    assert [h.label for h in matcher.find_all("call 555-0142")] == [r"re:\d{3}-\d{4}"]


# Labels whose first word is common ("the", "you") and regex labels: the gates (longest
# word of a literal label, what a regex label needs) must never lose a hit.
GATED_LABELS = [
    "the safe account",
    "send back the difference",
    "you won a prize",
    "re:(?:不要|别)(?:告诉|透露)",
    "re:加.{0,4}微信",
    "re:security code (?:on|at) the back",
    "qq",
]
GATED_PIECES = [
    *[w for w in GATED_LABELS if not w.startswith("re:")],
    "the", "you", "safe", "account", "send back", "difference", "prize", " ", "-",
    "不要", "别", "告诉", "透露", "加", "一下", "微信", "security code ", "on", "at",
    " the back", "THE", "Qq", "\u212a",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.sampled_from(GATED_PIECES), max_size=12))
def test_gated_matchers_find_what_a_full_scan_finds(parts: list[str]) -> None:
    text = "".join(parts)
    matcher = LabelMatcher(GATED_LABELS)
    assert matcher.find_all(text) == _reference(GATED_LABELS, text, 0, len(text))


# Regular-expression and literal labels competing for the same offsets: the split
# matcher (literals tried at their needles, the expressions searched apart) must give
# the one alternation's answer, the expression winning where both match at one offset.
COMPETING_LABELS = [
    "re:code (?:is|was)",
    "code",
    "security code",
    "re:(?:短信|手机)验证码",
    "验证码",
    "re:the (?:six|6) digits?",
    "the digits",
    "digits",
]
COMPETING_PIECES = [
    *[w for w in COMPETING_LABELS if not w.startswith("re:")],
    "code is", "was", "短信", "手机", "the six", "digit", "6", " ", "-", "x", "CODE",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    parts=st.lists(st.sampled_from(COMPETING_PIECES), max_size=14),
    cut=st.tuples(st.integers(0, 50), st.integers(0, 100)),
)
def test_split_matchers_find_what_the_one_alternation_finds(
    parts: list[str], cut: tuple[int, int]
) -> None:
    text = "".join(parts)
    start, end = min(cut[0], len(text)), min(max(cut), len(text))
    matcher = LabelMatcher(COMPETING_LABELS)
    assert matcher._split is not None
    assert matcher.find_all(text) == _reference(COMPETING_LABELS, text, 0, len(text))
    assert matcher.find_all(text, start, end) == _reference(COMPETING_LABELS, text, start, end)
