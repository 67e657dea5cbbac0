"""Agent-request detection: direct and indirect requests, negation, identity checks.
Our own hard cases in both languages (the dev corpus is measured in test_corpus.py)."""

from __future__ import annotations

import pytest

from piiguard.guard import Guard

from ..conftest import chat

REQUESTS = [
    ("请告诉我您的登录密码和短信验证码", {"PASSWORD", "VERIFICATION_CODE"}),
    ("麻烦报一下您手机收到的六位数字", {"VERIFICATION_CODE"}),
    ("您把银行卡号发我一下，我帮您核实", {"CREDIT_CARD"}),
    ("卡背面的三位数也报一下", {"CARD_CVV"}),
    ("请提供您完整的身份证号码", {"CN_RESIDENT_ID"}),
    ("could you read me the three numbers on the back of the card", {"CARD_CVV"}),
    ("please send me a photo of the front and back of your card", {"CREDIT_CARD"}),
    ("what's your social security number?", {"US_SSN"}),
    ("I'll need the card number and the expiration date", {"CREDIT_CARD", "CARD_EXPIRY"}),
    ("Don't worry, please send the code.", {"VERIFICATION_CODE"}),
    ("You'll get a one-time code. Please share it here.", {"VERIFICATION_CODE"}),
    ("read me your account number and routing number", {"BANK_ACCOUNT"}),
    ("我们不会扣费的，请提供卡号", {"CREDIT_CARD"}),
]

NOT_REQUESTS = [
    "我们不会索要您的密码",
    "客服不会向您索要验证码，请勿泄露",
    "never share your code with anyone, including us",
    "don't tell me your PIN",
    "We will never ask for your password in chat.",
    "请提供卡号后四位和持卡人姓名",
    "can you confirm the last four digits of the card and your date of birth",
    "麻烦您报一下身份证号码的后四位",
    "任何自称客服索要密码或验证码的都是诈骗",
    "他有没有让您提供密码或者验证码",
    "验证码只需您自己输入，不用发给我",
    "I can give you the account number for the wire",
    "your card ending in 4417 is locked",
    "please enter the code in the app yourself, never read it to anyone",
    "what's the tracking number?",
    "请提供一下订单号",
]


def _requested(guard: Guard, text: str) -> set[str]:
    return {t.type for t in guard.requests.detect(text)}


@pytest.mark.parametrize(("text", "expected"), REQUESTS)
def test_detects_requests(guard: Guard, text: str, expected: set[str]) -> None:
    assert _requested(guard, text) == expected


@pytest.mark.parametrize("text", NOT_REQUESTS)
def test_reassurance_and_identity_checks_are_not_requests(guard: Guard, text: str) -> None:
    assert _requested(guard, text) == set()


def test_every_request_carries_its_trigger_phrase(guard: Guard) -> None:
    (trigger,) = guard.requests.detect("好的。请把验证码报给我。谢谢")
    assert trigger.type == "VERIFICATION_CODE"
    assert "验证码报给我" in trigger.phrase


def test_trigger_phrase_never_contains_the_value(guard: Guard) -> None:
    text = "let me read that back 4532 0151 1283 0366 now tell me the cvv"
    findings = guard.detector.detect(text)
    triggers = guard.requests.detect(text, [(f.start, f.end) for f in findings])
    assert triggers and all("4532" not in t.phrase and "0366" not in t.phrase for t in triggers)


def test_a_yes_to_a_customer_asking_to_give_a_password_is_a_request(guard: Guard) -> None:
    result = guard.scan(chat(("customer", "密码也要说吗"), ("agent", "要的 这是办案需要")))
    assert result.turns[1].agent_request == ("PASSWORD",)
    result = guard.scan(
        chat(("customer", "重置的时候要验证码吗？"), ("agent", "需要，验证码在App里输入即可"))
    )
    assert result.turns[1].agent_request == ()


def test_follow_up_after_reading_a_value_back(guard: Guard) -> None:
    result = guard.scan(
        chat(
            ("agent", "请报一下您的社安号"),
            ("customer", "五三六 九零 四三九九"),
            ("agent", "五三六 九零 四三九九 好的 您太太的呢"),
        )
    )
    assert result.turns[2].agent_request == ("US_SSN",)
    assert result.turns[2].action == "block"  # it also reads a full SSN back


def test_only_agent_turns_carry_requests(guard: Guard) -> None:
    result = guard.scan(chat(("customer", "please tell me your password")))
    assert result.turns[0].agent_request == ()
