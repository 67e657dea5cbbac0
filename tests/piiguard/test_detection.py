"""End-to-end detection on single turns: the engine as a whole (normalise, recognizers,
context, overlaps). These are our own hard cases with made-up values: no value here is
in the dev corpus (tests/recognizers/test_examples.py checks the recognizers' own)."""

from __future__ import annotations

import pytest

from piiguard.engine import Detector

# (text, [(type, exact value), ...]) - every finding must be listed, nothing more.
POSITIVES = [
    # cards: groupings, networks, full-width, spoken, mixed numerals
    (
        "Visa 4532 0151 1283 0366 exp 04/29",
        [("CREDIT_CARD", "4532 0151 1283 0366"), ("CARD_EXPIRY", "04/29")],
    ),
    ("卡号4532015112830366", [("CREDIT_CARD", "4532015112830366")]),
    ("银联卡 6214-8366-3923-3214-689 麻烦退到这里", [("CREDIT_CARD", "6214-8366-3923-3214-689")]),
    ("amex 3782 731462 54633", [("CREDIT_CARD", "3782 731462 54633")]),
    ("discover card 6011000999901394", [("CREDIT_CARD", "6011000999901394")]),
    (
        "我的卡是６２２８４８８１９７３６９９３５６３６",
        [("CREDIT_CARD", "６２２８４８８１９７３６９９３５６３６")],
    ),
    (
        "card number is four five three two oh one five one one two eight three oh three six six",
        [
            (
                "CREDIT_CARD",
                "four five three two oh one five one one two eight three oh three six six",
            )
        ],
    ),
    (
        "卡号 六二二七 零零二七 二九五幺 八幺七五 六零四",
        [("CREDIT_CARD", "六二二七 零零二七 二九五幺 八幺七五 六零四")],
    ),
    # CVV / expiry in a card context
    ("cvv2: 482", [("CARD_CVV", "482")]),
    ("卡背面三位数是 917", [("CARD_CVV", "917")]),
    ("valid thru 11/2028", [("CARD_EXPIRY", "11/2028")]),
    ("有效期至2029年6月", [("CARD_EXPIRY", "2029年6月")]),
    # passwords and PINs
    ("my password is Winter#2025", [("PASSWORD", "Winter#2025")]),
    ("登录密码是qwe123456，帮我看看", [("PASSWORD", "qwe123456")]),
    ("pin: 0417", [("PASSWORD", "0417")]),
    ("My PIN's 9931.", [("PASSWORD", "9931")]),
    ("交易密码 880512", [("PASSWORD", "880512")]),
    # one-time codes
    ("your OTP is 52 81 90", [("VERIFICATION_CODE", "52 81 90")]),
    ("动态码：774201", [("VERIFICATION_CODE", "774201")]),
    ("短信验证码 九 九 零 二 一 七", [("VERIFICATION_CODE", "九 九 零 二 一 七")]),
    (
        "the passcode is double seven three nine one",
        [("VERIFICATION_CODE", "double seven three nine one")],
    ),
    # resident ID and SSN
    ("身份证号110105198001011238", [("CN_RESIDENT_ID", "110105198001011238")]),
    ("ID: 440306 19921130 4512", [("CN_RESIDENT_ID", "440306 19921130 4512")]),
    ("SSN 536-90-4399", [("US_SSN", "536-90-4399")]),
    (
        "social security number five three six nine oh four three nine nine",
        [("US_SSN", "five three six nine oh four three nine nine")],
    ),
    # bank accounts and IBAN
    ("收款账号 6230 5800 0012 3456 789", [("BANK_ACCOUNT", "6230 5800 0012 3456 789")]),
    ("IBAN GB82 WEST 1234 5698 7654 32", [("BANK_ACCOUNT", "GB82 WEST 1234 5698 7654 32")]),
    ("wire it to account number 000123456789", [("BANK_ACCOUNT", "000123456789")]),
    # phones and e-mail
    ("call me on +1 (415) 555-0100", [("PHONE_NUMBER", "+1 (415) 555-0100")]),
    ("手机 +86 186 1234 5678", [("PHONE_NUMBER", "+86 186 1234 5678")]),
    ("座机 010-6552 9988", [("PHONE_NUMBER", "010-6552 9988")]),
    ("email me at li.lei@example.com.cn thanks", [("EMAIL_ADDRESS", "li.lei@example.com.cn")]),
    ("邮箱是 zhang_san 艾特 qq 点 com", [("EMAIL_ADDRESS", "zhang_san 艾特 qq 点 com")]),
]

# Text with nothing sensitive in it (the words may be there, the values are not).
NEGATIVES = [
    "your order 113-5520716-8842093 has shipped",
    "tracking number 1Z999AA10123456784",
    # (A Luhn-valid number labelled as an order is masked: tests/piiguard/test_fail_closed.py.)
    "运单号 SF2290417735018",
    "交易流水号 31000087712031150092",
    "the total is $1,234.56, due 12/15",
    "I was born on 03/14/1982",
    "meeting at 10:30 on 11/22",
    "4532 0151 1283 0367",  # Luhn fails
    "I forgot my password",
    "密码错误，请重试",
    "请输入验证码",
    "what is the code for?",
    "case number 00715530",
    "工单编号 2024112500123",
    "尾号 8214 的卡已挂失",
    "the card ending in 4417",
    "收件人手机 177****6208",
    "拨打 110 或 96110",
    "room 1204, floor 12",
    "flight MU5407 departs at 0930",
    "QQ 2716630458",
    "TeamViewer ID 1 492 558 30",
    "金额 ¥2,980.00",
    "我买了三四件衣服，一共两百块",
    "version 2.2.366 released",
]


def _found(detector: Detector, text: str) -> list[tuple[str, str]]:
    return sorted((f.type, text[f.start : f.end]) for f in detector.detect(text))


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_finds_exactly_the_values(
    detector: Detector, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(detector, text) == sorted(expected)


@pytest.mark.parametrize("text", NEGATIVES)
def test_finds_nothing_in_ordinary_text(detector: Detector, text: str) -> None:
    assert _found(detector, text) == []


def test_carried_context_makes_a_bare_answer_a_code(detector: Detector) -> None:
    assert _found(detector, "529607") == []
    assert (
        _found(
            detector,
            "529607",
        )
        == []
    )
    found = [(f.type, f.start, f.end) for f in detector.detect("529607", context=["验证码"])]
    assert found == [("VERIFICATION_CODE", 0, 6)]


def test_carried_context_makes_a_bare_answer_a_password(detector: Detector) -> None:
    found = [
        (f.type, "abc12345"[f.start : f.end])
        for f in detector.detect("abc12345", context=["password"])
    ]
    assert found == [("PASSWORD", "abc12345")]


def test_negative_label_beats_carried_context(detector: Detector) -> None:
    assert detector.detect("订单号 52960718", context=["验证码"]) == []


def test_language_does_not_change_findings(detector: Detector) -> None:
    text = "卡号 4532 0151 1283 0366"
    assert detector.detect(text, "zh") == detector.detect(text, "en")


def test_fast_path_skips_presidio_for_plain_turns(detector: Detector, monkeypatch) -> None:
    calls = []
    original = detector.analyzer.analyze

    def counting(*args, **kwargs):
        calls.append(kwargs.get("entities"))
        return original(*args, **kwargs)

    monkeypatch.setattr(detector.analyzer, "analyze", counting)
    assert detector.detect("好的，我这就帮您查一下物流信息") == []
    assert detector.detect("thanks, that's all for today") == []
    assert calls == [], "no digit, no label: presidio is not called"
    assert [f.type for f in detector.detect("my password is sunshine")] == ["PASSWORD"]
    assert calls[-1] == ["PASSWORD"], "only the recognizer whose label is present runs"
    detector.detect("call me on 139 0482 6715")
    assert "PHONE_NUMBER" in calls[-1] and "PASSWORD" in calls[-1]


def test_spoken_numbers_pass_the_prefilter(detector: Detector) -> None:
    found = detector.detect("the code is five two nine oh six seven", context=["code"])
    assert [f.type for f in found] == ["VERIFICATION_CODE"]
