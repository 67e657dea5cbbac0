"""Request classes of round 9 (issue 15): several items asked in one breath after a
phishing message ("请在下方填写卡号、有效期、背面三位以及动态码", "fill in your card number,
expiry, CVV and the dynamic code below"), each item typed by its own list part; 动态码 /
动态密码 ("dynamic code / password") as a one-time code; and the non-asks beside them. Also
the speed paths of the request rules: the respeller's bulk pre-check and the gated phrases'
needle look-up must change no decision.

Every sentence was written for these tests; none is taken from a paraphrase set.
``HELD_ASIDE`` was written before it was first run and was not tuned on (its result is
reported separately in docs/accuracy.md).
"""

from __future__ import annotations

import pytest

from piiguard.fold import fold
from piiguard.guard import Guard

from ..conftest import chat

V, P, C, E, CVV = "VERIFICATION_CODE", "PASSWORD", "CREDIT_CARD", "CARD_EXPIRY", "CARD_CVV"
A, U, S = "agent", "customer", "system"
ALL4 = {C, E, CVV, V}


def _last_request(guard: Guard, *turns: tuple[str, str]) -> set[str]:
    return set(guard.scan(chat(*turns)).turns[-1].agent_request)


SEVERAL = [
    ("请在下方填写卡号、有效期、背面三位数字以及手机收到的动态码", ALL4),
    ("请在下面输入银行卡号和动态密码", {C, V}),
    ("在框内填写您的卡号及有效期即可领取", {C, E}),
    ("請在下方填寫卡號、有效期和動態碼", {C, E, V}),
    ("请 在下方 填写 卡号 有效期 背面三位 还有 动态码", ALL4),  # speech-to-text pauses
    ("是的，请在此输入您的卡号、有效期、CVV2码及动态密码完成兑换", ALL4),
    ("Fill in your card number, expiry date, CVV and the dynamic code below to claim it", ALL4),
    ("fill out the card number, expiry and security code on this page", {C, E, CVV}),
    ("please enter the card number, expiry, 3 digits on the back and the SMS code below", ALL4),
    ("type them in here: card number, exp date, security code and the code from the text", ALL4),
    ("read me the dynamic password from the SMS", {V}),
    # non-asks
    ("请勿在此填写卡号、密码等信息", set()),
    ("请不要 在下方 填写 动态码", set()),
    ("我们从不要求您在此填写动态密码", set()),
    ("请在App下方输入验证码完成登录，不要告诉任何人", set()),
    ("请在下方填写您的收货地址", set()),
    ("在下方填写订单号即可查询", set()),
    ("Please fill in the form below with your delivery address", set()),
    ("Fill in your PIN at the ATM yourself, never tell anyone", set()),
    ("We will never ask you to fill in your card number or one-time code", set()),
    ("fill in the order number and we'll track it", set()),
    ("The dynamic password will be sent to your phone", set()),
    ("never share your dynamic code with anyone", set()),
]


@pytest.mark.parametrize(("text", "expected"), SEVERAL)
def test_several_items_in_one_breath(guard: Guard, text: str, expected: set) -> None:
    assert _last_request(guard, (A, text)) == expected


# Written before the rules above were first run on them; not tuned on.
HELD_ASIDE = [
    ("麻烦在这里填写一下银行卡号、到期日和卡背面的三位码", {C, E, CVV}),
    ("请在下方输入框内输入卡号 有效期 以及短信里的动态验证码", {C, E, V}),
    ("在此处填入您的信用卡号码和安全码即可退款", {C, CVV}),
    (
        "just fill in the long card number, the expiry and the dynamic passcode right here",
        {C, E, V},
    ),
    (
        "Fill out your card number, its expiration date and the three digits on the back",
        {C, E, CVV},
    ),
    ("请在下方填写您的姓名和联系地址", set()),
    ("不要在任何页面填写动态码", set()),
    ("fill in the survey below, it takes two minutes", set()),
    ("Your dynamic code expires in five minutes", set()),
]


def test_held_aside_several_items(guard: Guard) -> None:
    got = [(_last_request(guard, (A, text)), expected) for text, expected in HELD_ASIDE]
    # a separate figure, not a gate on each line: see docs/accuracy.md
    right = sum(g == e for g, e in got)
    assert right >= len(HELD_ASIDE) - 2, got


def test_a_phishing_sms_then_the_agent_collecting_card_and_dynamic_code(guard: Guard) -> None:
    result = guard.scan(
        chat(
            (S, "【某银行】您的账户积分即将清零，点击 bank-jf.example 兑换现金红包"),
            (U, "我点了链接，页面打不开，你们是客服吗"),
            (A, "是的，请在下方填写卡号、有效期、背面三位以及动态码完成兑换"),
            (U, "6222 0296 8878 3128 161，03/27，418，动态码 552907"),
        )
    )
    assert set(result.turns[2].agent_request) == ALL4
    assert result.turns[2].action == "block"
    found = {f.type for f in result.turns[3].findings}
    assert {C, E, V} <= found


# -- the speed paths decide nothing ---------------------------------------------------


RESPELL_TEXTS = [
    "whats ur pasword",
    "the verify cation code please",
    "read me the oh tee pee",
    "c v v on the back",
    "I see, thank you for waiting",
    "you can see the order in the app",
    "密 码 报 一下",
    "您别着急 为了核实您的身份 请您报一下",
    "Please confirm the delivery address",
    "gimme the num",
    "",
]


@pytest.mark.parametrize("text", RESPELL_TEXTS)
def test_the_respellers_pre_check_skips_only_turns_it_would_not_change(
    guard: Guard, text: str
) -> None:
    respeller = guard.requests.respeller
    view = fold(text)
    respelled = respeller.respell(view).text
    if not respeller.may_edit(view.text):
        # only spaced-out Chinese is joined; every English token stays as written
        assert respelled.replace(" ", "") == view.text.replace(" ", "")


def test_the_respellers_pre_check_sees_each_kind_of_rewrite(guard: Guard) -> None:
    respeller = guard.requests.respeller
    for text in ("whats ur pasword", "the verify cation code", "oh tee pee", "c v v"):
        assert respeller.may_edit(text), text
    assert not respeller.may_edit("Please confirm the delivery address")


GATED_TEXTS = [
    "can you read me the rest of it",
    "说一下 后面几位",
    "and what does the text say",
    "I'll send you the form by email",
    "请您在App里自己输入，不要告诉任何人",
    "thanks for waiting",
]


def _substring_search(phrases: object, text: str) -> list:
    """The gated search as it was before the needle index: a substring test per gate."""
    hits = phrases.literal.find_all(text)  # type: ignore[attr-defined]
    lowered = text.lower()
    extra = [
        h
        for gates, m in phrases.gated  # type: ignore[attr-defined]
        if any(g in lowered for g in gates)
        for h in m.find_all(text)
    ]
    if not extra:
        return hits
    kept: list = []
    for hit in sorted([*hits, *extra], key=lambda h: (h.start, -(h.end - h.start))):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


@pytest.mark.parametrize("text", GATED_TEXTS)
def test_gated_phrases_find_what_a_substring_gate_finds(guard: Guard, text: str) -> None:
    rules = guard.requests.rules
    for phrases in (rules.cues, rules.anaphora, rules.offers, rules.self_service, rules.names):
        assert phrases._search(text) == _substring_search(phrases, text)
