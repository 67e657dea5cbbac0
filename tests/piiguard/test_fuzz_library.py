"""Fuzzing the library's entry points with hypothesis: any text, any turn sequence.

Two kinds of oracle, never the code under test's own findings: invariants that hold for
any input (spans inside the text, every turn decided), and values generated here with
their spans known (checksums from tests/helpers, not from piiguard) that must be found
and must not survive redaction whatever noise surrounds them.

Bounded here (``PIIGUARD_FUZZ_EXAMPLES``, default 150); ``make fuzz`` runs it longer."""

from __future__ import annotations

import datetime
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiguard.guard import Guard
from piiguard.model import Transcript, Turn
from piiguard.normalize import normalize

from ..helpers import digits_of, luhn_complete, ric_complete

EXAMPLES = int(os.environ.get("PIIGUARD_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Text that looks like support traffic: digits, number words, labels, CJK, symbols,
# zero-width and full-width characters, emoji, control characters.
PIECES = st.sampled_from(
    [
        "4532",
        " ",
        "0151",
        "-",
        "卡号",
        "验证码",
        "password is ",
        "four",
        "oh",
        "double",
        "六",
        "二",
        "幺",
        "两",
        "\u200b",
        "\ufeff",
        "６",
        "٤",
        "😀",
        "\x00",
        "\n",
        "@",
        " at ",
        "dot com",
        "CVV",
        "exp 09/27",
        "密码是",
        "ssn",
        "账号",
        "\ud800",
        "x",
        "X",
        "十",
        "，",
        "。",
        "?",
        "uh",
        "嗯",
    ]
)
support_text = st.lists(PIECES, max_size=30).map("".join) | st.text(max_size=200)


@FUZZ
@given(text=support_text)
def test_normalize_map_stays_inside_the_text(text: str) -> None:
    n = normalize(text)
    spans = n.span_map()
    assert len(spans) == len(n.text)
    assert all(0 <= s < e <= len(text) for s, e in spans)


@FUZZ
@given(text=support_text)
def test_findings_are_inside_the_text_and_never_overlap(guard: Guard, text: str) -> None:
    findings = guard.detector.detect(text)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:], strict=False))


# Noise around a planted value: no digits (they would merge with the value), no label
# words (they would change what the value is), but everything else that trips parsers.
NOISE = st.lists(
    st.sampled_from(
        [
            " ",
            "，",
            "。",
            "?",
            "!",
            "\n",
            "\u200b",
            "\ufeff",
            "😀",
            "嗯",
            "那个",
            "uh",
            "okay",
            "好的",
        ]
    ),
    max_size=8,
).map("".join)
DIGIT = st.sampled_from("0123456789")


def _grouped(digits: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, i = [], 0
    for n in sizes:
        parts.append(digits[i : i + n])
        i += n
    return sep.join(p for p in parts if p)


@st.composite
def card(draw) -> tuple[str, str, str]:  # noqa: ANN001
    prefix = draw(st.sampled_from(["4", "51", "55", "62"]))
    body = prefix + "".join(
        draw(st.lists(DIGIT, min_size=15 - len(prefix), max_size=15 - len(prefix)))
    )
    number = luhn_complete(body)
    sep = draw(st.sampled_from(["", " ", "-"]))
    value = _grouped(number, (4, 4, 4, 4), sep) if sep else number
    label = draw(st.sampled_from(["卡号 ", "银行卡号是", "card number ", "my card is "]))
    return "CREDIT_CARD", label, value


@st.composite
def resident_id(draw) -> tuple[str, str, str]:  # noqa: ANN001
    area = draw(st.sampled_from(["110101", "310115", "440106", "510104", "330102"]))
    birth = draw(
        st.dates(
            min_value=datetime.date(1940, 1, 1),
            max_value=datetime.date(2006, 12, 31),
        )
    )
    seq = "".join(draw(st.lists(DIGIT, min_size=3, max_size=3)))
    value = ric_complete(area + birth.strftime("%Y%m%d") + seq)
    label = draw(st.sampled_from(["身份证号 ", "身份证号码是", "ID card number "]))
    return "CN_RESIDENT_ID", label, value


@st.composite
def email(draw) -> tuple[str, str, str]:  # noqa: ANN001
    word = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)
    local = draw(word) + draw(st.sampled_from(["", ".", "_"])) + draw(word)
    domain = draw(word) + draw(st.sampled_from([".com", ".cn", ".net", ".org"]))
    label = draw(st.sampled_from(["邮箱", "邮箱是 ", "email me at ", "e-mail: "]))
    return "EMAIL_ADDRESS", label, f"{local}@{domain}"


@st.composite
def ssn(draw) -> tuple[str, str, str]:  # noqa: ANN001
    area = draw(st.integers(1, 899).filter(lambda a: a != 666))
    group = draw(st.integers(1, 99))
    serial = draw(st.integers(1, 9999))
    sep = draw(st.sampled_from(["-", " "]))
    label = draw(st.sampled_from(["SSN ", "my social security number is "]))
    return "US_SSN", label, f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"


@st.composite
def code(draw) -> tuple[str, str, str]:  # noqa: ANN001
    value = "".join(draw(st.lists(DIGIT, min_size=6, max_size=6)))
    label = draw(st.sampled_from(["验证码 ", "短信验证码是", "the verification code is "]))
    return "VERIFICATION_CODE", label, value


def _assert_found_and_redacted(guard: Guard, planted, before: str, after: str) -> None:  # noqa: ANN001
    kind, label, value = planted
    text = f"{before}{label}{value} {after}"
    start = len(before) + len(label)
    end = start + len(value)
    redacted, findings = guard.redact_text(text)
    covering = [f for f in findings if f.start <= start and f.end >= end]
    assert covering, f"{kind} at {start}:{end} of {text!r} not covered by {findings}"
    assert kind in {f.type for f in covering}
    assert value not in redacted
    digits = digits_of(value)
    if digits:
        assert digits not in digits_of(redacted), "the value's digits survive in the redaction"


@FUZZ
@given(planted=card(), before=NOISE, after=NOISE)
def test_planted_cards_are_found_and_redacted(guard: Guard, planted, before, after) -> None:  # noqa: ANN001
    _assert_found_and_redacted(guard, planted, before, after)


@FUZZ
@given(planted=resident_id(), before=NOISE, after=NOISE)
def test_planted_resident_ids_are_found_and_redacted(guard: Guard, planted, before, after) -> None:  # noqa: ANN001
    _assert_found_and_redacted(guard, planted, before, after)


# An e-mail glued to CJK text ("邮箱aaaa@aa.com") was the leak this test first found.
@FUZZ
@given(planted=email(), before=NOISE, after=NOISE)
def test_planted_emails_are_found_and_redacted(guard: Guard, planted, before, after) -> None:  # noqa: ANN001
    _assert_found_and_redacted(guard, planted, before, after)


@FUZZ
@given(planted=ssn(), before=NOISE, after=NOISE)
def test_planted_ssns_are_found_and_redacted(guard: Guard, planted, before, after) -> None:  # noqa: ANN001
    _assert_found_and_redacted(guard, planted, before, after)


@FUZZ
@given(planted=code(), before=NOISE, after=NOISE)
def test_planted_codes_are_found_and_redacted(guard: Guard, planted, before, after) -> None:  # noqa: ANN001
    _assert_found_and_redacted(guard, planted, before, after)


@FUZZ
@given(
    turns=st.lists(
        st.tuples(st.sampled_from(["agent", "customer", "system"]), support_text), max_size=12
    )
)
def test_conversations_always_decide_every_turn(guard: Guard, turns) -> None:
    result = guard.scan(Transcript("fuzz", tuple(Turn(s, t) for s, t in turns)))
    assert [d.index for d in result.turns] == list(range(len(turns)))
    assert all(d.action in ("allow", "redact", "block") for d in result.turns)
    assert 0.0 <= result.risk.score <= 1.0 and result.risk.level in ("low", "medium", "high")
    assert all(d.error is None for d in result.turns), "the engine raised on fuzzed input"
