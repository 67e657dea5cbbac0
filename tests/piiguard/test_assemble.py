"""Numbers read across turns: joined by checksum, every piece redacted in its own turn."""

from __future__ import annotations

import pytest

from piiguard.guard import Guard

from ..conftest import chat
from ..helpers import luhn_complete, ric_complete, spoken_en, spoken_zh

CARD = luhn_complete("453201511283036")  # 4532015112830366
RIC = ric_complete("11010519800101123")


def _types(result) -> list[list[str]]:
    return [[f.type for f in t.findings] for t in result.turns]


def test_card_read_in_two_customer_turns_with_a_backchannel(guard: Guard) -> None:
    result = guard.scan(
        chat(
            ("agent", "please read me the card number"),
            ("customer", f"{CARD[:4]} {CARD[4:8]}"),
            ("agent", "uh-huh"),
            ("customer", f"{CARD[8:12]} {CARD[12:]}"),
        )
    )
    # The groups of one turn, with only a space between them, are one finding.
    assert _types(result)[1] == ["CREDIT_CARD"]
    assert _types(result)[3] == ["CREDIT_CARD"]
    for turn in result.turns[1::2]:
        assert not any(ch.isdigit() for ch in turn.redacted_text)


def test_spoken_id_in_pieces(guard: Guard) -> None:
    result = guard.scan(
        chat(
            ("agent", "请报一下您的身份证号码"),
            ("customer", spoken_zh(RIC[:6])),
            ("agent", "嗯"),
            ("customer", spoken_zh(RIC[6:14])),
            ("agent", "好的 继续"),
            ("customer", spoken_zh(RIC[14:])),
        )
    )
    assert _types(result)[1::2] == [["CN_RESIDENT_ID"]] * 3


def test_code_in_two_pieces_completes(guard: Guard) -> None:
    result = guard.scan(
        chat(
            ("agent", "what's the code we just sent you?"),
            ("customer", spoken_en("386")),
            ("customer", spoken_en("152")),
        )
    )
    assert _types(result)[1:] == [["VERIFICATION_CODE"], ["VERIFICATION_CODE"]]


def test_no_expectation_no_pieces(guard: Guard) -> None:
    result = guard.scan(
        chat(("agent", "how many did you order?"), ("customer", "4532 0151"), ("customer", "1283"))
    )
    assert _types(result)[1:] == [[], []]


def test_a_long_agent_turn_ends_the_sequence(guard: Guard) -> None:
    result = guard.scan(
        chat(
            ("agent", "please read me the card number"),
            ("customer", CARD[:8]),
            ("agent", "sorry, before we go on, can you tell me which branch opened the account?"),
            ("customer", "1283 0366"),
        )
    )
    assert _types(result)[3] == []


def test_last_four_is_not_a_piece(guard: Guard) -> None:
    result = guard.scan(
        chat(("agent", "please read me the card number"), ("customer", "last four is 0366"))
    )
    assert _types(result)[1] == []


def test_assembler_state_holds_no_digits(guard: Guard) -> None:
    from piiguard.model import Turn

    conversation = guard.conversation()
    conversation.add_turn(Turn("agent", "please read me the card number"))
    conversation.add_turn(Turn("customer", f"{CARD[:4]} {CARD[4:8]}"))
    state = repr(conversation._pieces._sequence)
    assert CARD[:4] not in state and CARD[4:8] not in state


def test_an_id_from_every_province_prefix_the_validator_accepts_completes(guard: Guard) -> None:
    # 71 (Taiwan) used to be cut short: the first-digit check disagreed with gb11643.
    for prefix in ("71", "81", "91", "11", "65"):
        ric = ric_complete(f"{prefix}010219880516723")
        result = guard.scan(
            chat(
                ("agent", "请报一下您的身份证号码"),
                ("customer", ric[:9]),
                ("agent", "嗯"),
                ("customer", ric[9:]),
            )
        )
        assert _types(result)[3] == ["CN_RESIDENT_ID"], prefix


def test_a_question_for_the_last_four_survives_the_state_round_trip(guard: Guard) -> None:
    from piiguard.conversation import Conversation
    from piiguard.model import Turn

    conversation = guard.conversation()
    conversation.add_turn(Turn("agent", "and the last four digits of the card?"))
    restored = Conversation.from_state(guard, conversation.state())
    decision = restored.add_turn(Turn("customer", "6154"))
    assert [f.type for f in decision.findings] == []


SSN_READINGS = [
    # (opening agent turn, first chunk, interjection, rest)
    (
        "Thanks for calling support.",
        "my SSN is four two seven...",
        "Sorry, you cut out - could you carry on from where you were?",
        "three one five five eight two",
    ),
    (
        "您好，这里是客服中心。",
        "SSN是四二七，",
        "不好意思刚才没听清，您能接着说后面的吗？",
        "三一五五八二",
    ),
    ("Hi, what can I do for you?", "社保号是427，", "好的，您慢慢说，剩下的部分呢？", "31 5582"),
]


@pytest.mark.parametrize(("opening", "first", "interjection", "rest"), SSN_READINGS)
def test_an_ssn_read_3_then_6_across_a_question_asking_for_the_rest(
    guard: Guard, opening: str, first: str, interjection: str, rest: str
) -> None:
    """The three-digit area chunk starts the sequence under the turn's own label (not a
    label carried from "thanks for calling"), glued to Chinese or not, and a question
    that asks for the rest keeps it open."""
    result = guard.scan(
        chat(("agent", opening), ("customer", first), ("agent", interjection), ("customer", rest))
    )
    assert _types(result)[1] == ["US_SSN"]
    assert _types(result)[3] == ["US_SSN"]


def test_a_question_about_something_else_still_ends_the_sequence(guard: Guard) -> None:
    result = guard.scan(
        chat(
            ("customer", "my SSN is four two seven"),
            ("agent", "before we continue, which state were you born in, do you remember?"),
            ("customer", "315582"),
        )
    )
    assert _types(result)[2] != ["US_SSN"]


@pytest.mark.parametrize(
    ("first", "rest"),
    [
        ("my cell is 415...", "then 555 0142"),
        ("手机是139，", "嗯，后面是1234 5678"),
        ("my phone number is to oh one...", "four five five two one seven nine"),
    ],
)
def test_a_phone_number_read_in_two_turns_is_redacted_in_both(
    guard: Guard, first: str, rest: str
) -> None:
    result = guard.scan(
        chat(
            ("customer", first),
            ("agent", "okay, go on with the rest"),
            ("customer", rest),
        )
    )
    assert _types(result)[0::2] == [["PHONE_NUMBER"], ["PHONE_NUMBER"]]


@pytest.mark.parametrize("text", ["请拨打电话95588。", "the phone line is 311.", "my phone is 201"])
def test_a_short_number_said_whole_starts_no_phone_sequence(guard: Guard, text: str) -> None:
    # Only a reading visibly cut off ("201...", "139，") starts one: 95588 and 311 are
    # public numbers said whole.
    result = guard.scan(chat(("customer", text), ("agent", "okay"), ("customer", "4417")))
    assert _types(result) == [[], [], []]


def test_the_rest_of_a_card_that_reads_as_a_phone_number_is_the_card(guard: Guard) -> None:
    # The last eleven digits of this card alone are a valid CN mobile (1 + 10 digits).
    card = luhn_complete("62284" + "1391234567")
    result = guard.scan(
        chat(
            ("customer", f"my card number is {card[:5]}..."),
            ("agent", "okay, go on with the rest"),
            ("customer", card[5:]),
        )
    )
    assert _types(result)[0::2] == [["CREDIT_CARD"], ["CREDIT_CARD"]]


def test_a_code_found_whole_but_cut_off_takes_its_rest_from_the_next_turn(guard: Guard) -> None:
    result = guard.scan(
        chat(
            ("customer", "my one-time code is 1856..."),
            ("agent", "got that part, go on"),
            ("customer", "8399"),
        )
    )
    assert _types(result)[0::2] == [["VERIFICATION_CODE"], ["VERIFICATION_CODE"]]
