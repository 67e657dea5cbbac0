"""Request classes of round 8 (issue 15, from untouched_3's calls): bare-item turns, an
open copula at a turn's end, asking again or for the rest, a document's name with 呢,
speech-to-text Chinese without commas, reassurances, self-service and "not here", items
announced as coming or stated about, a log-in the agent watches - each class with variants
in both languages, typed and spoken, and the non-asks next to it; and the customer's bare
answer to such a request found as the asked type.

Every sentence was written for these tests; none is taken from a paraphrase set.
"""

from __future__ import annotations

import pytest

from piiguard.guard import Guard

from ..conftest import chat

V, P, C, E = "VERIFICATION_CODE", "PASSWORD", "CREDIT_CARD", "CARD_EXPIRY"
CVV, ID, SSN, B = "CARD_CVV", "CN_RESIDENT_ID", "US_SSN", "BANK_ACCOUNT"
A, U = "agent", "customer"


def _last_request(guard: Guard, *turns: tuple[str, str]) -> set[str]:
    return set(guard.scan(chat(*turns)).turns[-1].agent_request)


# A turn that is nothing but the item (and fillers, completeness and length words) asks
# for it: the agent names it and stops. A verb, a value or a reason makes it a statement.
BARE_ITEMS = [
    ("证件号码 完整十八位", {ID}),
    ("嗯 您的卡号 全部十六位", {C}),
    ("好的 然后是有效期", {E}),
    ("the complete card number", {C}),
    ("ok and just the online banking password", {P}),
    ("the long number on the front of the card please", {C}),
    ("uh the entire social security number", {SSN}),
    ("and the password that goes with it", {P}),
    # statements
    ("身份证号码已经核实过了", set()),
    ("卡号显示不全", set()),
    ("the card number is masked on my screen", set()),
    ("the full card number never shows up on our side", set()),
    ("card number ending in one two three four", set()),
    ("just the last four of the card", set()),
    ("the order number please", set()),
    ("and a callback number", set()),
]


@pytest.mark.parametrize(("text", "expected"), BARE_ITEMS)
def test_a_turn_that_is_only_the_item_asks_for_it(guard: Guard, text: str, expected: set) -> None:
    assert _last_request(guard, (U, "hello"), (A, text)) == expected


# A copula left open at the very end of the turn invites the value.
OPEN_COPULA = [
    ("好 您卡背面的安全码是", {CVV}),
    ("那您的取款密码是", {P}),
    ("so the expiration date is", {E}),
    ("and the verification code on your screen is", {V}),
    # not at the end, or a value follows: a statement
    ("您的卡号是对的", set()),
    ("the card number is fine, thanks", set()),
    ("您的身份证号码是正确的，已经核实", set()),
]


@pytest.mark.parametrize(("text", "expected"), OPEN_COPULA)
def test_an_open_copula_at_the_turns_end_asks(guard: Guard, text: str, expected: set) -> None:
    assert _last_request(guard, (U, "你好 hello"), (A, text)) == expected


ZH_ID = [(A, "请报一下身份证号码"), (U, "三一零一零四 一九八八")]
ZH_CODE = [(A, "请把短信验证码念一下"), (U, "四七一")]
EN_CARD = [(A, "can you read me the card number"), (U, "four five three two oh one")]
EN_PHONE = [(A, "what's a good phone number for you"), (U, "five five five oh one")]
# Asking again, or for the rest, after a partial or unclear answer asks for the same item.
REPEATS = [
    (ZH_ID, "还少几位 从头再报一遍", {ID}),
    (ZH_ID, "听不清 麻烦重复一遍", {ID}),
    (ZH_CODE, "刚才断了，重新念一下", {V}),
    (ZH_CODE, "后面那三位再说一下", {V}),  # the rest of the code, not a CVV
    (EN_CARD, "sorry could you repeat that", {C}),
    (EN_CARD, "you broke up, give me the whole number from the top", {C}),
    (EN_CARD, "and the rest of it", {C}),
    (EN_CARD, "okay one more time slowly", {C}),
    # no earlier request, a negation, or the agent repeating: nothing asked
    (EN_PHONE, "sorry could you repeat that", set()),
    (EN_CARD, "no need to repeat it, i have it", set()),
    (EN_CARD, "let me repeat it back to you", set()),
    (ZH_CODE, "不用再念了 已经好了", set()),
    (ZH_CODE, "我再重复一遍 您核对一下", set()),
]


@pytest.mark.parametrize(("before", "text", "expected"), REPEATS)
def test_asking_again_asks_for_the_earlier_item(
    guard: Guard, before: list, text: str, expected: set
) -> None:
    assert _last_request(guard, *before, (A, text)) == expected


# A document's name with 呢 asks for its number; a speech-to-text pause ends a clause, and a
# reassurance (别着急, "don't worry") is no negation.
ZH_CALLS = [
    ("好的 那身份证呢", {ID}),
    ("行 银行卡呢", {C}),
    ("您别着急 我这边先核实 您把身份证号码报一下", {ID}),
    ("不用担心 您把卡号念一下就行", {C}),
    ("不好意思 麻烦说一下短信验证码", {V}),
    ("您别紧张 我们不会要您的密码", set()),
    ("别着急 验证码千万别告诉任何人", set()),
    ("短信呢 收到了吗", set()),
]


@pytest.mark.parametrize(("text", "expected"), ZH_CALLS)
def test_zh_call_turns(guard: Guard, text: str, expected: set) -> None:
    assert _last_request(guard, (U, "你好"), (A, text)) == expected


EN_CALLS = [
    ("don't worry it's routine can you read me the code we texted", {V}),
    ("before i can reset it i'll need your pin", {P}),
    ("please log in to your online banking so i can see the transfer", {P}),
    ("log in now while i watch the screen", {P}),
    ("don't worry we never ask for your pin", set()),
    ("please log in to the app yourself later and check your balance", set()),
]


@pytest.mark.parametrize(("text", "expected"), EN_CALLS)
def test_en_call_turns(guard: Guard, text: str, expected: set) -> None:
    assert _last_request(guard, (U, "hi"), (A, text)) == expected


# Non-asks: the item goes elsewhere, is coming, is stated about, or only a part is checked.
NON_ASKS = [
    ("The PIN? Key it into the card reader, not to me.", set()),
    ("Your code? Type it in the app yourself.", set()),
    ("验证码？在App里自己输入就行", set()),
    ("请留一个新的手机号码，之后会有验证码发到新号码上", set()),
    ("Give me your new number and a code will be sent to it.", set()),
    ("系统显示卡号有误，请您重新提供一下身份证号", {ID}),
    ("请在官网页面填写您的身份证号码，不要在聊天中发送", set()),
    ("We need to send the refund to a bank account.", set()),
    ("请问您的身份证后六位是多少", set()),
    ("最後四位", set()),
    ("唔該報一下卡號最後四位", set()),
    ("電話裡我們唔會要您提供密碼", set()),
    ("What error code is on the screen?", set()),
    ("the tracking number on the parcel please", set()),
    # the whole of the item, asked for instead of the part a check names
    ("您尾号五五二一的那张卡，完整的卡号报一下", {C}),
]


@pytest.mark.parametrize(("text", "expected"), NON_ASKS)
def test_non_asks_and_their_neighbours(guard: Guard, text: str, expected: set) -> None:
    assert _last_request(guard, (U, "hello 你好"), (A, text)) == expected


# Protective sentences of legit agents stay allowed, however they run on in a call: a cue
# inside a negation, an item its own clause sends to self-service, the app that sends a
# code, sharing with others, a code's lifetime, viewing one's own PIN.
PROTECTIVE = [
    ("您好 验证码请不要在电话里念 我们这边也不需要您的验证码 稍后您自己在App里输入", set()),
    ("另外提醒您 支付密码只有您自己在手机上输入 我们客服不会来问", set()),
    ("The bank will text a code to your number to approve it.", set()),
    ("Your bank will send a code, read it to me once it arrives.", {V}),
    ("Keep your IBAN for payroll. Only share it with people paying you.", set()),
    ("Codes expire after five minutes, so request a new one in the app.", set()),
    ("You can view your PIN in the app after confirming with your fingerprint.", set()),
    ("请往这个账户转：账号6230 5826 0001 2843 7，转完截图", set()),
]


@pytest.mark.parametrize(("text", "expected"), PROTECTIVE)
def test_protective_sentences_stay_allowed(guard: Guard, text: str, expected: set) -> None:
    assert _last_request(guard, (U, "hello 你好"), (A, text)) == expected


# The customer's bare answer to such a request is the asked type (the expectation carried
# from the request), even with no label word in the answer.
ANSWERS = [
    ([(A, "请把验证码念一下"), (U, "四七一"), (A, "后面那三位再说一下"), (U, "九零二")], V),
    ([(U, "我要激活"), (A, "好的 卡片上的有效期是"), (U, "零九 二九")], E),
    ([(U, "我要挂失"), (A, "好 身份证呢"), (U, "三一零一零四 一九八八 零三一七 九七零三")], ID),
    ([(U, "hi i want to pay"), (A, "just the account pin"), (U, "four four one nine")], P),
    ([(U, "i want to pay"), (A, "the number on the front of your card"),
      (U, "four five three two oh one five one one two eight three oh three six six")], C),
]  # fmt: skip


@pytest.mark.parametrize(("turns", "expected"), ANSWERS)
def test_the_bare_answer_is_the_asked_type(guard: Guard, turns: list, expected: str) -> None:
    result = guard.scan(chat(*turns))
    assert {f.type for f in result.turns[-1].findings} == {expected}


# More variants of the classes above, with the earlier turns they continue (or none): bare
# items, asking for the rest or again, ellipsis, open copulas; and the non-asks beside them.
CARD = [(A, "请报一下卡号"), (U, "六二二八 四八零三")]
CODE = [(A, "read me the code we sent"), (U, "three eight")]
ID = [(A, "身份证号码报一下"), (U, "三一零一零四")]
SSN = [(A, "what's your social security number"), (U, "five two one")]
NONE = [(U, "hi")]
CONTINUATIONS = [
    (NONE, "卡号 十六位 全部", {"CREDIT_CARD"}),
    (NONE, "身份证号码 全部", {"CN_RESIDENT_ID"}),
    (NONE, "the sixteen digit card number", {"CREDIT_CARD"}),
    (NONE, "your full social please", {"US_SSN"}),
    (NONE, "and your pin", {"PASSWORD"}),
    (NONE, "the cvv on the back", {"CARD_CVV"}),
    (NONE, "那您的网银密码", {"PASSWORD"}),
    (NONE, "嗯 验证码", {"VERIFICATION_CODE"}),
    (NONE, "ok the expiry date", {"CARD_EXPIRY"}),
    (NONE, "the code from the text message", {"VERIFICATION_CODE"}),
    (CARD, "后面几位呢", {"CREDIT_CARD"}),
    (CARD, "接着往下报", {"CREDIT_CARD"}),
    (CARD, "没听清 再来一遍", {"CREDIT_CARD"}),
    (CODE, "say that again", {"VERIFICATION_CODE"}),
    (CODE, "sorry what was that", {"VERIFICATION_CODE"}),
    (CODE, "could you repeat the code", {"VERIFICATION_CODE"}),
    (CODE, "i didn't catch that can you say it again", {"VERIFICATION_CODE"}),
    (SSN, "and the last part", {"US_SSN"}),
    (SSN, "go ahead with the rest", {"US_SSN"}),
    (ID, "好 然后呢", {"CN_RESIDENT_ID"}),
    (ID, "还有呢 继续", {"CN_RESIDENT_ID"}),
    (ID, "从头再念一遍 慢一点", {"CN_RESIDENT_ID"}),
    (CARD, "好 有效期呢", {"CARD_EXPIRY"}),
    (CARD, "卡背面那三个数呢", {"CARD_CVV"}),
    (CARD, "好的 身份证号码呢", {"CN_RESIDENT_ID"}),
    (CARD, "ok and the cvv", {"CARD_CVV"}),
    (NONE, "那您的身份证号码是", {"CN_RESIDENT_ID"}),
    (NONE, "your card number is", {"CREDIT_CARD"}),
    (NONE, "and the pin you use at the atm is", {"PASSWORD"}),
    # negatives
    (NONE, "卡号 已经核对过了", set()),
    (NONE, "身份证号码不用报", set()),
    (NONE, "the card number is fine", set()),
    (CODE, "thanks that's all i need", set()),
    (CODE, "great that worked", set()),
    (CARD, "好的 谢谢", set()),
    (CARD, "好的 稍等 我查一下", set()),
    (CODE, "no need to say it again", set()),
    (NONE, "我再说一遍 我们不会要验证码", set()),
    (CARD, "好 然后您的地址呢", set()),
    (SSN, "and your date of birth", set()),
    (CARD, "好 您的姓名呢", set()),
    (NONE, "your pin is never needed", set()),
    (NONE, "the code expires in ten minutes", set()),
    (CODE, "sorry i'll repeat the steps again", set()),
    (ID, "我重复一遍您的地址", set()),
    (NONE, "您的卡号是尾号幺二三四的那张吗", set()),
    (NONE, "the last four of the card", set()),
    (NONE, "我们的客服电话是", set()),
]


@pytest.mark.parametrize(("before", "text", "expected"), CONTINUATIONS)
def test_continuations(guard: Guard, before: list, text: str, expected: set) -> None:
    assert _last_request(guard, *before, (A, text)) == expected
