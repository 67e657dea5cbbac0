"""Request classes found on round 5's tuning part, each with sentences written for these
tests (none from a paraphrase set or the dev corpus): misspellings and chat spellings,
spelled-out acronyms, "-ing" cues, conditional threats, a length beside a place, things
said not to be needed, other kinds of card, self-service on a card reader.
"""

from __future__ import annotations

import pytest

from piiguard.fold import fold
from piiguard.guard import Guard
from piiguard.respell import Respeller

from ..conftest import chat


def _requested(guard: Guard, text: str) -> set[str]:
    return {t.type for t in guard.requests.detect(text)}


CARD_ALL = {"CARD_CVV", "CARD_EXPIRY", "CREDIT_CARD"}

ASKS = [
    # misspelled, chat-spelled, split or spelled-out item words
    ("wats ur passwrd", {"PASSWORD"}),
    ("can u txt me the verificaton code", {"VERIFICATION_CODE"}),
    ("read me the card numbr pls", {"CREDIT_CARD"}),
    ("tell me the pass code", {"PASSWORD"}),
    ("what's the see vee vee on it", {"CARD_CVV"}),
    ("give me the o t p now", {"VERIFICATION_CODE"}),
    ("and your ess ess en please", {"US_SSN"}),
    # cues in their "-ing" form
    ("Would you mind telling me your online banking password?", {"PASSWORD"}),
    ("I'd appreciate you sending the one-time code over.", {"VERIFICATION_CODE"}),
    ("Could I grab the account number for the refund?", {"BANK_ACCOUNT"}),
    # a threat's condition is a demand
    ("Unless you give me the SMS code now, the transfer goes through.", {"VERIFICATION_CODE"}),
    ("你还不报卡号，这笔钱就追不回来了", {"CREDIT_CARD"}),
    # a place or a purpose says more than a length
    ("What are the four digits you key in at the cash machine?", {"PASSWORD"}),
    ("您在取款机上按的那六位数是多少", {"PASSWORD"}),
    # a length beside another item of the list is an item of its own
    ("I need the nineteen digits and then the expiry date.", {"CREDIT_CARD", "CARD_EXPIRY"}),
    # what a message holds
    ("You got a text from us just now, what's inside it?", {"VERIFICATION_CODE"}),
    ("the message on your phone, what does it say", {"VERIFICATION_CODE"}),
    # a card shown on camera, a memorable word, until when it is valid
    ("Show your debit card to the camera, front side.", {"CREDIT_CARD", "CARD_EXPIRY"}),
    ("What's your memorable word for telephone banking?", {"PASSWORD"}),
    ("信用卡有效期到什么时候？", {"CARD_EXPIRY"}),
    # round 6: plural media, arrival verbs, "pass it along", "go ahead", a card's back only
    ("The code should be in your emails by now. Can you read it?", {"VERIFICATION_CODE"}),
    ("When the PIN comes through by text, pass it along to me.", {"VERIFICATION_CODE"}),
    ("Take a photo of the back of the card for me.", {"CARD_CVV"}),
    (
        "Take pictures of the front and back of the card.",
        {"CARD_CVV", "CARD_EXPIRY", "CREDIT_CARD"},
    ),
    ("Read me the numbers next to the signature box.", {"CARD_CVV"}),
    ("What's the good through date on it?", {"CARD_EXPIRY"}),
    ("你的信用卡几月份过期？", {"CARD_EXPIRY"}),
    ("把短信里的数字读出来", {"VERIFICATION_CODE"}),
]

NON_ASKS = [
    ("Your card number isn't needed, only your postcode.", set()),
    ("The PIN is not required for a refund.", set()),
    ("银行卡密码不需要提供给我们", set()),
    ("积分卡背面的卡号是多少？", set()),
    ("What's the card number on your loyalty card?", set()),
    ("Type your PIN on the keypad when the terminal asks.", set()),
    ("I tested the code on our side and it works.", set()),
    ("see you tomorrow, thanks for calling", set()),
    ("The code is on its way; type it on the sign-in page when it arrives.", set()),
    ("已为您重新发送取件通知，请注意查收", set()),
]


@pytest.mark.parametrize(("text", "expected"), ASKS + NON_ASKS)
def test_request_class(guard: Guard, text: str, expected: set[str]) -> None:
    assert _requested(guard, text) == expected


def test_ellipsis_at_the_head_of_an_item_less_question(guard: Guard) -> None:
    turns = (
        ("agent", "Please read out the card number."),
        ("customer", "ok, done"),
        ("agent", "And the little one on the back?"),
    )
    assert guard.scan(chat(*turns)).turns[-1].agent_request == ("CARD_CVV",)


@pytest.mark.parametrize(
    ("customer", "expected"),
    [
        ("嗯，短信到了。", ("VERIFICATION_CODE",)),
        ("I got the text.", ("VERIFICATION_CODE",)),
        ("我想问一下账单", ()),
        ("我最近收到了一笔退款，想问问怎么回事", ()),
    ],
)
def test_a_message_the_customer_received_is_expected_next(
    guard: Guard, customer: str, expected: tuple
) -> None:
    turns = (("agent", "您好"), ("customer", customer), ("agent", "上面写的是多少？"))
    assert guard.scan(chat(*turns)).turns[-1].agent_request == expected


CLASSES_FROM_THE_INDEPENDENT_SET = [
    # written for this test, one per class the independent set's misses showed
    ("tell me the p i n please", {"PASSWORD"}),
    ("把您的 验 证 码 报给我", {"VERIFICATION_CODE"}),
    ("请把 mima 发我一下", {"PASSWORD"}),
    (
        "You'll get a voice call that reads out some numbers; say them back to me.",
        {"VERIFICATION_CODE"},
    ),
    ("刚才的语音电话里播报的数字是多少？", {"VERIFICATION_CODE"}),
    ("Which account will the refund be paid into? I need the full number.", {"BANK_ACCOUNT"}),
    ("请提供一下存折上的账号", {"BANK_ACCOUNT"}),
    ("请把短信里“切勿告诉他人”前面的六位数念一下", {"VERIFICATION_CODE"}),
    ("报一下身份证号码，尾号是X的说X", {"CN_RESIDENT_ID"}),
    ("What PIN do you usually punch in at the machine?", {"PASSWORD"}),
    ("Should I send you a fresh code by text?", set()),
    ("The security code is printed on the back; you'll type it at checkout.", set()),
    ("請問您的卡號？", {"CREDIT_CARD"}),
]


@pytest.mark.parametrize(("text", "expected"), CLASSES_FROM_THE_INDEPENDENT_SET)
def test_class_from_the_independent_set(guard: Guard, text: str, expected: set[str]) -> None:
    assert _requested(guard, text) == expected


def test_go_ahead_after_a_request_asks_for_it_again(guard: Guard) -> None:
    turns = (
        ("agent", "What's your online banking password?"),
        ("customer", "why?"),
        ("agent", "It is only for the security check, go ahead."),
    )
    assert guard.scan(chat(*turns)).turns[-1].agent_request == ("PASSWORD",)


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("whats ur pasword", "what's your password"),
        ("the verify cation code", "the verification code"),
        ("what is the oh tee pee", "what is the otp"),
        ("I tested it", "I tested it"),  # a changed letter only in long words
        ("see you", "see you"),  # letters that spell no acronym
    ],
)
def test_respelled_view(text: str, view: str) -> None:
    respeller = Respeller(["password", "verification", "code", "number"], acronyms=["otp"])
    assert respeller.respell(fold(text)).text == view


def test_respelled_view_maps_back_to_the_original() -> None:
    text = "tell me ur pasword now"
    view = Respeller(["password"]).respell(fold(text))
    start = view.text.index("password")
    assert view.to_original(start, start + len("password")) == (11, 18)
    assert text[11:18] == "pasword"
