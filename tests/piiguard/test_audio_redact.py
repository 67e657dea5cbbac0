"""piiguard.audio_redact: options, ranges, sample formats, fades, blocks, limits, memory."""

from __future__ import annotations

import io
import math
import tracemalloc

import numpy as np
import pytest
import soundfile as sf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiguard import audio_redact
from piiguard.audio_redact import (
    TONE_HZ,
    AudioBudgetExceeded,
    AudioLimits,
    AudioSpan,
    AudioTooLong,
    RedactOptions,
    UnreadableAudio,
    output_subtype,
    parse_channel_map,
    plan_frames,
    redact_recording,
    spans_from_result,
)
from piiguard.errors import InputError

RATE = 8_000


def _noise(seconds: float, channels: int = 1, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(rng.standard_normal((int(seconds * RATE), channels)) * 0.2, -0.99, 0.99)


def _encode(samples: np.ndarray, fmt: str = "WAV", subtype: str = "PCM_16", rate=RATE) -> bytes:
    buf = io.BytesIO()
    sf.write(buf, samples, rate, format=fmt, subtype=subtype)
    return buf.getvalue()


def _redact(data: bytes, spans, out_format: str = "WAV", **kwargs) -> bytes:  # noqa: ANN001
    out = io.BytesIO()
    redact_recording(io.BytesIO(data), out, spans, out_format=out_format, **kwargs)
    return out.getvalue()


def _read(data: bytes, dtype: str = "float64") -> np.ndarray:
    return sf.read(io.BytesIO(data), dtype=dtype, always_2d=True)[0]


# -- channel maps ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agent=left,customer=right", {"agent": 0, "customer": 1}),
        (" Agent = LEFT , customer=right ", {"agent": 0, "customer": 1}),
        ("customer=2", {"customer": 1}),
        ("agent=right,", {"agent": 1}),
    ],
)
def test_channel_map_accepted(text: str, expected: dict) -> None:
    assert parse_channel_map(text) == expected


@pytest.mark.parametrize(
    "text", ["", ",", "agent", "robot=left", "agent=middle", "agent=0", "agent=left,agent=right"]
)
def test_channel_map_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_channel_map(text)


# -- ranges from a scan result --------------------------------------------------------


def _turn(**kw) -> dict:  # noqa: ANN003
    return {"index": 0, "speaker": "customer", "findings": [], "audio_redactions": []} | kw


def test_spans_carry_the_speaker_of_their_turn() -> None:
    result = {
        "turns": [
            _turn(speaker="agent"),
            _turn(
                index=1,
                findings=[{"type": "CARD_CVV"}],
                audio_redactions=[{"start": 2.5, "end": 3.0, "type": "CARD_CVV"}],
            ),
        ]
    }
    assert spans_from_result(result) == [AudioSpan(2.5, 3.0, "customer", "CARD_CVV")]


@pytest.mark.parametrize(
    "result",
    [
        {},  # not a result
        {"turns": "x"},
        {"turns": [_turn(findings=[{"type": "PASSWORD"}], audio_redactions=None)]},  # untimed
        {"turns": [_turn(error="scan_failed")]},  # unscanned and not placed
        {"turns": [_turn(audio_redactions=[{"start": 3.0, "end": 2.0}])]},
        {"turns": [_turn(audio_redactions=[{"start": -1.0, "end": 2.0}])]},
        {"turns": [_turn(audio_redactions=[{"start": "nan", "end": 2.0}])]},
        {"turns": [_turn(audio_redactions=[{"start": "soon", "end": 2.0}])]},
        {"turns": [_turn(audio_redactions=[{"end": 2.0}])]},
    ],
)
def test_results_that_cannot_be_placed_are_refused(result: dict) -> None:
    """Fail closed: never write a recording whose sensitive stretches are unknown."""
    with pytest.raises(InputError):
        spans_from_result(result)


def test_untimed_turns_without_findings_are_fine() -> None:
    assert spans_from_result({"turns": [{"index": 0, "speaker": "agent", "findings": []}]}) == []


# -- planning -------------------------------------------------------------------------


def test_plan_rounds_outwards_pads_merges_and_maps_channels() -> None:
    spans = [
        AudioSpan(1.00001, 1.49999, "customer"),
        AudioSpan(1.4, 2.0, "customer"),  # overlaps the first: merged
        AudioSpan(0.05, 0.1, "agent"),  # padded below 0: clamped
        AudioSpan(3.0, 3.5, "system"),  # not in the map: every channel
    ]
    options = RedactOptions(pad_seconds=0.1, channel_map={"agent": 0, "customer": 1})
    left, right = plan_frames(spans, options, 1000, 2)
    assert left == [(0, 200), (2900, 3600)]
    assert right == [(900, 2100), (2900, 3600)]
    (mono,) = plan_frames([AudioSpan(1.0001, 1.0002)], RedactOptions(), 1000, 1)
    assert mono == [(1000, 1001)]


# -- output sample formats ------------------------------------------------------------


@pytest.mark.parametrize(
    ("in_format", "in_subtype", "out_format", "expected"),
    [
        ("WAV", "PCM_16", "WAV", "PCM_16"),
        ("WAV", "PCM_16", "FLAC", "PCM_16"),
        ("WAV", "PCM_24", "FLAC", "PCM_24"),
        ("FLAC", "PCM_24", "WAV", "PCM_24"),
        ("WAV", "ULAW", "WAV", "ULAW"),
        ("WAVEX", "FLOAT", "WAV", "FLOAT"),
        ("OGG", "VORBIS", "OGG", "VORBIS"),
        ("OGG", "VORBIS", "WAV", "PCM_16"),
        ("MP3", "MPEG_LAYER_III", "WAV", "PCM_16"),
        ("MP3", "MPEG_LAYER_III", "OGG", "VORBIS"),
        ("WAV", "PCM_16", "OGG", None),  # lossless never written lossy
        ("WAV", "FLOAT", "FLAC", None),
        ("WAV", "ULAW", "FLAC", None),
    ],
)
def test_output_keeps_the_sample_format_or_refuses(in_format, in_subtype, out_format, expected):
    if expected is None:
        with pytest.raises(InputError, match="cannot hold"):
            output_subtype(in_format, in_subtype, out_format)
    else:
        assert output_subtype(in_format, in_subtype, out_format) == expected


@pytest.mark.parametrize(
    ("fmt", "subtype"),
    [
        ("WAV", "PCM_U8"),
        ("WAV", "PCM_16"),
        ("WAV", "PCM_24"),
        ("WAV", "PCM_32"),
        ("WAV", "FLOAT"),
        ("WAV", "DOUBLE"),
        ("WAV", "ULAW"),
        ("WAV", "ALAW"),
        ("FLAC", "PCM_S8"),
        ("FLAC", "PCM_24"),
    ],
)
@pytest.mark.parametrize("mode", ["beep", "silence"])
def test_every_lossless_format_is_bit_identical_outside(fmt: str, subtype: str, mode) -> None:
    data = _encode(_noise(3.0, channels=2), fmt, subtype)
    out = _redact(data, [AudioSpan(1.0, 1.5)], fmt, options=RedactOptions(mode))
    assert sf.info(io.BytesIO(out)).subtype == subtype
    before, after = _read(data), _read(out)
    assert before.shape == after.shape
    outside = np.r_[0:RATE, int(1.5 * RATE) : len(before)]
    assert np.array_equal(after[outside], before[outside])
    core = after[RATE + 100 : int(1.5 * RATE) - 100]
    if mode == "silence":  # A-law has no zero: its quietest code decodes to 8/32768
        assert np.abs(core).max() <= (8 / 32768 if subtype == "ALAW" else 0.0)
    else:  # the tone's peak, within the format's quantisation
        assert np.abs(core).max() == pytest.approx(0.1, abs=0.01)


# -- fades, block boundaries -----------------------------------------------------------


@pytest.mark.parametrize("mode", ["beep", "silence"])
def test_edges_fade_instead_of_clicking(mode: str) -> None:
    """On a loud constant signal a hard cut would jump by 0.5 in one sample."""
    data = _encode(np.full((2 * RATE, 1), 0.5), "WAV", "FLOAT")
    out = _read(_redact(data, [AudioSpan(0.5, 1.5)], options=RedactOptions(mode)))[:, 0]
    steps = np.abs(np.diff(out))
    tone_step = 0.1 * 2 * math.pi * TONE_HZ / RATE  # the tone's own largest step
    assert steps.max() < max(0.1, tone_step + 0.05)
    start = int(0.5 * RATE)
    assert 0.0 < out[start] < 0.5  # the first sample of the range is already fading


def test_block_size_does_not_change_the_output(monkeypatch) -> None:
    data = _encode(_noise(4.0, channels=2), "FLAC")
    spans = [AudioSpan(0.3, 1.7, "customer"), AudioSpan(2.0, 3.99)]
    options = RedactOptions(channel_map={"customer": 1})
    reference = _redact(data, spans, "FLAC", options=options)
    for block in (997, 4096, 8000):
        monkeypatch.setattr(audio_redact, "BLOCK_FRAMES", block)
        assert _redact(data, spans, "FLAC", options=options) == reference


def test_ranges_past_the_end_are_cut_at_the_end() -> None:
    data = _encode(_noise(1.0))
    out = _read(_redact(data, [AudioSpan(0.9, 5.0)]))
    assert len(out) == RATE
    assert np.array_equal(out[: int(0.9 * RATE)], _read(data)[: int(0.9 * RATE)])


# -- inputs, limits ------------------------------------------------------------------


def test_mp3_input_is_decoded_and_written_as_pcm() -> None:
    data = _encode(_noise(2.0)[:, 0].astype(np.float32), "MP3", "MPEG_LAYER_III")
    out = io.BytesIO()
    report = redact_recording(io.BytesIO(data), out, [AudioSpan(0.5, 1.0)], out_format="WAV")
    info = sf.info(io.BytesIO(out.getvalue()))
    assert (info.format, info.subtype, info.samplerate) == ("WAV", "PCM_16", RATE)
    assert info.frames == sf.info(io.BytesIO(data)).frames == report.frames
    assert not report.lossless


@pytest.mark.parametrize(
    "data",
    [b"", b"not audio at all", b"RIFF\x24\x00\x00\x00WAVEfmt ", b"fLaC" + b"\x00" * 100],
    ids=["empty", "text", "truncated-wav", "fake-flac"],
)
def test_unreadable_input_is_an_input_error(data: bytes) -> None:
    with pytest.raises(UnreadableAudio):
        _redact(data, [])


def test_beep_needs_a_usable_sample_rate_silence_does_not() -> None:
    data = _encode(_noise(1.0), rate=3_000)
    with pytest.raises(InputError, match="silence"):
        _redact(data, [AudioSpan(0.1, 0.2)])
    assert _redact(data, [AudioSpan(0.1, 0.2)], options=RedactOptions("silence"))


@pytest.mark.parametrize(
    "options",
    [
        RedactOptions(pad_seconds=-1.0),
        RedactOptions(pad_seconds=math.inf),
        RedactOptions("mute"),  # type: ignore[arg-type]
        RedactOptions(channel_map={"customer": 1}),  # mono recording
    ],
)
def test_impossible_options_are_refused(options: RedactOptions) -> None:
    with pytest.raises(InputError):
        _redact(_encode(_noise(1.0)), [AudioSpan(0.1, 0.2)], options=options)


def test_duration_limit() -> None:
    data = _encode(_noise(3.0))
    with pytest.raises(AudioTooLong):
        _redact(data, [], limits=AudioLimits(max_seconds=2.5))
    assert _redact(data, [], limits=AudioLimits(max_seconds=3.0))


def test_time_budget_stops_the_work() -> None:
    data = _encode(_noise(20.0))  # several blocks; a budget of 0 s runs out after the first
    with pytest.raises(AudioBudgetExceeded):
        _redact(data, [], limits=AudioLimits(time_budget_seconds=0.0))


# -- memory ---------------------------------------------------------------------------


def _peak_bytes(seconds: float, tmp_path) -> int:  # noqa: ANN001
    source = tmp_path / f"in-{seconds}.wav"
    with sf.SoundFile(source, "w", RATE, 1, "PCM_16") as f:
        chunk = (_noise(10.0)[:, 0] * 32767).astype(np.int16)
        for _ in range(int(seconds // 10)):
            f.write(chunk)
    spans = [AudioSpan(t, t + 2.0, "customer") for t in range(5, int(seconds) - 5, 60)]
    tracemalloc.start()
    try:
        redact_recording(source, tmp_path / "out.wav", spans, out_format="WAV")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_is_flat_in_the_length_of_the_call(tmp_path) -> None:
    """Python-side allocations (numpy blocks included) for 1 and 20 minutes of 8 kHz
    audio: the same MB or so (blocks of 64k frames), where holding the call would take
    19 MB more."""
    short, long = _peak_bytes(60, tmp_path), _peak_bytes(1200, tmp_path)
    assert long < 3_000_000
    assert long < short + 200_000


# -- property: any ranges, any block size ----------------------------------------------

_SECONDS = 2.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ranges=st.lists(
        st.tuples(
            st.floats(0, _SECONDS + 0.5), st.floats(0.0, 0.6), st.sampled_from([None, "customer"])
        ),
        max_size=6,
    ),
    block=st.integers(50, 20_000),
    mode=st.sampled_from(["beep", "silence"]),
)
def test_any_ranges_replace_exactly_their_frames(ranges, block, mode) -> None:
    """Outside the (rounded-out) ranges: the input; inside, past the fades: the tone's
    peak or zeros; the length never changes. Whatever the block size."""
    data = _encode(_noise(_SECONDS, channels=2, seed=5))
    spans = [AudioSpan(start, start + length, speaker) for start, length, speaker in ranges]
    options = RedactOptions(mode, channel_map={"customer": 1})
    previous = audio_redact.BLOCK_FRAMES
    audio_redact.BLOCK_FRAMES = block
    try:
        out = _read(_redact(data, spans, options=options), "int16")
    finally:
        audio_redact.BLOCK_FRAMES = previous
    before = _read(data, "int16")
    assert out.shape == before.shape
    touched = np.zeros(before.shape, dtype=bool)
    fade = round(0.005 * RATE)
    for span in spans:
        start, end = math.floor(span.start * RATE), math.ceil(span.end * RATE)
        channels = [1] if span.speaker == "customer" else [0, 1]
        touched[start:end, channels] = True
    assert np.array_equal(out[~touched], before[~touched])
    for span in spans:  # a lone range's core (ranges that merge are checked as one above)
        start, end = math.floor(span.start * RATE), math.ceil(span.end * RATE)
        lo, hi = start + fade, min(end, len(out)) - fade
        if hi <= lo:
            continue
        core = out[lo:hi, 1]
        if mode == "silence":
            assert not core.any()
        else:
            assert np.abs(core).max() <= round(0.1 * 32768)
