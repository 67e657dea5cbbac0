"""Audio redaction ranges: where in a call recording each finding was said.

With word timings (``words: [{"w", "start", "end"}]``) the range is exact: the words
that overlap the finding's characters, padded slightly. Without them the range is
estimated from the character position within the turn's ``start``/``end``, widened by a
safety margin, and marked ``estimated``.
"""

from __future__ import annotations

from collections.abc import Sequence

from piiguard.model import AudioRedaction, Finding, Turn, Word

__all__ = [
    "ESTIMATE_MARGIN_SECONDS",
    "UNSCANNED",
    "WORD_PAD_SECONDS",
    "audio_redactions",
    "unscanned_turn_redactions",
]

WORD_PAD_SECONDS = 0.05
ESTIMATE_MARGIN_SECONDS = 0.5
ESTIMATE_MARGIN_SHARE = 0.1
UNSCANNED = "UNSCANNED"  # the type of a range covering a turn that could not be scanned


def _word_offsets(text: str, words: Sequence[Word]) -> list[tuple[int, int, Word]]:
    """Character span of each timed word, found in order; unmatched words are skipped."""
    out = []
    cursor = 0
    lowered = text.lower()
    for word in words:
        token = word.w.strip().lower()
        if not token:
            continue
        pos = lowered.find(token, cursor)
        if pos < 0:
            continue
        out.append((pos, pos + len(token), word))
        cursor = pos + len(token)
    return out


def audio_redactions(turn: Turn, findings: Sequence[Finding]) -> tuple[AudioRedaction, ...] | None:
    """Ranges to bleep for ``findings`` of ``turn``; None when the turn has no timing."""
    if turn.start is None or turn.end is None:
        return None
    if not findings:
        return ()
    located = _word_offsets(turn.text, turn.words) if turn.words else []
    out = []
    for f in findings:
        hits = [w for s, e, w in located if s < f.end and e > f.start]
        if hits:
            start = max(turn.start, min(w.start for w in hits) - WORD_PAD_SECONDS)
            end = min(turn.end, max(w.end for w in hits) + WORD_PAD_SECONDS)
            out.append(AudioRedaction(start, end, f.type))
            continue
        out.append(_estimate(turn, f))
    return tuple(out)


def _estimate(turn: Turn, f: Finding) -> AudioRedaction:
    assert turn.start is not None and turn.end is not None
    length = max(len(turn.text), 1)
    duration = max(turn.end - turn.start, 0.0)
    t0 = turn.start + duration * f.start / length
    t1 = turn.start + duration * f.end / length
    margin = ESTIMATE_MARGIN_SECONDS + ESTIMATE_MARGIN_SHARE * duration
    return AudioRedaction(
        max(turn.start, t0 - margin), min(turn.end, t1 + margin), f.type, estimated=True
    )


def unscanned_turn_redactions(turn: Turn) -> tuple[AudioRedaction, ...] | None:
    """The whole of a turn that could not be scanned (fail closed: whatever it said may
    hold a value, so all of it is bleeped); None when the turn has no timing."""
    if turn.start is None or turn.end is None:
        return None
    return (AudioRedaction(turn.start, max(turn.start, turn.end), UNSCANNED, estimated=True),)
