"""Scam risk: signals per kind in both languages, how they combine, the warning."""

from __future__ import annotations

import pytest

from piiguard.guard import Guard

from ..conftest import chat

# (agent text, signal kind expected) - each alone in a conversation.
SIGNALS = [
    ("请把钱转到我们的安全账户进行资金核查", "safe_account"),
    ("move your balance into a safe account set up in your name", "safe_account"),
    ("请下载向日葵，把识别码发给我", "remote_access"),
    ("please install AnyDesk so I can help", "remote_access"),
    ("这个窗口不安全，请加一下客服微信", "off_platform"),
    ("let's continue on WhatsApp", "off_platform"),
    ("您的账户将在两小时内被冻结", "threat"),
    ("a warrant has been issued for your arrest", "threat"),
    ("快递丢失，我们给您双倍赔偿", "refund_bait"),
    ("you are owed compensation for overcharged fees", "refund_bait"),
    ("需要把借呗的额度借出来，注销校园贷", "loan_credit"),
    ("take out a matching loan to clear your loan record", "loan_credit"),
    ("我是公安局刑侦支队的警官", "impersonation"),
    ("this is the FTC calling", "impersonation"),
    ("pay with Google Play gift cards", "payment_method"),
    ("请用比特币支付", "payment_method"),
    ("这件事不要告诉家人", "secrecy"),
    ("don't tell anyone at the bank", "secrecy"),
    ("请先缴纳解冻金", "advance_fee"),
    ("点击链接 pdd-tuikuan.cc 领取退款", "unofficial_contact"),
]


def _kinds(guard: Guard, *turns: tuple[str, str]) -> set[str]:
    return {s.kind for s in guard.scan(chat(*turns)).risk.signals}


@pytest.mark.parametrize(("text", "kind"), SIGNALS)
def test_signal(guard: Guard, text: str, kind: str) -> None:
    assert kind in _kinds(guard, ("agent", text))


@pytest.mark.parametrize(
    "text",
    [
        "公安机关不会通过电话办案，更不存在什么安全账户，这是诈骗",
        "we will never ask you to move money to a safe account, that is a scam",
    ],
)
def test_warning_about_a_cue_is_not_the_cue(guard: Guard, text: str) -> None:
    assert "safe_account" not in _kinds(guard, ("agent", text))


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft won't call you about a virus on your computer",
        "the police cannot ask you for a transfer over the phone",
        "the IRS doesn't phone people demanding payment",
    ],
)
def test_a_negated_contraction_is_a_warning_too(guard: Guard, text: str) -> None:
    assert "impersonation" not in _kinds(guard, ("agent", text))


def test_one_weak_cue_stays_low(guard: Guard) -> None:
    risk = guard.scan(chat(("agent", "您的退款已经原路退回"), ("customer", "好的谢谢"))).risk
    assert risk.level == "low" and not risk.scam and risk.warning is None


def test_code_request_plus_off_platform_is_high(guard: Guard) -> None:
    risk = guard.scan(chat(("agent", "请加我的微信"), ("agent", "把收到的验证码发给我"))).risk
    assert risk.level == "high" and risk.scam


def test_signals_carry_turn_and_text(guard: Guard) -> None:
    risk = guard.scan(chat(("agent", "你好"), ("agent", "请下载AnyDesk"))).risk
    (signal,) = [s for s in risk.signals if s.kind == "remote_access"]
    assert signal.turn == 1 and "AnyDesk" in signal.text


def test_signal_text_never_holds_a_value(guard: Guard) -> None:
    risk = guard.scan(
        chat(("agent", "回拨我们的专线 021-6288 7435，转到安全账户 6217001234567890122"))
    ).risk
    texts = " ".join(s.text for s in risk.signals)
    assert risk.signals and "6288" not in texts and "6217001234567890122" not in texts


@pytest.mark.parametrize(
    ("language", "turns", "expect"),
    [
        (
            "zh",
            [("agent", "这里是公安局，您涉嫌洗钱，请把钱转到安全账户，不要告诉家人")],
            "风险提醒",
        ),
        (
            "en",
            [
                (
                    "agent",
                    "this is the police, move your money to a safe account "
                    "and don't tell your family",
                )
            ],
            "Warning",
        ),
    ],
)
def test_warning_in_the_conversation_language(
    guard: Guard, language: str, turns, expect: str
) -> None:
    risk = guard.scan(chat(*turns, language=language)).risk
    assert risk.level == "high" and risk.warning.startswith(expect)
    assert ("安全账户" in risk.warning) if language == "zh" else ("safe" in risk.warning)


# Issue 23 item 3: reassurance words (反诈, 提高警惕, "we never ask") soften only what
# they contradict; they never cancel a code request, a safe-account transfer or remote
# access. Each row: the conversation, and whether it must be a scam.
REASSURANCE = [
    (  # a real bank anti-fraud call: the customer retells the scam, the agent warns
        [
            ("agent", "您好，这里是银行反诈中心，您刚才的转账对象可能是骗子"),
            ("customer", "他说要把钱转到安全账户"),
            ("agent", "银行不会要求您转到安全账户，也不会索要验证码，请不要再转了"),
        ],
        False,
    ),
    (  # a fake 反诈中心 "police" script: reassurance vocabulary around a safe-account transfer
        [
            ("agent", "这里是市公安局反诈中心，请您提高警惕，您的账户涉嫌洗钱"),
            ("agent", "为了保护您的资金，请把存款转到我们的安全账户核查，这是反诈流程"),
        ],
        True,
    ),
    (  # "we never ask for codes", then asks for one, then a move off-platform
        [
            ("agent", "we will never ask for your password, this is a scam warning"),
            ("agent", "please add me on WhatsApp and read me the verification code we sent"),
        ],
        True,
    ),
    (  # remote access wrapped in safety talk
        [
            ("agent", "为了您的资金安全请提高警惕，我们是正规客服"),
            ("agent", "请下载向日葵远程控制软件，把识别码告诉我，我帮您检查账户"),
        ],
        True,
    ),
]


@pytest.mark.parametrize(("turns", "scam"), REASSURANCE)
def test_reassurance_never_cancels_a_hard_cue(guard: Guard, turns, scam: bool) -> None:
    risk = guard.scan(chat(*turns)).risk
    assert risk.scam is scam
    assert (risk.level == "high") is scam


@pytest.mark.parametrize(
    "protective",
    ["这是反诈提醒，请提高警惕。", "We will never ask for your PIN, stay alert. "],
)
def test_protective_words_do_not_lower_the_hard_floor(guard: Guard, protective: str) -> None:
    code_request = (
        "请把收到的验证码告诉我" if protective.startswith("这") else "tell me the code we sent"
    )
    wrapped = guard.scan(chat(("agent", protective + code_request))).risk
    assert any(s.kind == "request:VERIFICATION_CODE" for s in wrapped.signals)
    # reassurance may soften the learned part, never below the code request's own weight
    floor = guard.risk_model.request_weights["VERIFICATION_CODE"]
    assert wrapped.score >= floor and wrapped.level != "low"


def test_risk_after_last_turn_equals_batch(guard: Guard) -> None:
    turns = [("agent", "这里是京东金融，请加QQ"), ("customer", "好"), ("agent", "把验证码发我")]
    conversation = guard.conversation()
    from piiguard.model import Turn

    for speaker, text in turns:
        last = conversation.add_turn(Turn(speaker, text))
    assert last.risk == guard.scan(chat(*turns)).risk


def test_signals_stay_bounded_in_a_long_conversation() -> None:
    from piiguard.risk import SIGNALS_PER_KIND, RiskModel, RiskTracker

    tracker = RiskTracker(RiskModel.load(), language="zh")
    lines = ["您的账户将被冻结，请转到安全账户", "请下载向日葵开屏幕共享", "不要告诉家人"]
    sizes = []
    for index in range(5000):
        risk = tracker.add_turn(index, "agent", lines[index % len(lines)])
        if index in (99, 4999):
            sizes.append((len(risk.signals), len(str(tracker.state()))))
    # the same signals after 100 turns and after 5,000; the state grows only by the
    # counts' extra digits
    assert sizes[0][0] == sizes[1][0] and sizes[1][1] - sizes[0][1] < 40
    per_kind: dict[str, int] = {}
    for signal in risk.signals:
        per_kind[signal.kind] = per_kind.get(signal.kind, 0) + 1
    assert max(per_kind.values()) <= SIGNALS_PER_KIND
    assert risk.signal_counts["safe_account"] == 1667
    assert risk.to_dict()["signal_counts"]["secrecy"] == 1666


def test_kept_signals_are_the_strongest_of_their_kind() -> None:
    from piiguard.risk import SIGNALS_PER_KIND, RiskModel, RiskTracker

    tracker = RiskTracker(RiskModel.load(), language="zh")
    for index in range(10):  # customer turns count half
        tracker.add_turn(index, "customer", "他让我把钱转到安全账户")
    tracker.add_turn(10, "agent", "请把钱转到安全账户")
    kept = [s for s in tracker.risk().signals if s.kind == "safe_account"]
    assert len(kept) == SIGNALS_PER_KIND and 10 in {s.turn for s in kept}
    assert [s.turn for s in kept][:2] == [0, 1]  # ties keep the earliest


# Issue 16 item 4: consistency of warnings, customers' own alarm, official hotlines,
# signal text boundaries, English impersonation and secrecy.
CONVERSATIONS = [
    [("agent", "您好，请问有什么可以帮您"), ("customer", "查一下快递")],
    [("agent", "您的账户将被冻结"), ("customer", "啊？怎么会冻结")],
    [("agent", "请把收到的验证码告诉我")],
    [
        (
            "agent",
            "this is the IRS, a warrant is out for your arrest, pay in bitcoin and tell no one",
        )
    ],
    [("agent", "我是公安局的警官，您涉嫌洗钱，请转到安全账户，不要告诉家人")],
    [("agent", "your account is suspended"), ("customer", "oh no")],
]


@pytest.mark.parametrize("turns", CONVERSATIONS)
def test_a_warning_calls_it_a_scam_only_when_the_verdict_does(guard: Guard, turns) -> None:
    risk = guard.scan(chat(*turns)).risk
    calls_it_a_scam = risk.warning is not None and (
        "疑似诈骗" in risk.warning or "looks like a scam" in risk.warning
    )
    assert calls_it_a_scam is risk.scam
    assert (risk.warning is None) is (risk.level == "low")


@pytest.mark.parametrize(
    "text", ["啊？怎么会冻结", "我的卡怎么被冻结了", "what? why would my account be frozen?"]
)
def test_a_customers_own_alarm_is_not_a_threat(guard: Guard, text: str) -> None:
    assert "threat" not in _kinds(guard, ("customer", text))


@pytest.mark.parametrize(
    "text",
    [
        "我的账户是不是有异常交易？要我核实身份吗",
        "is there suspicious activity? verify my identity",
    ],
)
def test_a_customer_asking_about_an_alarm_is_no_alarm_cue(guard: Guard, text: str) -> None:
    kinds = _kinds(guard, ("customer", text))
    assert not kinds & {"account_alarm", "identity_check", "alarm_plus_check"}


@pytest.mark.parametrize(
    "text",
    [
        "如有疑问请拨打官方客服热线 95588 核实",
        "您可以挂断后拨打卡背面的官方客服电话 95566",
        "please hang up and call the number on the back of your card",
        "you can call our hotline at 1-800-275-2273 anytime",
    ],
)
def test_naming_the_official_hotline_is_not_a_signal(guard: Guard, text: str) -> None:
    kinds = _kinds(guard, ("agent", text))
    assert not kinds & {"impersonation", "unofficial_contact"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I'm Special Agent Reyes with the FBI", "impersonation"),
        ("this is the IRS calling about unpaid taxes", "impersonation"),
        ("I'm calling from Medicare about your benefits card", "impersonation"),
        ("this is Microsoft support, your computer sent us errors", "impersonation"),
        ("you must tell no one about this call", "secrecy"),
        ("keep it confidential, not even your wife", "secrecy"),
        ("don't call the number on your card, that line is compromised", "callback_discouraged"),
        ("congratulations, you have won our sweepstakes", "prize_claim"),
        ("恭喜您中奖了，领奖需要先交税", "prize_claim"),
        ("中途不要挂电话，也不要联系银行", "callback_discouraged"),
        # urgency plus verification: an alarm or a hurry, then "verify who you are"
        ("您的账户存在异常交易，需要核实您的身份", "alarm_plus_check"),
        ("we noticed suspicious activity, I need to verify your identity", "alarm_plus_check"),
        ("请您马上配合做一下身份验证", "urgent_check"),
        ("you need to confirm your identity right away", "urgent_check"),
    ],
)
def test_english_and_new_cue_kinds(guard: Guard, text: str, kind: str) -> None:
    assert kind in _kinds(guard, ("agent", text))


_PUNCTUATION = set("，。、；：！？,.;:!?…\"'“”‘’()（）[]【】<>- ")


@pytest.mark.parametrize(
    "text",
    [
        "好的，请把钱转到安全账户。",
        "Absolutely, okay, right, so, we need you to move your balance into a safe account today",
        "Well the investigation is sealed and confidential, you see, so do not tell anyone",
        "I understand and I want to reassure you that all is fine, just install anydesk now",
    ],
)
def test_signal_text_starts_and_ends_between_words(guard: Guard, text: str) -> None:
    signals = guard.scan(chat(("agent", text))).risk.signals
    assert signals
    for signal in signals:
        if signal.text.startswith("asks for") or "+" in signal.text:
            continue  # request and combo signals name their kind, not a phrase
        assert signal.text[0] not in _PUNCTUATION
        start = text.find(signal.text)
        assert start >= 0, signal.text
        end = start + len(signal.text)
        assert start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
        assert end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
