"""Agent-request detection, one table per behaviour, positive and negative cases.

Every sentence here was written for these tests (none is taken from the dev corpus, which
is measured in test_corpus.py); the examples issue 15 names are among them. The
paraphrase sets are scored in test_request_paraphrases.py.
"""

from __future__ import annotations

import pytest

from piiguard.guard import Guard

from ..conftest import chat


def _requested(guard: Guard, text: str) -> set[str]:
    return {t.type for t in guard.requests.detect(text)}


def _last_request(guard: Guard, *turns: tuple[str, str]) -> tuple[str, ...]:
    return guard.scan(chat(*turns)).turns[-1].agent_request


CARD_FRONT = {"CREDIT_CARD", "CARD_EXPIRY"}
CARD_BOTH_SIDES = {"CREDIT_CARD", "CARD_EXPIRY", "CARD_CVV"}

NAMES = [
    ("请告诉我您的登录密码和短信验证码", {"PASSWORD", "VERIFICATION_CODE"}),
    ("请提供您完整的身份证号码", {"CN_RESIDENT_ID"}),
    ("what's your social security number?", {"US_SSN"}),
    ("I'll need the card number and the expiration date", {"CREDIT_CARD", "CARD_EXPIRY"}),
    ("read me your account number and routing number", {"BANK_ACCOUNT"}),
    ("Put the card number and the CVC in the chat.", {"CREDIT_CARD", "CARD_CVV"}),
]

DESCRIPTIONS = [
    # by position
    ("What's the small number by the signature strip?", {"CARD_CVV"}),
    ("Flip it over and read me the three digits on the back of the card.", {"CARD_CVV"}),
    ("把卡正面那一长串数字报给我", {"CREDIT_CARD"}),
    ("卡背面签名条旁边那几个数字念一下", {"CARD_CVV"}),
    # by medium
    ("Read me the digits in that SMS.", {"VERIFICATION_CODE"}),
    ("短信里那几个数字是多少？", {"VERIFICATION_CODE"}),
    ("Check your inbox and tell me the code.", {"VERIFICATION_CODE"}),
    ("Open the authenticator app and read me what it shows.", {"VERIFICATION_CODE"}),
    ("what does the text say?", {"VERIFICATION_CODE"}),
    ("邮件里那串码复制给我", {"VERIFICATION_CODE"}),
    ("A security code has been sent to your phone, read it to me.", {"VERIFICATION_CODE"}),
    # by length
    ("Give me all sixteen.", {"CREDIT_CARD"}),
    ("What's the six-digit one?", {"VERIFICATION_CODE"}),
    ("你银行卡上那十九位号码说一下", {"CREDIT_CARD"}),
    # by purpose
    ("Tell me the number you type to approve the payment.", {"VERIFICATION_CODE"}),
    ("您在取款机上取钱时输的那几位数是多少", {"PASSWORD"}),
    # a PIN that arrived by SMS is a one-time code
    ("Reply with the 6 digit PIN from the text.", {"VERIFICATION_CODE"}),
]

QUESTIONS_AND_NEEDS = [
    ("Which password are you using at the moment?", {"PASSWORD"}),
    ("I'll need your banking PIN.", {"PASSWORD"}),
    ("Can I take the card number for the payment?", {"CREDIT_CARD"}),
    ("您的支付密码是多少？", {"PASSWORD"}),
    ("我这边需要您的身份证号", {"CN_RESIDENT_ID"}),
    ("The passcode, what is it?", {"PASSWORD"}),
    ("When does your card expire?", {"CARD_EXPIRY"}),
    ("卡片什么时候到期？", {"CARD_EXPIRY"}),
    ("Card number, expiry date and CVV, please.", CARD_BOTH_SIDES),
]

PHOTOS = [
    ("截图发我看看卡片", CARD_FRONT),
    ("Snap a picture of the card and upload it.", CARD_FRONT),
    ("Take a photo of both sides of your debit card for me.", CARD_BOTH_SIDES),
    ("身份证拍张照片发过来", {"CN_RESIDENT_ID"}),
    ("Send me a screenshot of the text we sent you.", {"VERIFICATION_CODE"}),
]

OBFUSCATED = [
    ("Please tell me the ｖｅｒｉｆｉｃａｔｉｏｎ ｃｏｄｅ.", {"VERIFICATION_CODE"}),
    ("Read me the cоde from the text.", {"VERIFICATION_CODE"}),  # Cyrillic о
    ("What's your pаssword?", {"PASSWORD"}),  # Cyrillic а
    ("请把验\u200b证码发我", {"VERIFICATION_CODE"}),
    ("Tell me your pass word.", {"PASSWORD"}),
    ("請把驗證碼發給我", {"VERIFICATION_CODE"}),
    ("您的密碼是多少", {"PASSWORD"}),
]

SCAM_SCRIPTS = [
    ("Don't worry about the fee, please send the code.", {"VERIFICATION_CODE"}),
    ("We won't charge you anything, just read me the card number.", {"CREDIT_CARD"}),
    ("您先别挂电话，把手机上刚收到的那几位数字说一下", {"VERIFICATION_CODE"}),
    ("不配合的话账户会被冻结，赶紧把校验码给我", {"VERIFICATION_CODE"}),
    ("我们不会扣费的，请提供卡号", {"CREDIT_CARD"}),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    NAMES + DESCRIPTIONS + QUESTIONS_AND_NEEDS + PHOTOS + OBFUSCATED + SCAM_SCRIPTS,
)
def test_asks_are_requests_of_the_right_types(guard: Guard, text: str, expected: set[str]) -> None:
    assert _requested(guard, text) == expected


NEGATED_OR_REPORTED = [
    "我们不会索要您的密码",
    "客服不会向您索要验证码，请勿泄露",
    "never share your code with anyone, including us",
    "We will never ask for your PIN, your password or the code we text you.",
    "Please don't send your card number, expiry or CVV over chat.",
    "There's no need to read out the code, you're already verified.",
    "任何自称客服索要密码或验证码的都是诈骗",
    "他有没有让您提供密码或者验证码",
    "If anyone asks you to read them the code, hang up.",
    "如有陌生人让您提供卡号和密码，请立即挂断",
    "Please keep your PIN to yourself.",
]

SELF_SERVICE_AND_OFFERS = [
    "验证码只需您自己输入，不用发给我",
    "please enter the code in the app yourself, never read it to anyone",
    "I can give you the account number for the wire",
    "I'll send you our account number by email.",
    "Let me read that back to you to make sure it's right.",
]

IDENTITY_CHECKS = [
    "Can you confirm the last four digits of your card number?",
    "请提供卡号后四位和持卡人姓名",
    "麻烦您报一下身份证号码的后四位",
    "Could you verify your phone number and the last four of your social?",
    "your card ending in 4417 is locked",
]

NOT_SENSITIVE_ITEMS = [
    "What error code do you see?",
    "Do you have a coupon code for this order?",
    "what's the tracking number?",
    "Could you give me the order number?",
    "What's a good callback number for you?",
    "请提供一下订单号",
    "您的淘宝账号是多少？",
    "您的会员卡号报一下",
    "What's the serial number on the back of the router?",
    "Please read me the nine digit number on the AnyDesk screen.",
    "Send me a photo of the damaged box, please.",
    "What's the name printed on the card?",
    "What number is on your phone bill?",
    "Read me the number on the receipt.",
    "您手机的号码是多少",
    "快递单上那串数字报一下",
]

QUESTIONS_THAT_DO_NOT_ASK = [
    "Did you receive the verification code?",
    "When did you last change your password?",
    "Did the payment need a PIN?",
    "您有收到我们发的验证码短信吗？",
    "支付密码连续输错三次会被锁定",
    "The code expires in five minutes.",
    "How many times did you enter the wrong PIN?",
    "Let me know once you've reset your password.",
    "Your PIN will arrive by post in a separate letter.",
]


@pytest.mark.parametrize(
    "text",
    NEGATED_OR_REPORTED
    + SELF_SERVICE_AND_OFFERS
    + IDENTITY_CHECKS
    + NOT_SENSITIVE_ITEMS
    + QUESTIONS_THAT_DO_NOT_ASK,
)
def test_non_asks_are_not_requests(guard: Guard, text: str) -> None:
    assert _requested(guard, text) == set()


def test_an_item_stated_with_its_value_is_not_asked_for(guard: Guard) -> None:
    text = "please wire it to our partner, the account number is 6217 0033 9182 7745"
    findings = guard.detector.detect(text)
    assert findings
    assert _requested(guard, text) == set()
    assert guard.requests.detect(text, [(f.start, f.end) for f in findings]) == []


ELLIPSIS = [
    ("Read me the card number please.", "thanks, and the code we texted you?", "VERIFICATION_CODE"),
    ("Read me the card number please.", "and when does it expire?", "CARD_EXPIRY"),
    ("What's the card number?", "What about the back?", "CARD_CVV"),
    ("请把卡号报给我", "有效期呢？", "CARD_EXPIRY"),
    ("请把卡号报给我", "还有背面的呢？", "CARD_CVV"),
    ("请把登录密码告诉我", "支付的那个呢？", "PASSWORD"),
    ("短信验证码报一下", "收到了吗？念一下", "VERIFICATION_CODE"),
    ("请提供身份证号", "再把正反面拍一下发过来", "CN_RESIDENT_ID"),
]


@pytest.mark.parametrize(("first", "follow_up", "expected"), ELLIPSIS)
def test_ellipsis_resolves_against_the_earlier_request(
    guard: Guard, first: str, follow_up: str, expected: str
) -> None:
    turns = (("agent", first), ("customer", "ok"), ("agent", follow_up))
    assert expected in _last_request(guard, *turns)


@pytest.mark.parametrize("follow_up", ["What about the back?", "念一下", "and the other one?"])
def test_ellipsis_without_an_earlier_request_asks_for_nothing(guard: Guard, follow_up: str) -> None:
    turns = (("agent", "您好，请问有什么可以帮您？"), ("customer", "ok"), ("agent", follow_up))
    assert _last_request(guard, *turns) == ()


# An ellipsis that *names* its item asks for it even when no earlier request was seen (the
# earlier ask was missed, or was for a user name); the independent set labels these asks.
@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        ("有效期呢？", ("CARD_EXPIRY",)),
        ("那支付密码呢？", ("PASSWORD",)),
        ("还有背面那三位数字。", ("CARD_CVV",)),
        ("请问您的身份证号码？", ("CN_RESIDENT_ID",)),
        ("您的验证码收到了吗？", ()),  # asks about the item, not for it
        ("那您的密码是不是忘了呢？", ()),
    ],
)
def test_ellipsis_naming_its_item(guard: Guard, follow_up: str, expected: tuple) -> None:
    turns = (("agent", "请问您的登录名是？"), ("customer", "li_lei_88"), ("agent", follow_up))
    assert _last_request(guard, *turns) == expected


def test_a_sorry_is_not_a_yes(guard: Guard) -> None:
    turns = (("customer", "验证码要发给你吗？"), ("agent", "对不起，我们不需要验证码"))
    assert _last_request(guard, *turns) == ()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("要的 这是办案需要", ("PASSWORD",)),
        ("是的，报一下", ("PASSWORD",)),
        ("不用，您自己在App里输入就行", ()),
        ("对不起，密码不需要告诉我", ()),
        ("对了，您的订单已经发货", ()),
    ],
)
def test_a_yes_must_confirm_the_customers_question(
    guard: Guard, answer: str, expected: tuple[str, ...]
) -> None:
    assert _last_request(guard, ("customer", "密码也要说吗"), ("agent", answer)) == expected


def test_a_value_and_ne_is_not_a_request(guard: Guard) -> None:
    turns = (
        ("agent", "请把卡号报给我"),
        ("customer", "好的"),
        ("agent", "我们的对公账户是 6217 0033 9182 7745 123，您还有什么问题呢"),
    )
    assert _last_request(guard, *turns) == ()


def test_follow_up_after_reading_a_value_back(guard: Guard) -> None:
    result = guard.scan(
        chat(
            ("agent", "请报一下您的社安号"),
            ("customer", "四一二 七七 八零三六"),
            ("agent", "四一二 七七 八零三六 好的 您先生的呢"),
        )
    )
    assert result.turns[2].agent_request == ("US_SSN",)
    assert result.turns[2].action == "block"  # it also reads a full SSN back


def test_every_request_carries_its_trigger_phrase(guard: Guard) -> None:
    (trigger,) = guard.requests.detect("好的。请把验证码报给我。谢谢")
    assert trigger.type == "VERIFICATION_CODE"
    assert "验证码报给我" in trigger.phrase


def test_trigger_phrase_is_cut_from_the_original_text(guard: Guard) -> None:
    (trigger,) = guard.requests.detect("OK. Please tell me the ｃｏｄｅ from the text.")
    assert "ｃｏｄｅ" in trigger.phrase
    (trigger,) = guard.requests.detect("好的。请把驗\u200b證碼发给我。")
    assert "驗\u200b證碼" in trigger.phrase


def test_trigger_phrase_never_contains_the_value(guard: Guard) -> None:
    text = "let me read that back 4532 0151 1283 0366 now tell me the cvv"
    findings = guard.detector.detect(text)
    triggers = guard.requests.detect(text, [(f.start, f.end) for f in findings])
    assert triggers and all("4532" not in t.phrase and "0366" not in t.phrase for t in triggers)


def test_only_agent_turns_carry_requests(guard: Guard) -> None:
    result = guard.scan(chat(("customer", "please tell me your password")))
    assert result.turns[0].agent_request == ()


def test_explain_says_why(guard: Guard) -> None:
    notes = guard.requests.explain("What's the small number by the signature strip?")
    assert any(n.startswith("REQUEST CARD_CVV") and "signature" in n for n in notes)
    notes = guard.requests.explain("We will never ask for your PIN.")
    assert any("negated" in n for n in notes) and any(n.startswith("no request") for n in notes)
    notes = guard.requests.explain("有效期呢？", previous=["CREDIT_CARD"])
    assert notes[0] == "earlier request carried: CREDIT_CARD"
    assert any(n.startswith("REQUEST CARD_EXPIRY") for n in notes)


@pytest.mark.parametrize(
    ("yaml_text", "field"),
    [
        ("items: []\n", "items"),
        ("items: {PASSWORD: {en: password}}\n", "items.PASSWORD.en"),
        ("items: {PASSWORD: {en: [password]}}\ncues: [tell me]\n", "cues"),
        (
            "items: {PASSWORD: {en: [pin]}}\ndescriptions: {qualifiers: [a]}\n",
            "descriptions.qualifiers",
        ),
        (
            "items: {PASSWORD: {en: [pin]}}\ndescriptions: {qualifiers: {X: {en: [a]}}}\n"
            "documents: {card: {en: [card]}}\n",
            "documents.card.types",
        ),
    ],
)
def test_bad_rules_file_names_the_field(tmp_path, yaml_text: str, field: str) -> None:
    from piiguard.errors import ConfigError
    from piiguard.requests import RequestRules

    path = tmp_path / "rules.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        RequestRules.load(path)
    assert err.value.field == field


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the agent needs it / the customer needs it
        ("I'll need your PIN to cancel the card.", {"PASSWORD"}),
        ("You'll need your PIN to withdraw cash.", set()),
        ("The app will need your card number when you register.", set()),
        # a request / what the customer can do
        ("Can you verify your PIN for me?", {"PASSWORD"}),
        ("You can verify your PIN at any of our branches.", set()),
        ("You need to tell me the code now.", {"VERIFICATION_CODE"}),
        # the question's head is the item / another noun
        ("Which code did the bank text you?", {"VERIFICATION_CODE"}),
        ("Which email did the code go to?", set()),
        ("What time did the code arrive?", set()),
        # a single digit is an identity check, not the item
        ("What's the last digit of your account number?", set()),
    ],
)
def test_who_needs_it_and_what_the_question_asks(
    guard: Guard, text: str, expected: set[str]
) -> None:
    assert _requested(guard, text) == expected


def test_rules_file_lists_each_phrase_once_per_section() -> None:
    import collections

    import yaml

    from piiguard.requests import DEFAULT_RULES_PATH

    seen: collections.Counter[tuple[str, str]] = collections.Counter()

    def walk(node: object, section: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                # languages share one matcher: a phrase listed under en and zh is a duplicate
                walk(value, section if key in ("en", "zh") else f"{section}.{key}")
        elif isinstance(node, list):
            for phrase in node:
                if isinstance(phrase, str) and not section.endswith(".types"):
                    seen[(section, phrase.lower())] += 1

    walk(yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8")), "")
    assert [key for key, count in seen.items() if count > 1] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the speaker's own item is not asked of the listener
        ("They called and asked for my social security number.", set()),
        ("Read me your social security number.", {"US_SSN"}),
        # needing to do something is not needing an item; needing to know it is
        ("I'll need to send you the forms for your bank account.", set()),
        ("I need to know your bank account number for the refund.", {"BANK_ACCOUNT"}),
        # an elliptical answer to "what do you need?"
        (
            "Just your account number and the expiry date on the card.",
            {"BANK_ACCOUNT", "CARD_EXPIRY"},
        ),
        # a photo ID is a kind of ID, not a photo request
        ("Our couriers carry photo ID at all times.", set()),
        # plural non-items, sentences run together without a space
        ("We verify customers through their email addresses and phone numbers.", set()),
        ("The form is ready.I just need your driver's license number and address.", set()),
        # "a one-time charge" is not "the six-digit one"
        ("There's a small fee, which is a one-time charge, please confirm.", set()),
    ],
)
def test_classes_from_the_external_dev_half(guard: Guard, text: str, expected: set[str]) -> None:
    assert _requested(guard, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a photo shows the document next to it, not one listed beside it or the medium
        ("身份证拍照发过来", {"CN_RESIDENT_ID"}),
        ("请带上身份证和一张一寸照片", set()),
        ("我把样品图片通过邮件发给您，请问您的邮箱地址是什么？", set()),
        # the agent sending an item is an offer, after the item too
        ("收款账号信息我会通过短信发送给您，请查收。", set()),
        # 数 inside 数据 is no value noun; 三个数 is
        ("您可以在App里上传体检数据", set()),
        ("卡背面那三个数是多少", {"CARD_CVV"}),
        # a cue in a neighbouring sentence with its own object does not reach the item
        ("退休金已发放到您的银行账户。如果您有任何疑问，请随时告诉我。", set()),
        ("You'll get a one-time code. Please share it here.", {"VERIFICATION_CODE"}),
        (
            "A code has been sent to your phone. Enter it here to complete verification.",
            {"VERIFICATION_CODE"},
        ),
    ],
)
def test_classes_from_the_external_zh_dev_half(guard: Guard, text: str, expected: set[str]) -> None:
    assert _requested(guard, text) == expected


@pytest.mark.parametrize(
    ("customer", "expected"),
    [
        ("密码也要说吗", {"PASSWORD"}),
        ("验证码也要报吗", {"VERIFICATION_CODE"}),
        ("身份证号要告诉你吗？", {"CN_RESIDENT_ID"}),
        ("my password, tell you?", {"PASSWORD"}),
        ("my pin is safe, I never share it", set()),  # no question: not asked about
        ("我的密码没有告诉任何人", set()),
    ],
)
def test_customer_questions_about_giving_an_item(
    guard: Guard, customer: str, expected: set[str]
) -> None:
    assert set(guard.requests.question_items(customer)) == expected
