"""The learned scam-risk model: features, the shipped weights, training, state."""

from __future__ import annotations

import json

import pytest

from piiguard.guard import Guard
from piiguard.model import Turn
from piiguard.risk_features import turn_features
from piiguard.risk_learned import SCAM_TYPES, LearnedModel, LearnedState

from ..conftest import chat


@pytest.mark.parametrize(
    ("speaker", "text", "present", "absent"),
    [
        ("agent", "请转到安全账户", {"a:安全", "a:全账户"}, {"c:安全"}),
        ("customer", "move it to a safe account", {"c:safe account", "c:move"}, {"a:move"}),
        ("agent", "卡号 ####，验证码 ######", {"a:卡号", "a:验证码"}, {"a:#", "a:##"}),
        ("agent", "code 123456 now", {"a:code", "a:now"}, {"a:123456", "a:code 123456"}),
        ("system", "会话已转接", set(), {"a:转接", "c:转接"}),
        # the external sets' shortcut words never become features
        ("agent", "请提供身份证和银行卡，然后转账", set(), {"a:身份证", "a:银行卡", "a:转账"}),
        ("agent", "your social security number", {"a:number"}, {"a:social security"}),
    ],
)
def test_turn_features(speaker: str, text: str, present: set, absent: set) -> None:
    features = turn_features(speaker, text)
    assert present <= features and not (absent & features)


def test_no_feature_holds_a_digit_or_a_mask(guard: Guard) -> None:
    model = guard.risk_model.learned
    assert model is not None and len(model.features) > 1000
    assert not [f for f in model.features if any(c.isdigit() or c == "#" for c in f)]


def test_shipped_model_separates_a_scam_from_a_service_call(guard: Guard) -> None:
    scam = guard.scan(
        chat(
            ("agent", "您好，我是银行安全中心的，您的账户存在异常，需要马上核实身份"),
            ("customer", "那怎么办"),
            ("agent", "不要挂电话，也不要去柜台，马上把资金转到我们给的账户，不然会被冻结"),
        )
    ).risk
    legit = guard.scan(
        chat(
            ("customer", "我想改一下收货地址"),
            ("agent", "好的，请问新地址是哪里"),
            ("customer", "改到公司吧"),
            ("agent", "已经帮您修改好了"),
        )
    ).risk
    assert scam.scam and scam.type in SCAM_TYPES and scam.evidence
    assert not legit.scam and legit.type is None and legit.score < 0.4


@pytest.mark.parametrize(
    ("turns", "language", "expected_type"),
    [
        (
            [("agent", "我是公安局的警官，您涉嫌洗钱，请转到安全账户，不要告诉家人")],
            "zh",
            "authority",
        ),
        (
            [
                (
                    "agent",
                    "hello, this is Microsoft support, your computer is sending virus errors",
                ),
                ("customer", "oh really? what should I do"),
                ("agent", "please install AnyDesk and give me the access code so I can fix it"),
                ("agent", "the repair costs 299 dollars, you can pay with gift cards"),
            ],
            "en",
            "tech_support",
        ),
    ],
)
def test_warning_names_the_type_and_its_next_step(
    guard: Guard, turns, language: str, expected_type: str
) -> None:
    risk = guard.scan(chat(*turns, language=language)).risk
    assert risk.scam and risk.type == expected_type
    typed = guard.risk_model.warnings[language]["types"][expected_type]
    assert typed["intro"] in risk.warning and typed["next_step"] in risk.warning


def test_state_round_trip_keeps_the_score(guard: Guard) -> None:
    conversation = guard.conversation(language="zh")
    conversation.add_turn(Turn("agent", "您好，这里是客服中心，您的订单出现异常"))
    state = json.loads(json.dumps(conversation.state()))
    stored = state["risk"]["learned"]  # feature indices as letters: no words, no digit runs
    assert stored and stored.isalpha() and stored.isupper()
    again = type(conversation).from_state(guard, state)
    follow = Turn("agent", "需要退款的话请加一下客服微信")
    assert again.add_turn(follow).risk == conversation.add_turn(follow).risk


def test_model_file_is_checked() -> None:
    good = {
        "bias": 0.0,
        "features": ["a:x"],
        "weights": [5.0],
        "types": ["prize"],
        "type_bias": [0.0],
        "type_weights": {"0": [0.5]},
    }
    assert LearnedModel.from_dict(good).probability(["a:x"]) > 0.5
    for broken in (
        {**good, "weights": []},
        {**good, "types": ["not-a-type"]},
        {**good, "type_weights": {"7": [0.5]}},
    ):
        with pytest.raises(ValueError):
            LearnedModel.from_dict(broken)


def test_scores_after_each_turn_equal_a_rescore_of_the_prefix(guard: Guard) -> None:
    model = guard.risk_model.learned
    turns = [("agent", "您好这里是理赔中心"), ("customer", "什么理赔"), ("agent", "请下载会议软件")]
    state = LearnedState(model)
    seen: set[str] = set()
    for speaker, text in turns:
        state.add(turn_features(speaker, text))
        seen |= turn_features(speaker, text)
        assert state.probability() == pytest.approx(model.probability(seen))


def test_training_is_deterministic_and_learns(guard: Guard, tmp_path) -> None:
    pytest.importorskip("sklearn")
    from piiguard.risk_train import featurise, fit, load_examples

    rows = []
    scam_lines = [
        "请把钱转到指定账户核查",
        "请下载远程软件共享屏幕",
        "领奖前先交手续费",
        "不要告诉家人",
    ]
    legit_lines = ["您的快递明天送到", "请问您要改签几点的车票", "这个菜不辣", "发票已经开好了"]
    for i in range(24):
        scam = i % 2 == 0
        lines = scam_lines if scam else legit_lines
        turns = [{"speaker": "agent", "text": lines[(i // 2 + k) % 4]} for k in range(2)]
        rows.append(
            {
                "id": f"c{i}",
                "language": "zh",
                "turns": turns,
                "gold": {
                    "scam": scam,
                    "scam_type": ("prize", "tech_support")[i % 4 // 2] if scam else None,
                },
            }
        )
    data = tmp_path / "risk_tiny.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    items = featurise(guard, load_examples([data]))
    first, second = fit(items), fit(items)
    assert first.to_dict() == second.to_dict()
    assert first.probability(turn_features("agent", "请下载远程软件")) > first.probability(
        turn_features("agent", "您的快递明天送到")
    )


def test_explain_risk_prints_turns_signals_evidence_and_type(tmp_path, capsys) -> None:
    from piiguard.cli import main

    transcript = {
        "id": "x1",
        "language": "zh",
        "turns": [
            {
                "speaker": "agent",
                "text": "我是公安局的警官，您的账户涉嫌洗钱，卡号 6222 0212 3456 7891 233",
            },
            {"speaker": "agent", "text": "请把钱转到安全账户，这件事不要告诉家人"},
        ],
    }
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(transcript, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["explain-risk", str(path)]) == 0
    out = capsys.readouterr().out
    assert "turn   0" in out and "turn   1" in out and "verdict: scam=True" in out
    assert "type: authority" in out and "signal turn 1 safe_account" in out
    assert "evidence " in out and "6222" not in out


def test_explain_risk_reports_bad_input(tmp_path, capsys) -> None:
    from piiguard.cli import main

    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    assert main(["explain-risk", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_evidence_is_the_strongest_seen_features(guard: Guard) -> None:
    model = guard.risk_model.learned
    state = LearnedState(model)
    for text in ["您好这里是客服中心", "请下载会议软件共享屏幕", "把验证码告诉我", "不要告诉家人"]:
        state.add(turn_features("agent", text))
    positive = [i for i in state.seen if model.weights[i] > 0]
    expected = sorted(positive, key=lambda i: (-model.weights[i], model.features[i]))[:5]
    assert [e.feature for e in state.evidence()] == [model.features[i] for i in expected]


@pytest.mark.parametrize(
    "turns",
    [
        [("agent", "您好")],
        [("agent", "hello, how can I help?")],
        [("customer", "你好")],
        [("agent", "您好"), ("customer", "你好，我想问一下")],
    ],
)
def test_a_greeting_alone_is_low(guard: Guard, turns) -> None:
    # short conversations carry little evidence: the learned part must not call them
    # risky just because its classes were balanced (a greeting alone used to score 0.59)
    risk = guard.scan(chat(*turns)).risk
    assert risk.level == "low" and risk.warning is None


@pytest.mark.parametrize("indices", [[], [0], [1, 25, 26, 4821, 17575], list(range(0, 6000, 7))])
def test_learned_state_encoding_round_trips_without_digits(indices) -> None:
    from piiguard.risk_learned import decode_indices, encode_indices

    text = encode_indices(indices)
    assert not any(c.isdigit() for c in text)
    assert decode_indices(text) == sorted(indices)
