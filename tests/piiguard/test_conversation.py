"""Conversation: turn by turn, identical to the batch scan, fails closed, keeps no values."""

from __future__ import annotations

import json

import pytest

from piiguard.formats import read_jsonl
from piiguard.guard import Guard
from piiguard.model import Turn

from ..conftest import chat


def test_live_turns_equal_the_batch_scan(guard: Guard, dev_corpus) -> None:
    with dev_corpus.open(encoding="utf-8") as stream:
        transcripts = [t for _, t in read_jsonl(stream)]
    for transcript in transcripts:
        conversation = guard.conversation(
            conversation_id=transcript.id, channel=transcript.channel, language=transcript.language
        )
        live = [conversation.add_turn(t) for t in transcript.turns]
        batch = guard.scan(transcript)
        assert [d.to_dict() for d in live] == [d.to_dict() for d in batch.turns]
        assert conversation.risk == batch.risk


def test_each_turn_carries_the_risk_so_far(guard: Guard) -> None:
    conversation = guard.conversation(language="zh")
    first = conversation.add_turn(Turn("agent", "您好，这里是顺丰理赔中心"))
    later = conversation.add_turn(Turn("agent", "请下载腾讯会议，共享屏幕，然后把验证码报给我"))
    assert first.risk.score < later.risk.score
    assert later.risk.level in ("medium", "high") and later.risk.warning


def test_bare_code_after_the_question_is_a_code(guard: Guard) -> None:
    result = guard.scan(chat(("agent", "what's the code on your phone?"), ("customer", "386152")))
    assert [(f.type, f.start, f.end) for f in result.turns[1].findings] == [
        ("VERIFICATION_CODE", 0, 6)
    ]
    assert result.turns[1].redacted_text == "<VERIFICATION_CODE>"


def test_bare_number_without_a_question_is_nothing(guard: Guard) -> None:
    result = guard.scan(chat(("agent", "how many items did you order?"), ("customer", "386152")))
    assert result.turns[1].findings == ()


def test_expectation_expires(guard: Guard) -> None:
    turns = (
        [("agent", "请把验证码报给我")]
        + [("customer", "好的稍等"), ("agent", "嗯")] * 3
        + [("customer", "386152")]
    )
    result = guard.scan(chat(*turns))
    assert result.turns[-1].findings == ()


def test_agent_sending_a_card_number_is_blocked(guard: Guard) -> None:
    result = guard.scan(chat(("agent", "let me read it back: 4532 0151 1283 0366")))
    turn = result.turns[0]
    assert turn.action == "block" and turn.agent_request == ()
    assert [t.reason for t in turn.triggers] == ["disclosure"]
    assert "4532" not in json.dumps(turn.to_dict())


def test_reassurance_is_allowed(guard: Guard) -> None:
    result = guard.scan(chat(("agent", "我们不会索要您的密码和验证码，请放心")))
    assert result.turns[0].action == "allow"


def test_customer_value_is_redacted_not_blocked(guard: Guard) -> None:
    result = guard.scan(chat(("customer", "密码是 abc12345")))
    assert result.turns[0].action == "redact"
    assert result.turns[0].redacted_text == "密码是 <PASSWORD>"


def test_scan_failure_blocks_the_turn_and_keeps_going(guard: Guard, monkeypatch, caplog) -> None:
    calls = {"n": 0}
    original = guard.detector.detect

    def flaky(text, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom 4532015112830366")
        return original(text, *args, **kwargs)

    monkeypatch.setattr(guard.detector, "detect", flaky)
    result = guard.scan(
        chat(("customer", "卡号 4532015112830366"), ("customer", "卡号 4532015112830366"))
    )
    first, second = result.turns
    assert first.action == "block" and first.error == "scan_failed"
    assert "4532015112830366" not in first.redacted_text
    assert second.action == "redact"
    assert "4532015112830366" not in caplog.text


def test_conversation_keeps_no_values(guard: Guard) -> None:
    conversation = guard.conversation()
    conversation.add_turn(Turn("agent", "请提供卡号和密码"))
    conversation.add_turn(Turn("customer", "卡号 4532015112830366 密码 Tulip$2024"))
    state = repr(vars(conversation)) + repr(conversation._risk)
    assert "4532015112830366" not in state and "Tulip$2024" not in state


def test_unknown_speaker_is_an_input_error(guard: Guard) -> None:
    from piiguard.errors import InputError

    with pytest.raises(InputError, match="speaker"):
        guard.conversation().add_turn(Turn("robot", "hi"))


def test_state_round_trip_gives_identical_decisions(guard: Guard, dev_corpus) -> None:
    """A conversation restored from its JSON state after every turn decides exactly as
    one kept in memory (what the service relies on across processes)."""
    with dev_corpus.open(encoding="utf-8") as stream:
        transcripts = [t for _, t in read_jsonl(stream)]
    for transcript in transcripts:
        batch = guard.scan(transcript)
        conversation = guard.conversation(
            conversation_id=transcript.id, channel=transcript.channel, language=transcript.language
        )
        decisions = []
        for turn in transcript.turns:
            decisions.append(conversation.add_turn(turn))
            state = json.loads(json.dumps(conversation.state()))
            conversation = type(conversation).from_state(guard, state)
        assert [d.to_dict() for d in decisions] == [d.to_dict() for d in batch.turns]
        assert conversation.risk == batch.risk


def test_state_holds_no_values(guard: Guard) -> None:
    conversation = guard.conversation()
    conversation.add_turn(Turn("agent", "please read me the card number"))
    conversation.add_turn(Turn("customer", "4532 0151"))
    conversation.add_turn(Turn("customer", "卡号 4532015112830366 密码 Tulip$2024"))
    dumped = json.dumps(conversation.state(), ensure_ascii=False)
    for value in ("4532", "0151", "4532015112830366", "Tulip$2024"):
        assert value not in dumped


# The answer to a described request is found through the carried expectation: the agent's
# question is a request of the type, and the customer's bare digits become that type.
ANSWERS = [
    ("What's the three digit number on the back?", "three one eight", "CARD_CVV"),
    ("短信里那几个数字是多少？", "七七一零四二", "VERIFICATION_CODE"),
    ("Read me what the text says.", "It says 558 812", "VERIFICATION_CODE"),
    ("Check your inbox and tell me the code.", "four four nine, zero one two", "VERIFICATION_CODE"),
    ("卡背面签名栏那三个数是多少", "幺五二", "CARD_CVV"),
    ("You'll get a six-digit number by SMS, read it to me.", "907 316", "VERIFICATION_CODE"),
]


@pytest.mark.parametrize(("question", "answer", "expected"), ANSWERS)
def test_answer_to_a_described_request_is_found(
    guard: Guard, question: str, answer: str, expected: str
) -> None:
    result = guard.scan(chat(("agent", question), ("customer", answer)))
    assert result.turns[0].agent_request == (expected,)
    assert [f.type for f in result.turns[1].findings] == [expected]


def test_answer_after_an_ellipsis_is_the_part_asked_for(guard: Guard) -> None:
    result = guard.scan(
        chat(
            ("agent", "请把卡号报给我"),
            ("customer", "稍等"),
            ("agent", "还有背面的呢？"),
            ("customer", "三七九"),
        )
    )
    assert result.turns[2].agent_request == ("CARD_CVV",)
    assert [f.type for f in result.turns[3].findings] == ["CARD_CVV"]


def test_explain_request_shows_the_carried_expectation(guard: Guard) -> None:
    conversation = guard.conversation(language="zh")
    conversation.add_turn(Turn("agent", "请把卡号报给我"))
    conversation.add_turn(Turn("customer", "好的"))
    notes = conversation.explain_request("有效期呢？")
    assert "earlier request carried: CREDIT_CARD" in notes
    assert any(n.startswith("REQUEST CARD_EXPIRY") for n in notes)
    assert conversation.index == 2  # explaining decides nothing


def test_state_carries_the_earlier_request(guard: Guard) -> None:
    conversation = guard.conversation(language="zh")
    conversation.add_turn(Turn("agent", "请把卡号报给我"))
    conversation.add_turn(Turn("customer", "好的"))
    state = json.loads(json.dumps(conversation.state()))
    restored = type(conversation).from_state(guard, state)
    # an item-less follow-up needs the carried request ("有效期呢？" names its item: it
    # asks for it with or without one)
    assert restored.add_turn(Turn("agent", "背面的呢？")).agent_request == ("CARD_CVV",)
    del state["requested"]  # a state saved before requests were carried still loads
    older = type(conversation).from_state(guard, state)
    assert older.add_turn(Turn("agent", "背面的呢？")).agent_request == ()
