"""Audio redaction ranges: exact with word timings, estimated and widened without."""

from __future__ import annotations

from piiguard.audio import audio_redactions
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
