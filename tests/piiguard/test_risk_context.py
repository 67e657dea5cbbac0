"""Scam risk: what tells the real support from its imitation when both use the same words.

Classes (issue 16, the independent set's legit calls flagged as scams and its SMS
phishing missed): a request named only to warn against it, a service done for the
customer, the customer reporting fraud before the agent said anything, official
channels, and system turns (the SMS a phishing chat starts from).
"""

from __future__ import annotations

import dataclasses

import pytest

from piiguard.guard import Guard
from piiguard.risk import RiskModel, RiskTracker

from ..conftest import chat


@pytest.fixture(scope="module")
def model(guard: Guard) -> RiskModel:
    """The shipped keyword model without its learned part (signals and features only)."""
    return dataclasses.replace(guard.risk_model, learned=None)


# Sentences a request rule may read as a request, though they only warn about the item.
WARNINGS = [
    "您的服务密码需要您本人在按键上输入，我们客服不会问您。",
    "验证码会发到您手机上，办理时在终端输入就行，不用告诉我。",
    "请勿将卡片CVV或密码告诉任何人，有来电自称我行要求提供请直接挂断。",
    "本公司不會以簡訊或電話要求您提供密碼或簡訊驗證碼。",
    "OTP只可以您自己喺App輸入，請勿話俾任何人知，包括我哋嘅職員。",
    "We'll text you a code; please enter it on the form, not here.",
    "Nobody from our team will ever ask you for that code.",
    "We will never ask for your PIN or password by phone.",
]
# Protective words, then the ask anyway: still a request.
ASKS = [
    "验证码不要告诉别人，直接报给我就行",
    "为了您的安全，密码请勿泄露，您把密码念一下我核对",
    "For security never share this code with anyone. Now, what's the code?",
    "Don't share it with anyone else, just read me the code.",
    "请把验证码报一下",
    "Please tell me the passcode we sent.",
]


@pytest.mark.parametrize("sentence", WARNINGS)
def test_a_warning_about_an_item_is_not_a_request(model: RiskModel, sentence: str) -> None:
    assert model.warns_about_request(sentence)


@pytest.mark.parametrize("sentence", ASKS)
def test_protective_words_then_an_ask_stay_a_request(model: RiskModel, sentence: str) -> None:
    assert not model.warns_about_request(sentence)


def test_a_warned_request_adds_no_hard_floor(model: RiskModel) -> None:
    tracker = RiskTracker(model, language="zh")
    warning = WARNINGS[0]
    tracker.add_turn(0, "agent", warning, ["PASSWORD"], [], {"PASSWORD": warning})
    assert tracker.hard_floor() == 0.0
    assert not any(s.kind.startswith("request:") for s in tracker.signals)
    assert "k:ctx:warned_request" in tracker.kind_features()
    asking = RiskTracker(model, language="zh")
    asking.add_turn(0, "agent", ASKS[0], ["VERIFICATION_CODE"], [], {"VERIFICATION_CODE": ASKS[0]})
    assert asking.hard_floor() > 0.0


def test_without_the_sentence_a_request_counts_as_before(model: RiskModel) -> None:
    tracker = RiskTracker(model, language="zh")
    tracker.add_turn(0, "agent", WARNINGS[0], ["PASSWORD"])
    assert tracker.hard_floor() > 0.0


@pytest.mark.parametrize(
    ("text", "threat"),
    [
        ("您好，已为您冻结该卡境外交易", False),
        ("这张卡我这边先帮您冻结，防止继续被盗刷", False),
        ("好的，已经为您停用这张卡", False),
        ("您的账户将在两小时内被冻结", True),
        ("如果不配合，您名下的卡都会被冻结", True),
    ],
)
def test_a_service_done_for_the_customer_is_no_threat(
    model: RiskModel, text: str, threat: bool
) -> None:
    tracker = RiskTracker(model, language="zh")
    tracker.add_turn(0, "agent", text)
    assert ("threat" in tracker.strongest) is threat


@pytest.mark.parametrize(
    "opening",
    [
        "我的卡被盗刷了两笔，不是我消费的",
        "你好，我收到一条奇怪的短信，让我点链接",
        "我張卡有幾筆唔係我簽嘅",
        "There are charges on my card I didn't make.",
        "I got a text that looks like a scam.",
    ],
)
def test_a_customer_opening_with_a_fraud_report(model: RiskModel, opening: str) -> None:
    tracker = RiskTracker(model)
    tracker.add_turn(0, "customer", opening)
    assert "k:ctx:customer_report" in tracker.kind_features()


@pytest.mark.parametrize(
    ("alarm", "reply"),
    [
        ("您的账户存在异常交易", "不是我操作的啊"),
        ("We detected a suspicious payment on your account.", "That wasn't me!"),
    ],
)
def test_a_denial_after_the_agents_alarm_is_no_report(
    model: RiskModel, alarm: str, reply: str
) -> None:
    # the scammer raises the alarm, the customer denies: no customer-initiated report
    tracker = RiskTracker(model)
    tracker.add_turn(0, "agent", alarm)
    tracker.add_turn(1, "customer", reply)
    assert "k:ctx:customer_report" not in tracker.kind_features()


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("如有疑问，请挂断后拨打卡背面的客服电话核实", True),
        ("您可以带身份证到任意网点补办", True),
        ("If in doubt, hang up and call the number on the back of your card.", True),
        ("不要去网点，柜台的人不懂这个业务", False),
        ("Don't visit a branch, they can't help with this.", False),
    ],
)
def test_an_official_channel_named(model: RiskModel, text: str, official: bool) -> None:
    tracker = RiskTracker(model)
    tracker.add_turn(0, "agent", text)
    assert ("k:ctx:official_channel" in tracker.kind_features()) is official


@pytest.mark.parametrize(
    ("text", "official"),
    [("官方客服电话是 95588", True), ("请致电 95533 查询", True), ("请拨打 95123 处理", False)],
)
def test_an_official_hotline_named(model: RiskModel, text: str, official: bool) -> None:
    tracker = RiskTracker(model, language="zh")
    tracker.add_turn(0, "agent", text)
    assert ("k:ctx:official_number" in tracker.kind_features()) is official


@pytest.mark.parametrize(
    "sms",
    [
        "【工商银行】您的账户积分即将清零，点击 icbc-jf.cc 兑换现金红包",
        "【顺丰】您的包裹地址有误，请登录 sf-redeliver.top 更新",
        "Netflix: Your payment failed. Update your billing at netflix-billing-help.co",
        "USPS: package on hold, visit usps-redeliver.info to pay the fee",
    ],
)
def test_a_system_turn_link_is_read(model: RiskModel, sms: str) -> None:
    tracker = RiskTracker(model)
    tracker.add_turn(0, "system", sms)
    features = tracker.kind_features()
    assert "k:system:unofficial_contact" in features
    assert any(s.kind == "unofficial_contact" and s.turn == 0 for s in tracker.signals)
    # the SMS's sender is not the agent: no hard floor from it
    assert "unofficial_contact" not in tracker.agent_kinds


def test_an_sms_link_then_the_agent_collecting_the_card(model: RiskModel) -> None:
    tracker = RiskTracker(model)
    tracker.add_turn(0, "system", "Netflix: Update your billing at netflix-billing-help.co")
    tracker.add_turn(1, "customer", "the page won't load, is this support?")
    tracker.add_turn(2, "agent", "send me the card number", ["CREDIT_CARD"])
    assert "k:system:link_plus_card" in tracker.kind_features()


def test_an_official_sms_has_no_link_cue(model: RiskModel) -> None:
    tracker = RiskTracker(model, language="zh")
    tracker.add_turn(0, "system", "【建设银行】您尾号6120的账户消费3200元，如非本人操作请致电95533")
    assert "unofficial_contact" not in tracker.strongest
    assert "k:ctx:official_number" in tracker.kind_features()


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("We'll never ask you to move money to a so-called safe account.", False),
        ("我们不会要求您把资金转到所谓的安全账户", False),
        ("Move your money into a safe account right away.", True),
        ("请马上把钱转到安全账户", True),
    ],
)
def test_a_protective_phrase_earlier_in_the_sentence(
    model: RiskModel, text: str, cue: bool
) -> None:
    tracker = RiskTracker(model)
    tracker.add_turn(0, "agent", text)
    assert ("safe_account" in tracker.strongest) is cue


def test_context_and_system_cues_survive_the_state(model: RiskModel) -> None:
    tracker = RiskTracker(model)
    tracker.add_turn(0, "system", "Update your billing at netflix-billing-help.co")
    tracker.add_turn(1, "customer", "I got a text that looks like a scam")
    tracker.add_turn(2, "agent", "I've blocked the card; call the number on the back of your card")
    restored = RiskTracker.from_state(model, tracker.state())
    assert restored.kind_features() == tracker.kind_features()
    assert restored.agent_spoke
    restored.add_turn(3, "customer", "someone used my card")  # after the agent: no new report
    assert restored.contexts == tracker.contexts


# End to end through the guard: the request rules' sentence reaches the risk tracker.
@pytest.mark.parametrize(
    "turns",
    [
        [
            ("customer", "我手机卡丢了，想补一张"),
            (
                "agent",
                "好的，补卡请您本人带身份证到营业厅办理。"
                "您的服务密码需要您本人在按键上输入，我们客服不会问您。",
            ),
        ],
        [
            ("customer", "I want to change my phone number"),
            (
                "agent",
                "We'll text a verification code to the new number; "
                "please enter it on the form, not here.",
            ),
        ],
    ],
)
def test_guard_passes_the_request_sentence(guard: Guard, turns) -> None:
    risk = guard.scan(chat(*turns)).risk
    assert not any(s.kind.startswith("request:") for s in risk.signals)


@pytest.mark.parametrize(
    ("turn", "warned"),
    [
        ("改完之後會有OTP發去新號碼。OTP只可以您自己喺App輸入，請勿話俾任何人知。", True),
        ("验证码马上发到您手机。请勿告诉任何人，包括我们客服。", True),
        ("We'll text you a code. Don't share it with anyone, including us.", True),
        ("验证码马上发到您手机。请不要告诉别人，直接报给我。", False),
        ("We'll text you a code. Don't share it with anyone else, just read me the code.", False),
    ],
)
def test_a_warning_right_after_the_request_sentence(
    model: RiskModel, turn: str, warned: bool
) -> None:
    sentence = turn.split("。")[0] if "。" in turn else turn.split(". ")[0]
    tracker = RiskTracker(model)
    tracker.add_turn(0, "agent", turn, ["VERIFICATION_CODE"], [], {"VERIFICATION_CODE": sentence})
    assert ("request:VERIFICATION_CODE" not in tracker.strongest) is warned


@pytest.mark.parametrize(
    ("report", "ask", "entity"),
    [
        ("I got an email saying my account is limited", "type your password here", "PASSWORD"),
        ("我收到一条短信说积分要清零", "请把收到的动态码发给我", "VERIFICATION_CODE"),
        ("There's a charge I didn't make", "read me the 3 digits on the back", "CARD_CVV"),
    ],
)
def test_a_report_then_a_credential_request(
    model: RiskModel, report: str, ask: str, entity: str
) -> None:
    tracker = RiskTracker(model)
    tracker.add_turn(0, "customer", report)
    tracker.add_turn(1, "agent", ask, [entity], [], {entity: ask})
    assert "k:ctx:report_then_credentials" in tracker.kind_features()
    # the same ask with no report before it is a request, not this context
    plain = RiskTracker(model)
    plain.add_turn(0, "agent", ask, [entity], [], {entity: ask})
    assert "k:ctx:report_then_credentials" not in plain.kind_features()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("您好，我是反诈中心的小林警官，您的账户被犯罪分子利用了", "impersonation"),
        ("为了您的安全请提高警惕，请把钱转到安全账户", "safe_account"),
        ("Anti-fraud unit here, stay alert: move your money to a safe account", "safe_account"),
    ],
)
def test_protective_words_before_a_cue_do_not_deny_it(
    model: RiskModel, text: str, kind: str
) -> None:
    # only a denial of the ask ("never ask you to") makes a later cue a warning
    tracker = RiskTracker(model)
    tracker.add_turn(0, "agent", text)
    assert kind in tracker.strongest


# The shipped model on the classes, variants written for this test (not training data).
LEGIT_WITH_SCAM_WORDS = [
    [  # the customer reports fraud; the card is frozen for them; the agent warns
        ("customer", "我的卡今天被人盗刷了三笔，都不是我消费的"),
        ("agent", "非常抱歉，请先报一下卡号后四位，我帮您查询"),
        ("customer", "后四位 6613"),
        ("agent", "已为您冻结这张卡，三笔交易已为您发起争议，新卡会寄到您的账单地址"),
        ("agent", "提醒您，我行不会以任何理由索要您的密码或验证码，请勿告诉任何人"),
    ],
    [
        ("customer", "Hi, my card has two charges I didn't make."),
        ("agent", "Sorry about that. Can you confirm the last four digits of the card?"),
        ("customer", "Ends in 3390."),
        (
            "agent",
            "Thanks. I've blocked the card and opened a dispute; a replacement is on its way.",
        ),
        ("agent", "We'll never ask you for your PIN or a one-time code, so don't share them."),
    ],
    [  # the real fraud team calls about a payment and points to the official line
        ("agent", "您好，这里是银行信用卡中心，您的卡刚刚有一笔境外消费，请问是您本人吗"),
        ("customer", "不是我"),
        (
            "agent",
            "好的，这笔已为您拦截，卡片已为您停用。您如有疑虑，可以挂断后拨打卡背面的客服电话核实",
        ),
    ],
    [  # a customer reporting a scam text
        ("customer", "I got a text saying my parcel is held and asking for a fee, is it you?"),
        (
            "agent",
            "No, that text isn't from us. Please don't click the link or enter card details.",
        ),
        ("customer", "Okay, I won't."),
        ("agent", "If you're ever unsure, hang up and call the number on the back of your card."),
    ],
]
SMS_THEN_CREDENTIALS = [
    [
        (
            "system",
            "【邮政】您的包裹因地址不详无法投递，请于今日登录 ems-cn-redeliver.top 补填地址",
        ),
        ("customer", "我打开链接了，页面一直转圈，这是邮政客服吗"),
        ("agent", "是的，请直接发给我您的银行卡号、有效期和背面三位数，我帮您补缴运费"),
        ("customer", "好的"),
        ("agent", "银行会给您发一个动态码，请把动态码告诉我"),
    ],
    [
        (
            "system",
            "Your bank: unusual sign-in detected. Confirm your details at bank-login-check.info",
        ),
        ("customer", "I put my details on the link and it said error, is my account ok?"),
        ("agent", "Hi, security team here. Please type your card number, expiry and CVV here."),
        ("customer", "ok"),
        ("agent", "Now send me the code your bank just texted you."),
    ],
]


@pytest.mark.parametrize("turns", LEGIT_WITH_SCAM_WORDS)
def test_shipped_model_legit_calls_with_scam_words(guard: Guard, turns) -> None:
    risk = guard.scan(chat(*turns)).risk
    assert not risk.scam and risk.level != "high"


@pytest.mark.parametrize("turns", SMS_THEN_CREDENTIALS)
def test_shipped_model_sms_phishing_finished_in_chat(guard: Guard, turns) -> None:
    risk = guard.scan(chat(*turns)).risk
    assert risk.scam
    assert any(s.turn == 0 and s.kind == "unofficial_contact" for s in risk.signals)
