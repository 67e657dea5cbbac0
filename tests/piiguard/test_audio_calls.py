"""Redacting real speech: zh and en calls spoken by espeak-ng, scanned, then redacted.

The checks are by signal: outside the ranges every sample equals the input (lossless
formats) or matches it within the codec's error (Ogg Vorbis); inside each range the
energy is the tone's, at 1 kHz (or zero for silence), with no speech left in it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from piiguard.audio_redact import (
    FADE_SECONDS,
    TONE_HZ,
    TONE_LEVEL,
    RedactOptions,
    redact_recording,
    spans_from_result,
)
from piiguard.cli import main as cli_main
from piiguard.formats.jsonl import transcript_from_dict

from ..speech import Call, build_call, luhn_complete, require_espeak, said_digits

CARD = luhn_complete("455673201894337")  # our own Luhn-valid number
CVV = "582"


def _card_call(language: str, stereo: bool) -> Call:
    require_espeak()
    if language == "en":
        turns = [
            ("agent", ["could", "you", "read", "me", "the", "card", "number", "please"]),
            ("customer", ["sure", "it", "is", *said_digits(CARD, "en")]),
            ("agent", ["and", "the", "code", "on", "the", "back"]),
            ("customer", ["the", "security", "code", "is", *said_digits(CVV, "en")]),
        ]
    else:
        turns = [
            ("agent", ["请问", "您的", "卡号", "是多少"]),
            ("customer", ["我的", "卡号", "是", *said_digits(CARD, "zh")]),
            ("agent", ["卡背面", "三位", "安全码", "是多少"]),
            ("customer", ["安全码", "是", *said_digits(CVV, "zh")]),
        ]
    return build_call(f"card-{language}", language, turns, stereo=stereo)


@pytest.fixture(scope="module")
def calls() -> dict[tuple[str, bool], Call]:
    return {(lang, st): _card_call(lang, st) for lang in ("en", "zh") for st in (False, True)}


@pytest.fixture(scope="module")
def results(calls, guard) -> dict[str, dict]:
    out = {}
    for (language, _), call in calls.items():
        out[language] = guard.scan(transcript_from_dict(call.transcript)).to_dict()
    return out


def _frame_ranges(result: dict, samplerate: int, speaker: str | None = None) -> list:
    """The documented rounding: starts down, ends up."""
    out = []
    for turn in result["turns"]:
        if speaker is not None and turn["speaker"] != speaker:
            continue
        for r in turn.get("audio_redactions") or ():
            out.append((math.floor(r["start"] * samplerate), math.ceil(r["end"] * samplerate)))
    return sorted(out)


def _mask(frames: int, ranges: list) -> np.ndarray:
    mask = np.zeros(frames, dtype=bool)
    for s, e in ranges:
        mask[s:e] = True
    return mask


def _tone_share(x: np.ndarray, samplerate: int) -> float:
    """Share of the energy of ``x`` within 30 Hz of the tone's frequency."""
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    freqs = np.fft.rfftfreq(len(x), 1 / samplerate)
    near = np.abs(freqs - TONE_HZ) <= 30
    return float(spectrum[near].sum() / spectrum.sum())


def _dominant_hz(x: np.ndarray, samplerate: int) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.fft.rfftfreq(len(x), 1 / samplerate)[np.argmax(spectrum)])


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))


def _check_ranges_hold(out, inp, ranges, samplerate, channel, mode, margin_frames) -> None:
    for s, e in ranges:
        core_in = inp[s + margin_frames : e - margin_frames, channel]
        core = out[s + margin_frames : e - margin_frames, channel]
        assert _rms(core_in) > 0.01, "the input held speech here (else the test proves nothing)"
        if mode == "beep":
            assert abs(_dominant_hz(core, samplerate) - TONE_HZ) < 5
            assert _tone_share(core, samplerate) > 0.95  # nothing of the speech is left
            assert _rms(core) == pytest.approx(TONE_LEVEL / math.sqrt(2), rel=0.05)
        else:
            assert _rms(core) < 1e-3


LOSSLESS = [("WAV", "PCM_16", ".wav"), ("FLAC", "PCM_16", ".flac")]


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("stereo", [False, True], ids=["mono", "stereo"])
@pytest.mark.parametrize(("major", "subtype", "ext"), LOSSLESS, ids=["wav", "flac"])
@pytest.mark.parametrize("mode", ["beep", "silence"])
def test_lossless_ranges_replaced_and_rest_bit_identical(
    calls, results, tmp_path: Path, language, stereo, major, subtype, ext, mode
) -> None:
    call = calls[(language, stereo)]
    source = tmp_path / f"call{ext}"
    sf.write(source, call.audio, call.samplerate, subtype=subtype, format=major)
    dest = tmp_path / f"out{ext}"
    options = RedactOptions(mode, channel_map={"agent": 0, "customer": 1} if stereo else {})
    redact_recording(
        source, dest, spans_from_result(results[language]), out_format=major, options=options
    )

    info_in, info_out = sf.info(source), sf.info(dest)
    assert (info_out.frames, info_out.samplerate, info_out.channels, info_out.subtype) == (
        info_in.frames,
        info_in.samplerate,
        info_in.channels,
        info_in.subtype,
    )
    inp, _ = sf.read(source, dtype="int16", always_2d=True)
    out, _ = sf.read(dest, dtype="int16", always_2d=True)
    ranges = _frame_ranges(results[language], call.samplerate, "customer" if stereo else None)
    assert {r["type"] for t in results[language]["turns"] for r in t["audio_redactions"]} == {
        "CREDIT_CARD",
        "CARD_CVV",
    }
    mask = _mask(call.frames, ranges)
    customer = 1 if stereo else 0
    assert np.array_equal(out[~mask], inp[~mask])  # every channel, outside the ranges
    if stereo:
        assert np.array_equal(out[:, 0], inp[:, 0])  # the agent's channel is untouched
    fade = round(FADE_SECONDS * call.samplerate)
    _check_ranges_hold(out / 32768, inp / 32768, ranges, call.samplerate, customer, mode, fade)
    if mode == "silence":  # digital silence: exact zeros between the fades
        for s, e in ranges:
            assert not out[s + fade : e - fade, customer].any()


@pytest.mark.parametrize(
    ("language", "stereo", "mode"),
    [
        ("en", False, "beep"),
        ("zh", False, "beep"),
        ("en", True, "beep"),
        ("zh", True, "silence"),
    ],
)
def test_ogg_vorbis_ranges_replaced_rest_within_codec_error(
    calls, results, tmp_path: Path, language, stereo, mode
) -> None:
    call = calls[(language, stereo)]
    source = tmp_path / "call.ogg"
    sf.write(source, call.audio, call.samplerate, format="OGG", subtype="VORBIS")
    dest = tmp_path / "out.ogg"
    options = RedactOptions(mode, channel_map={"agent": 0, "customer": 1} if stereo else {})
    report = redact_recording(
        source, dest, spans_from_result(results[language]), out_format="OGG", options=options
    )
    assert not report.lossless
    info_in, info_out = sf.info(source), sf.info(dest)
    assert (info_out.frames, info_out.samplerate, info_out.channels, info_out.subtype) == (
        info_in.frames,
        info_in.samplerate,
        info_in.channels,
        "VORBIS",
    )
    inp, _ = sf.read(source, always_2d=True)
    out, _ = sf.read(dest, always_2d=True)
    ranges = _frame_ranges(results[language], call.samplerate, "customer" if stereo else None)
    # The codec smears a few milliseconds across each edge: compare away from them.
    smear = round(0.05 * call.samplerate)
    widened = _mask(call.frames, [(s - smear, e + smear) for s, e in ranges])
    error = out[~widened] - inp[~widened]
    snr_db = 10 * math.log10(np.sum(inp[~widened] ** 2) / np.sum(error**2))
    assert snr_db > 15
    customer = 1 if stereo else 0
    _check_ranges_hold(out, inp, ranges, call.samplerate, customer, mode, smear)


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("mode", ["beep", "silence"])
def test_done_when_scan_then_redact_audio_on_the_command_line(
    calls, tmp_path: Path, language, mode, capsys
) -> None:
    """The issue's acceptance test: `piiguard scan` then `piiguard redact-audio`."""
    call = calls[(language, False)]
    transcript = tmp_path / "call.jsonl"
    transcript.write_text(json.dumps(call.transcript, ensure_ascii=False) + "\n", "utf-8")
    recording = tmp_path / "call.wav"
    sf.write(recording, call.audio, call.samplerate, subtype="PCM_16")
    result = tmp_path / "result.jsonl"
    redacted = tmp_path / "redacted.wav"

    assert cli_main(["scan", str(transcript), "-o", str(result)]) == 0
    argv = ["redact-audio", str(recording), str(result), "-o", str(redacted), "--mode", mode]
    assert cli_main(argv) == 0
    assert "2 range(s)" in capsys.readouterr().err

    assert sf.info(redacted).format == sf.info(recording).format == "WAV"
    assert sf.info(redacted).subtype == "PCM_16"
    inp, rate = sf.read(recording, dtype="int16", always_2d=True)
    out, out_rate = sf.read(redacted, dtype="int16", always_2d=True)
    assert out.shape == inp.shape and out_rate == rate
    scan = json.loads(result.read_text("utf-8"))
    ranges = _frame_ranges(scan, rate)
    types = [r["type"] for t in scan["turns"] for r in t.get("audio_redactions", ())]
    assert sorted(types) == ["CARD_CVV", "CREDIT_CARD"]
    mask = _mask(len(inp), ranges)
    assert np.array_equal(out[~mask], inp[~mask])
    fade = round(FADE_SECONDS * rate)
    for s, e in ranges:
        core = out[s + fade : e - fade, 0] / 32768
        if mode == "silence":
            assert not core.any()
        else:
            n = np.arange(s + fade, e - fade) - s
            tone = np.rint(TONE_LEVEL * 32768 * np.sin(2 * np.pi * TONE_HZ * n / rate)) / 32768
            assert np.array_equal(core, tone)


def test_transcript_option_scans_on_the_fly(calls, tmp_path: Path, results) -> None:
    call = calls[("zh", True)]
    transcript = tmp_path / "card-zh.jsonl"
    transcript.write_text(json.dumps(call.transcript, ensure_ascii=False) + "\n", "utf-8")
    recording = tmp_path / "card-zh.flac"
    sf.write(recording, call.audio, call.samplerate, subtype="PCM_16")
    redacted = tmp_path / "out.flac"
    argv = ["redact-audio", str(recording), "--transcript", str(transcript), "-o", str(redacted)]
    assert cli_main([*argv, "--channel-map", "agent=left,customer=right"]) == 0
    inp, rate = sf.read(recording, dtype="int16")
    out, _ = sf.read(redacted, dtype="int16")
    mask = _mask(len(inp), _frame_ranges(results["zh"], rate, "customer"))
    assert mask.any()
    assert np.array_equal(out[:, 0], inp[:, 0])
    assert np.array_equal(out[~mask, 1], inp[~mask, 1])
    assert not np.array_equal(out[mask, 1], inp[mask, 1])
