"""Scam classes of session 6 (issue 16): tech support with remote access only,
delivery-fee phishing links, a relative's bail or accident call; and the hard negatives
that share their words. Plus: the tracker's shortcuts change no result."""

from __future__ import annotations

import random

import pytest

from piiguard.guard import Guard
from piiguard.risk import RiskTracker
from piiguard.risk_features import turn_features
from piiguard.risk_learned import LearnedState

from ..conftest import chat

# (agent text, signal kind expected): typed and spoken (no punctuation), zh and en.
CLASS_SIGNALS = [
    ("您好，我是宽带的技术人员，您家路由器被黑客入侵了", "tech_alarm"),
    ("检测到您电脑中了病毒 个人信息有泄露风险", "tech_alarm"),
    ("this is the technical department, your router has been hacked", "tech_alarm"),
    ("your computer is infected with malware", "tech_alarm"),
    ("您的包裹地址不详，无法派送", "delivery_problem"),
    ("您的快递被扣了 需要补缴运费", "delivery_problem"),
    ("your parcel is on hold at our depot, there is a redelivery fee", "delivery_problem"),
    ("we need you to confirm your address and pay the customs fee", "delivery_problem"),
    ("奶奶，是我，我出车祸了，需要交保释金", "family_plea"),
    ("爷爷 我被警察抓了", "family_plea"),
    ("grandma it's me i'm in jail and need bail money", "family_plea"),
    ("this is the public defender for your grandson", "family_plea"),
]


def _kinds(guard: Guard, *turns: tuple[str, str]) -> set[str]:
    return {s.kind for s in guard.scan(chat(*turns)).risk.signals}


@pytest.mark.parametrize(("text", "kind"), CLASS_SIGNALS)
def test_class_signal(guard: Guard, text: str, kind: str) -> None:
    assert kind in _kinds(guard, ("agent", text))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the customer's own trouble is how a call to the real provider starts
        ("my laptop is slow, I think it has a virus", "tech_alarm"),
        ("我电脑好像中了病毒，能帮我看看吗", "tech_alarm"),
        ("奶奶让我问一下包裹滞留了怎么办", "delivery_problem"),
        # a warning names the cue to deny it
        ("we never charge a redelivery fee by text link", "delivery_problem"),
        ("我们不会通过短信链接收取任何运费", "delivery_problem"),
    ],
)
def test_not_the_class_cue(guard: Guard, text: str, kind: str) -> None:
    speaker = "customer" if text.startswith(("my ", "我", "奶奶")) else "agent"
    assert kind not in _kinds(guard, (speaker, text))


@pytest.mark.parametrize(
    ("turns", "combo"),
    [
        (
            [
                ("agent", "您好，我是电信技术支持，您家宽带有异常流量"),
                ("agent", "请打开腾讯会议，点共享屏幕，我帮您处理"),
            ],
            "tech_alarm_plus_remote",
        ),
        (
            [
                ("agent", "Your package could not be delivered."),
                ("agent", "Please pay the redelivery fee at parcel-help.top today."),
            ],
            "link_plus_delivery",
        ),
        (
            [
                ("agent", "Grandpa, it's your grandson, I got arrested."),
                ("agent", "Please don't tell Mom, keep this between us."),
            ],
            "family_secret",
        ),
        (
            [
                ("agent", "外婆，我出事了，撞了人"),
                ("agent", "要先交保释金两万"),
            ],
            "family_money",
        ),
    ],
)
def test_class_combo(guard: Guard, turns, combo: str) -> None:
    assert combo in _kinds(guard, *turns)


# Whole conversations written for this test (not taken from the data files): the scam
# class is flagged, the legit conversation with the same words is not.
SCAMS = [
    [
        ("agent", "您好，我是网络安全中心的工程师，您的电脑被植入了木马"),
        ("customer", "那怎么办"),
        ("agent", "您下载一个远程软件，把识别码告诉我，我远程帮您清理"),
        ("customer", "好的，装好了"),
        ("agent", "好，您别动鼠标，我来操作"),
    ],
    [
        ("agent", "Hi, this is Windows support, your computer is infected with a virus."),
        ("customer", "Oh no, what do I do?"),
        ("agent", "Please share your screen with me so I can remove it."),
        ("customer", "Okay, I've shared it."),
        ("agent", "Great, I'm connected. Don't touch the mouse."),
    ],
    [
        ("agent", "Hello, your parcel is on hold because the address is incomplete."),
        ("customer", "Oh, what should I do?"),
        ("agent", "Go to parcel-redeliver.top and pay the $1.99 redelivery fee with your card."),
        ("customer", "Okay, I'm doing it now."),
    ],
    [
        ("agent", "Grandma, it's me. I'm in jail after a car accident."),
        ("customer", "Oh my goodness, are you hurt?"),
        ("agent", "I need bail money today, the lawyer says cash only."),
        ("agent", "Please don't tell Mom and Dad."),
        ("customer", "Okay, I'll go to the bank."),
    ],
]
LEGIT = [
    [
        ("customer", "你好，我家宽带很慢，路由器一直闪红灯"),
        ("agent", "好的，请问装机地址是哪里"),
        ("customer", "幸福小区三栋"),
        ("agent", "我们安排师傅明天上门检修，不收任何费用"),
        ("customer", "好的谢谢"),
    ],
    [
        ("agent", "Hi, it's the driver, I have a parcel for you but nobody answered."),
        ("customer", "Sorry, can you leave it next door?"),
        ("agent", "Sure, no fee, I'll leave it with number 12."),
        ("customer", "Thanks!"),
    ],
    [
        ("agent", "Hi Grandma, it's me! I'll visit on Saturday."),
        ("customer", "How lovely, dear."),
        ("agent", "Don't tell Mom, we're planning a surprise party for her."),
        ("customer", "My lips are sealed."),
    ],
]


@pytest.mark.parametrize("turns", SCAMS)
def test_class_scam_is_flagged(guard: Guard, turns) -> None:
    assert guard.scan(chat(*turns)).risk.scam


@pytest.mark.parametrize("turns", LEGIT)
def test_class_legit_is_not_flagged(guard: Guard, turns) -> None:
    assert not guard.scan(chat(*turns)).risk.scam


def test_learned_sums_do_not_depend_on_feature_order(guard: Guard) -> None:
    """The learned state adds only the model's features, in whatever order a set gives
    them: shuffled input gives the same logit, type sums and evidence."""
    learned = guard.risk_model.learned
    assert learned is not None
    features = list(learned.features[::7]) + ["a:not a feature", "c:nor this"]
    first = LearnedState(learned)
    first.add(features)
    rng = random.Random(16)
    for _ in range(5):
        rng.shuffle(features)
        other = LearnedState(learned)
        for chunk in (features[:40], features[40:]):
            other.add(set(chunk))
        assert other.logit_units == first.logit_units
        assert other.type_units == first.type_units
        assert other.evidence() == first.evidence()


def test_skipping_unchanged_cues_changes_nothing(guard: Guard) -> None:
    """The tracker adds its cue features only when a kind, context or protection is new:
    the learned state equals one fed every cue feature after every turn."""
    model = guard.risk_model
    assert model.learned is not None
    turns = [
        ("customer", "我的卡被盗刷了"),
        ("agent", "已为您冻结，请提供卡号后四位"),
        ("agent", "您的账户存在异常，请马上核实身份"),
        ("agent", "请下载向日葵，我远程帮您"),
        ("customer", "好的"),
    ]
    tracker = RiskTracker(model, language="zh")
    reference = LearnedState(model.learned)
    for index, (speaker, text) in enumerate(turns):
        tracker.add_turn(index, speaker, text)
        reference.add(turn_features(speaker, text))
        reference.add(tracker.kind_features())
        assert tracker.learned is not None
        assert tracker.learned.seen == reference.seen
        assert tracker.learned.logit_units == reference.logit_units
