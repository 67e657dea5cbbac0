"""Audio redaction ranges: exact with word timings, estimated and widened without."""

from __future__ import annotations

import pytest

from piiguard.audio import UNSCANNED, audio_redactions, unscanned_turn_redactions
from piiguard.model import Finding, Turn, Word


def test_exact_range_from_word_timings() -> None:
    text = "my pin is four eight two one thanks"
    words = tuple(Word(w, 10.0 + i * 0.5, 10.4 + i * 0.5) for i, w in enumerate(text.split()))
    turn = Turn("customer", text, 10.0, 14.0, words)
    start = text.index("four")
    end = text.index(" thanks")
    (r,) = audio_redactions(turn, [Finding("PASSWORD", start, end, 0.9, "t")])
    assert (round(r.start, 2), round(r.end, 2), r.type, r.estimated) == (
        11.45,
        13.45,
        "PASSWORD",
        False,
    )


def test_estimated_range_is_widened_and_marked() -> None:
    text = "x" * 50 + "1234567890" + "y" * 40
    turn = Turn("customer", text, 0.0, 10.0)
    (r,) = audio_redactions(turn, [Finding("VERIFICATION_CODE", 50, 60, 0.9, "t")])
    assert r.estimated
    assert r.start <= 5.0 and r.end >= 6.0  # covers the proportional position
    assert r.start >= 0.0 and r.end <= 10.0  # clamped to the turn


def test_no_timing_no_ranges() -> None:
    assert audio_redactions(Turn("customer", "1234"), [Finding("PASSWORD", 0, 4, 1, "t")]) is None


def test_timed_turn_without_findings_has_empty_ranges() -> None:
    assert audio_redactions(Turn("customer", "hello", 1.0, 2.0), []) == ()


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        (Turn("customer", "anything", 4.0, 9.5), ((4.0, 9.5),)),
        (Turn("agent", "", 2.0, 2.0), ((2.0, 2.0),)),
        (Turn("customer", "anything"), None),  # no timing: nothing to place
        (Turn("customer", "anything", 4.0), None),
    ],
)
def test_unscanned_turn_is_bleeped_whole(turn: Turn, expected) -> None:
    ranges = unscanned_turn_redactions(turn)
    if expected is None:
        assert ranges is None
        return
    assert ranges is not None
    assert tuple((r.start, r.end) for r in ranges) == expected
    assert all(r.type == UNSCANNED and r.estimated for r in ranges)


def test_a_turn_that_fails_to_scan_carries_a_range_over_all_of_it(guard, monkeypatch) -> None:
    """Fail closed in the audio too: the blocked turn's whole span is bleeped."""
    conversation = guard.conversation(channel="call")

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("detector down")

    monkeypatch.setattr(guard.detector, "detect", broken)
    decision = conversation.add_turn(Turn("customer", "my pin is 4821", 3.0, 6.5))
    assert decision.action == "block" and decision.error == "scan_failed"
    assert decision.to_dict()["audio_redactions"] == [
        {"start": 3.0, "end": 6.5, "type": UNSCANNED, "estimated": True}
    ]
