"""Request classes of round 7 (issue 15): request acts combined with items however they
are worded, each class with variants in both languages and the non-asks next to it.

Every sentence was written for these tests; none is taken from a paraphrase set.
"""

from __future__ import annotations

import pytest

from piiguard.guard import Guard

from ..conftest import chat

V, P, C, E = "VERIFICATION_CODE", "PASSWORD", "CREDIT_CARD", "CARD_EXPIRY"
CVV, ID = "CARD_CVV", "CN_RESIDENT_ID"


def _requested(guard: Guard, text: str) -> set[str]:
    return {t.type for t in guard.requests.detect(text)}


def _last_request(guard: Guard, *turns: tuple[str, str]) -> set[str]:
    return set(guard.scan(chat(*turns)).turns[-1].agent_request)


# A zh request act is a verb and its completion, with any filler before it (嗯/那个/您这边):
# 报我, 说说, 讲讲, 发出来, 输一下, 填到这里, 登记一下, 您说吧, 从头念 - not a phrase list.
ZH_ACTS = [
    ("验证码您这边报我一下。", {V}),
    ("支付密码您说说。", {P}),
    ("您把卡背面那三位数跟我讲讲。", {CVV}),
    ("验证码您直接打字发出来就行。", {V}),
    ("您在这边输入一下您的登录密码。", {P}),
    ("请把验证码填到这个对话框里。", {V}),
    ("您的证件号码这边登记一下，您说吧。", {ID}),
    ("那个验证码是啥？", {V}),
    ("我这边要一下您的身份证号。", {ID}),
    ("十六位的那个号码，您从头念。", {C}),
    ("您把短信验证码复制粘贴到这里。", {V}),
    ("您给我念一下那个短信里的数字。", {V}),
]
# ... and in English, everyday verbs of handing something over.
EN_ACTS = [
    ("Drop the code in the chat for me.", {V}),
    ("Let me grab the code from your text.", {V}),
    ("Could you fire over that code?", {V}),
    ("Can you pop the verification code in here?", {V}),
    ("Pass me the security code from the back.", {CVV}),
    ("Your PIN, what is that?", {P}),
    ("Walk me through the card number, four digits at a time.", {C}),
]
# A-not-A (能不能, 方便不方便, 可不可以) asks whether; it is no negation.
A_NOT_A = [
    ("验证码能不能发我一下？", {V}),
    ("卡号方便不方便报一下？", {C}),
    ("密码可不可以告诉我一下？", {P}),
    ("身份证号能不能提供一下？", {ID}),
    ("有效期要不要也说一下？您说一下吧。", {E}),
]
# What the customer does with the value, described instead of named, is the password.
HABITS = [
    ("Tell me what you use to log in to the app.", {P}),
    ("What do you type in when you log in?", {P}),
    ("What do you enter at the cash machine?", {P}),
    ("What passphrase do you log in with?", {P}),
    ("Could you spell out your online banking passphrase for me?", {P}),
    ("支付的时候输的那个是多少？", {P}),
    ("您平时登录输的那个告诉我一下。", {P}),
    ("您登录App的时候输的是什么？", {P}),
    ("付款时候输入的六位数是啥？", {P}),
    ("取钱时输的那几位数字是多少？", {P}),
    # ... but what is typed is the item named right after it, when one is
    ("付款时需要输入的验证码告诉我。", {V}),
    ("登录时输入的动态码念一下。", {V}),
    ("支付时要输的短信验证码是多少？", {V}),
    ("每次登录输的那个验证码报给我。", {V}),
    ("What do you type in when the text arrives? Read me that code.", {V}),
]
# A bare length names a value; beside a named item it is that item's length.
LENGTHS = [
    ("您看下手机，是不是有个六位的？说一下。", {V}),
    ("您身份证上那十八位，慢慢报给我。", {ID}),
    ("请告诉我您的取款密码，六位的那个。", {P}),
    ("身份证号十八位，您报一下。", {ID}),
    ("So the six numbers, go ahead.", {V}),
    ("I need all sixteen digits.", {C}),
    ("The six-digit one, what is it?", {V}),
]
# A question that is nothing but the item asks for it, unless the next sentence takes it back.
ITEM_QUESTIONS = [
    ("Your card number?", {C}),
    ("OK, your PIN?", {P}),
    ("And the expiry date?", {E}),
    ("您的卡号是？", {C}),
    ("那您的登录密码呢？", {P}),
    ("卡上的有效日期，几月几号到期的？", {E}),
]
# Reading order is not an identity check ("starting with the first four").
READING_ORDER = [
    ("Go ahead and read me the card, starting with the first four.", {C}),
    ("Read me the card number, starting with the first four.", {C}),
    ("Give me the card number, beginning with the first 4 digits.", {C}),
    ("请把卡号从前四位开始念给我。", {C}),
    ("卡号您报一下，前四位开始说。", {C}),
]
# A "security code" an app or a message shows is a one-time code; the card's stays a CVV.
APP_SECURITY_CODES = [
    ("Open the app and tell me the security code it shows.", {V}),
    ("What's the security code in the text we sent?", {V}),
    ("您把App里显示的安全码报一下。", {V}),
    ("短信里的安全码是多少？", {V}),
    ("令牌上的安全码念一下。", {V}),
    ("What's the security code on the back of the card?", {CVV}),
    ("卡背面的安全码是多少？", {CVV}),
]
# "My code went to your phone by mistake": the speaker's own item, but the listener has it.
MISSENT = [
    ("My verification code went to your phone by mistake, could you read it to me?", {V}),
    ("Sorry, I sent my code to your number accidentally, can you send it back?", {V}),
    ("I think my login code was texted to your phone by mistake. What does it say?", {V}),
    ("不好意思，我的验证码误发到您手机上了，麻烦转给我。", {V}),
    ("我的验证码发错到您这了，您念一下。", {V}),
]
# A reassurance after the question does not take it back; 你 asks as 您 does.
NOT_TAKEN_BACK = [
    ("What's your card number? Don't worry, it's safe with us.", {C}),
    ("验证码是多少？别担心，我们是银行。", {V}),
    ("The code? No rush.", {V}),
    ("我需要你手机上的验证码，快点。", {V}),
    ("你把验证码发我。", {V}),
    ("您给我报一下身份证，我登记。", {ID}),
    ("信用卡右下角那个日期是多少？", {E}),
    ("卡面上的日期报一下。", {E}),
    ("请提供您的银行卡号和出生日期。", {C}),
    ("您把卡号跟出生日期报一下。", {C}),
    ("您把手机上收到的那个数念一下。", {V}),
    ("您的登录密码 我这边需要核对一下", {P}),
    # an agent asking whether the message came asks for it with its next words
    ("收到了是吧 那您念一下", {V}),
    ("收到了吗？收到了念一下。", {V}),
    ("短信收到了没？收到的话说一下。", {V}),
    ("Did you get the text? Great, read it to me.", {V}),
    ("Have you received the code? Go ahead and read it.", {V}),
]

ASKS = (
    ZH_ACTS
    + EN_ACTS
    + A_NOT_A
    + HABITS
    + LENGTHS
    + ITEM_QUESTIONS
    + READING_ORDER
    + APP_SECURITY_CODES
    + MISSENT
    + NOT_TAKEN_BACK
)


@pytest.mark.parametrize(("text", "expected"), ASKS)
def test_request_acts_and_items_combine(guard: Guard, text: str, expected: set[str]) -> None:
    assert _requested(guard, text) == expected


# Protective sentences, and the new acts and items where nothing sensitive is asked for.
NON_ASKS = [
    "客服不会问您密码。",
    "我们的工作人员不会索要您的验证码。",
    "验证码不要发给任何人，包括客服人员。",
    "本行员工绝对不会向您要卡背面的三位数。",
    "这个验证码千万别告诉别人，客服也不例外。",
    "We'll never ask for your PIN.",
    "Don't share the code with anyone, including us.",
    "No one from the bank will ever ask you to read out a code.",
    "Treat that code like cash: don't give it to anyone, us included.",
    "Nobody at our company will ask for your online banking password.",
    "您说说当时是怎么回事？",
    "验证码发出来了，您注意查收。",
    "密码是六位的，您设置的时候注意一下。",
    "验证码是六位数字，五分钟内有效。",
    "卡的有效期是几年？一般是五年。",
    "您支付的时候输的那个密码，千万不要告诉别人。",
    "订单号复制在对话框里发我。",
    "能不能麻烦您确认一下卡号后四位？",
    "需不需要我帮您把卡冻结？",
    "您的卡号是？哦不用了，我这边已经查到了。",
    "Your card number? No need, I can see it here.",
    "Your password? We never need it.",
    "What do you use the card for, mostly online shopping?",
    "Tell me what you use the app for.",
    "Read me the card type, is it Visa or Mastercard?",
    "What's in the text is for you only; don't read it to anyone.",
    "Go ahead and grab a pen.",
    "Drop the old card in the shredder.",
    "Can you confirm the first four digits of your card?",
    "请核对一下卡号前四位。",
    "My code expired, so I'll send you a new one.",
    # a question taken back by the next sentence, or about what the item is for
    "Your PIN? Never share it with anyone.",
    "Read me the card number? No, please don't, I only need the last four.",
    "Your card number? That's what the scammer asked you for?",
    "验证码是多少？别告诉我，您自己输入。",
    "What's that code for? It's for the login, don't share it.",
    "这个验证码是干什么的？",
    # a choice between ways of logging in; a message to the agent
    "What do you use to log in, face ID or a password?",
    "Drop us a message if the code doesn't arrive.",
    # a messaging app is a channel: "what's your number" there asks for a phone number
    "i can send you all the paperwork on telegram what's your number",
    "We can continue on WhatsApp, what's your number?",
    "Add me on WeChat, what number should I search for?",
    "我们加个微信吧，您的号码是多少？",
    "Let's move to Telegram, what's your number there?",
    # 你 where 您 stands
    "我们不会问你要密码。",
    "你千万不要把密码发给别人。",
    "您说一下身份证上的地址。",
    "卡的开卡日期您记得吗？",
    "您这张卡的办卡日期是哪天？",
    "收到了吗？收到了在App里输入就行。",
    "Did you get the text? Enter it in the app yourself.",
    "快递收到了吗？您说一下包装有没有破损。",
    "Did you get my email about the new card? Let me know.",
    "请您核对一下收到的短信是不是官方号码发的。",
]


@pytest.mark.parametrize("text", NON_ASKS)
def test_protective_and_look_alike_turns_are_not_requests(guard: Guard, text: str) -> None:
    assert _requested(guard, text) == set()


# The agent announcing a code it sent makes the customer's reading of it expected: the
# next "what does it say?" asks for it, without the customer saying it arrived.
ANNOUNCED = [
    ("I'm sending you a text now.", "Okay, got it.", "Great, what does it say?"),
    ("I've just sent a code to your phone.", "Okay.", "Perfect, read it out to me."),
    ("We've emailed you a passcode.", "Alright, one moment.", "Read it to me when you see it."),
    ("我这边给您发了一条短信。", "好的。", "那您念一下上面的数字。"),
    ("系统刚给您发了验证码。", "嗯。", "好的，念一下。"),
    ("我给您发送了一条短信，您看一下。", "看到了。", "上面写的是多少？"),
]


@pytest.mark.parametrize(("sent", "reply", "follow_up"), ANNOUNCED)
def test_an_announced_code_is_asked_for_by_what_follows(
    guard: Guard, sent: str, reply: str, follow_up: str
) -> None:
    turns = (("agent", sent), ("customer", reply), ("agent", follow_up))
    assert _last_request(guard, *turns) == {V}


@pytest.mark.parametrize(
    "follow_up",
    [
        "Perfect, now type it in the box and press continue.",
        "Please enter it in the app yourself.",
        "请您自己在App里输入。",
        "收到后在页面上填写就可以，不用告诉我。",
        "Thanks for waiting, is there anything else?",
    ],
)
def test_an_announced_code_entered_by_the_customer_is_not_asked_for(
    guard: Guard, follow_up: str
) -> None:
    turns = (("agent", "I've sent you a code."), ("customer", "Got it."), ("agent", follow_up))
    assert _last_request(guard, *turns) == set()


# Ellipsis after an earlier request, named or not, in both languages.
ELLIPSIS = [
    ("Can I have the card number please?", "Expiry?", {E}),
    ("Can I have the card number please?", "And the date on it?", {E}),
    ("Can I have the card number please?", "Also need the CVV.", {CVV}),
    ("请您提供一下卡号。", "有效期也报一下。", {E}),
    ("请您提供一下卡号。", "背面那三位也说一下。", {CVV}),
    ("验证码是多少？", "短信到了您就直接说给我。", {V}),
]


@pytest.mark.parametrize(("ask", "follow_up", "expected"), ELLIPSIS)
def test_ellipsis_after_an_earlier_request(
    guard: Guard, ask: str, follow_up: str, expected: set[str]
) -> None:
    turns = (("agent", ask), ("customer", "OK."), ("agent", follow_up))
    assert _last_request(guard, *turns) == expected


def test_explain_names_the_act_and_the_item(guard: Guard) -> None:
    notes = "\n".join(guard.requests.explain("验证码能不能发我一下？"))
    assert "REQUEST VERIFICATION_CODE" in notes and "发我" in notes
    notes = "\n".join(guard.requests.explain("您的卡号是？哦不用了，我这边已经查到了。"))
    assert "no request" in notes
